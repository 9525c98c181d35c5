package zensols.multi;

import java.util.Objects;

/**
 * A value was asked for whose creation failed: a {@link MultiProcessRobustStash} holds a {@link
 * Failure} for the key instead of a value.
 */
public final class ItemFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The recorded failure. */
  private final Failure failure;

  /**
   * Creates the exception.
   *
   * @param stash the stash name
   * @param failure the recorded failure
   */
  public ItemFailedException(String stash, Failure failure) {
    super("stash '" + stash + "': creating key \"" + Objects.requireNonNull(failure, "failure").key()
        + "\" failed: " + failure.exceptionType()
        + (failure.message().isEmpty() ? "" : ": " + failure.message()));
    this.failure = failure;
  }

  /**
   * The recorded failure, with the original stack trace as text.
   *
   * @return the failure
   */
  public Failure failure() {
    return failure;
  }
}
