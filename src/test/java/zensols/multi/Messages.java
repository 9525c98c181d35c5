package zensols.multi;

import java.util.Objects;

/** Test helper: an exception's message, which must be present. */
final class Messages {
  private Messages() {}

  static String of(Throwable e) {
    return Objects.requireNonNull(e.getMessage(), () -> e + " has no message");
  }
}
