package zensols.multi;

import java.time.Duration;

/** The processor's deadline passed before every chunk finished: the run was cancelled. */
public final class DeadlineExceededException extends ProcessException {
  private static final long serialVersionUID = 1L;

  /** The deadline that passed. */
  private final Duration deadline;

  /**
   * Creates the exception.
   *
   * @param name the stash (or run) name
   * @param deadline the deadline that passed
   */
  public DeadlineExceededException(String name, Duration deadline) {
    super(name, "stash '" + name + "': deadline of " + deadline + " passed; the work was cancelled",
        null);
    this.deadline = deadline;
  }

  /**
   * The deadline that passed.
   *
   * @return the processor's deadline
   */
  public Duration deadline() {
    return deadline;
  }
}
