package zensols.multi.stash;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Key rules shared by the stashes: quoting keys in messages and the injective key ↔ file-name
 * encoding of {@link DirectoryStash}.
 */
final class StashKeys {

  private StashKeys() {}

  /**
   * Quotes {@code key} for a message: surrounded by double quotes, with {@code "} and {@code \}
   * escaped by a backslash and control characters and unpaired surrogates written as
   * {@code \}{@code uXXXX}.
   */
  static String quote(String key) {
    StringBuilder sb = new StringBuilder(key.length() + 2).append('"');
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (Character.isISOControl(c) || isUnpairedSurrogate(key, i)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  /** The longest file name, in bytes (the encoded names are ASCII), that common file systems accept. */
  static final int MAX_FILE_NAME = 255;

  /** The names Windows reserves for devices, compared case-insensitively before the first dot. */
  private static final Set<String> WINDOWS_RESERVED =
      Set.of(
          "con", "prn", "aux", "nul", "com0", "com1", "com2", "com3", "com4", "com5", "com6",
          "com7", "com8", "com9", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7",
          "lpt8", "lpt9");

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /**
   * Encodes {@code key} as a file name, as documented on {@link DirectoryStash}: ASCII letters,
   * digits and {@code - _ . ~ + , = @} stand for themselves (upper-case letters are escaped when
   * {@code foldCase}); every other character is written as the {@code %XX} escapes (upper-case
   * hex) of its UTF-8 bytes (an unpaired surrogate as the three bytes of its code unit); a leading
   * or trailing {@code '.'} and the first character of a name Windows reserves are escaped too.
   *
   * @throws NullPointerException if {@code key} is {@code null}
   * @throws IllegalArgumentException quoting the key if it is empty or its name would be longer
   *     than {@value #MAX_FILE_NAME} characters
   */
  static String encode(String key, boolean foldCase) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("invalid key \"\": a key must not be empty");
    }
    if (key.length() <= MAX_FILE_NAME && isPlainName(key, foldCase)) {
      return key; // its own name: nothing to escape, nothing to allocate
    }
    StringBuilder sb = new StringBuilder(key.length() + 8);
    boolean escapeFirst = key.charAt(0) == '.' || isWindowsReserved(key);
    int last = key.length() - 1;
    for (int i = 0; i < key.length(); ) {
      int cp = key.codePointAt(i);
      int width = Character.charCount(cp);
      boolean plain =
          cp < 0x80
              && isPlain((char) cp, foldCase)
              && !(i == 0 && escapeFirst)
              && !(i == last && cp == '.');
      if (plain) {
        sb.append((char) cp);
      } else {
        appendUtf8(sb, cp);
      }
      i += width;
    }
    if (sb.length() > MAX_FILE_NAME) {
      throw new IllegalArgumentException(
          "invalid key "
              + quote(key)
              + ": its file name would be "
              + sb.length()
              + " characters long, more than the "
              + MAX_FILE_NAME
              + " a file system accepts (keys are escaped: '%XX' for each UTF-8 byte of a"
              + " character other than an ASCII letter, digit or - _ . ~ + , = @)");
    }
    return sb.toString();
  }

  /**
   * Decodes a file name written by {@link #encode}; returns {@code null} if {@code name} is not
   * exactly what {@code encode} writes for some key (a temporary file, the mark, a stray name, a
   * name of another encoding).
   */
  static @Nullable String decode(String name, boolean foldCase) {
    if (name.isEmpty() || name.length() > MAX_FILE_NAME) {
      return null;
    }
    if (isPlainName(name, foldCase)) {
      return name; // the common case: a name that is its own key, decoded without allocating
    }
    StringBuilder key = new StringBuilder(name.length());
    int i = 0;
    while (i < name.length()) {
      char c = name.charAt(i);
      if (c != '%') {
        if (c >= 0x80 || !isPlain(c, false)) {
          return null;
        }
        key.append(c);
        i++;
        continue;
      }
      int b0 = hexByte(name, i);
      if (b0 < 0) {
        return null;
      }
      int extra;
      int cp;
      if (b0 < 0x80) {
        extra = 0;
        cp = b0;
      } else if (b0 >= 0xC2 && b0 <= 0xDF) {
        extra = 1;
        cp = b0 & 0x1F;
      } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        extra = 2;
        cp = b0 & 0x0F;
      } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        extra = 3;
        cp = b0 & 0x07;
      } else {
        return null;
      }
      i += 3;
      for (int k = 0; k < extra; k++) {
        int b = i < name.length() && name.charAt(i) == '%' ? hexByte(name, i) : -1;
        if ((b & 0xC0) != 0x80) {
          return null;
        }
        cp = (cp << 6) | (b & 0x3F);
        i += 3;
      }
      if (cp > Character.MAX_CODE_POINT) {
        return null;
      }
      key.appendCodePoint(cp);
    }
    String decoded = key.toString();
    // only the canonical name of a key is that key: rejects overlong forms, a surrogate pair
    // written as two escapes, needless escapes and names of the other case mode
    return name.equals(encodeOrNull(decoded, foldCase)) ? decoded : null;
  }

  /** Whether {@code name} is a key written as itself: plain characters, nothing escaped. */
  private static boolean isPlainName(String name, boolean foldCase) {
    for (int i = 0; i < name.length(); i++) {
      if (!isPlain(name.charAt(i), foldCase)) {
        return false;
      }
    }
    return name.charAt(0) != '.'
        && name.charAt(name.length() - 1) != '.'
        && !isWindowsReserved(name);
  }

  private static @Nullable String encodeOrNull(String key, boolean foldCase) {
    try {
      return encode(key, foldCase);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean isPlain(char c, boolean foldCase) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z' && !foldCase)
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_'
        || c == '.'
        || c == '~'
        || c == '+'
        || c == ','
        || c == '='
        || c == '@';
  }

  private static boolean isWindowsReserved(String key) {
    int dot = key.indexOf('.');
    if ((dot < 0 ? key.length() : dot) > 4) {
      return false; // every reserved name has at most 4 characters
    }
    String base = dot < 0 ? key : key.substring(0, dot);
    return WINDOWS_RESERVED.contains(base.toLowerCase(Locale.ROOT));
  }

  /** Appends the escapes of the UTF-8 bytes of {@code cp} (a lone surrogate as 3 bytes). */
  private static void appendUtf8(StringBuilder sb, int cp) {
    if (cp < 0x80) {
      appendByte(sb, cp);
    } else if (cp < 0x800) {
      appendByte(sb, 0xC0 | (cp >> 6));
      appendByte(sb, 0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      appendByte(sb, 0xE0 | (cp >> 12));
      appendByte(sb, 0x80 | ((cp >> 6) & 0x3F));
      appendByte(sb, 0x80 | (cp & 0x3F));
    } else {
      appendByte(sb, 0xF0 | (cp >> 18));
      appendByte(sb, 0x80 | ((cp >> 12) & 0x3F));
      appendByte(sb, 0x80 | ((cp >> 6) & 0x3F));
      appendByte(sb, 0x80 | (cp & 0x3F));
    }
  }

  private static void appendByte(StringBuilder sb, int b) {
    sb.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
  }

  /** The byte of the escape {@code %XX} at {@code i} (upper-case hex only), or -1. */
  private static int hexByte(String s, int i) {
    if (i + 2 >= s.length()) {
      return -1;
    }
    int hi = hexDigit(s.charAt(i + 1));
    int lo = hexDigit(s.charAt(i + 2));
    return hi < 0 || lo < 0 ? -1 : (hi << 4) | lo;
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static boolean isUnpairedSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }
}
