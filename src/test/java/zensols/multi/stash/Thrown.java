package zensols.multi.stash;

import java.util.Objects;

/** Reads what an exception carries, failing clearly where the tests expect something. */
final class Thrown {

  private Thrown() {}

  /** Returns the message of {@code t}, failing if it has none. */
  static String message(Throwable t) {
    return Objects.requireNonNull(t.getMessage(), () -> "no message in " + t);
  }

  /** Returns the cause of {@code t}, failing if it has none. */
  static Throwable cause(Throwable t) {
    return Objects.requireNonNull(t.getCause(), () -> "no cause in " + t);
  }
}
