package zensols.multi.stash;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Key rules shared by the stashes: quoting keys in messages and validating keys that become file
 * names in a {@link DirectoryStash}.
 */
final class StashKeys {

  /** The longest file name, in UTF-8 bytes, that common file systems accept. */
  static final int MAX_FILE_KEY_BYTES = 255;

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

  /**
   * Returns {@code key} if it is a valid file key, as documented on {@link DirectoryStash}.
   *
   * @throws NullPointerException if {@code key} is {@code null}
   * @throws IllegalArgumentException quoting the key and saying why it is not valid
   */
  static String requireFileKey(String key) {
    Objects.requireNonNull(key, "key");
    String reason = fileKeyProblem(key);
    if (reason != null) {
      throw new IllegalArgumentException("invalid key " + quote(key) + ": " + reason);
    }
    return key;
  }

  /** Tells whether {@code name} is a valid file key, as documented on {@link DirectoryStash}. */
  static boolean isFileKey(String name) {
    return fileKeyProblem(name) == null;
  }

  /** Returns why {@code key} is not a valid file key, or {@code null} if it is valid. */
  private static @Nullable String fileKeyProblem(String key) {
    if (key.isEmpty()) {
      return "a key must not be empty";
    }
    if (key.equals(".") || key.equals("..")) {
      return "\".\" and \"..\" name directories, not files";
    }
    if (key.charAt(0) == '.') {
      return "keys starting with \".\" are reserved for temporary files and the completion marker";
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '/' || c == '\\') {
        return "a key must not contain a path separator ('/' or '\\')";
      }
      if (c == '\0') {
        return "a key must not contain NUL";
      }
      if (Character.isISOControl(c)) {
        return "a key must not contain control characters";
      }
      if (isUnpairedSurrogate(key, i)) {
        return "a key must be valid Unicode (it has an unpaired surrogate)";
      }
    }
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_FILE_KEY_BYTES) {
      return "a key must be at most " + MAX_FILE_KEY_BYTES + " bytes in UTF-8, not " + bytes;
    }
    return null;
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
