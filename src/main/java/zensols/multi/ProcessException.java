package zensols.multi;

/**
 * A run of chunks that did not complete. Items that chunks stored before the run ended stay
 * stored.
 */
public abstract sealed class ProcessException extends RuntimeException
    permits ChunkFailedException,
        ProcessInterruptedException,
        DeadlineExceededException,
        PrimeFailedException {
  private static final long serialVersionUID = 1L;

  /** The name of the stash (or run) whose chunks were processed. */
  private final String name;

  ProcessException(String name, String message, @org.jspecify.annotations.Nullable Throwable cause) {
    super(message, cause);
    this.name = name;
  }

  /**
   * The name of the stash (or run) whose chunks were processed.
   *
   * @return the name given to {@link Processor#run}
   */
  public String name() {
    return name;
  }
}
