package zensols.multi;

import java.util.Locale;
import java.util.regex.Pattern;

/** Parsing of {@link ChunkSize} configuration text. */
final class ChunkSizeParser {
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

  private ChunkSizeParser() {}

  static ChunkSize parse(String text) {
    String s = text.strip();
    if (s.toLowerCase(Locale.ROOT).equals(ChunkSize.Auto.TEXT)) {
      return ChunkSize.Auto.INSTANCE;
    }
    if (INTEGER.matcher(s).matches()) {
      int n;
      try {
        n = Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "invalid chunk size \"" + text + "\": out of range", e);
      }
      try {
        return ChunkSize.of(n);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "invalid chunk size \"" + text + "\": " + e.getMessage(), e);
      }
    }
    throw new IllegalArgumentException(
        "invalid chunk size \"" + text
            + "\": expected a positive integer (\"1000\"), 0 (divide evenly) or \"auto\"");
  }
}
