package zensols.multi;

import java.util.regex.Pattern;

/** Parsing and validation shared by the {@link WorkerCount} records. */
final class WorkerCountParser {
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private WorkerCountParser() {}

  static WorkerCount parse(String text) {
    String s = text.strip();
    try {
      if (INTEGER.matcher(s).matches()) {
        return WorkerCount.of(Integer.parseInt(s));
      }
      if (s.endsWith("%") && DECIMAL.matcher(s.substring(0, s.length() - 1)).matches()) {
        double percent = Double.parseDouble(s.substring(0, s.length() - 1));
        return new WorkerCount.Share(percent / 100);
      }
      if (DECIMAL.matcher(s).matches()) {
        return new WorkerCount.Share(Double.parseDouble(s));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid worker count \"" + text + "\": " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(
        "invalid worker count \"" + text
            + "\": expected an integer (\"4\", \"0\", \"-1\"), a fraction in (0, 1] (\"0.5\")"
            + " or a percentage in (0%, 100%] (\"50%\")");
  }

  static void checkProcessors(int availableProcessors) {
    if (availableProcessors < 1) {
      throw new IllegalArgumentException(
          "available processors " + availableProcessors + " is not positive");
    }
  }
}
