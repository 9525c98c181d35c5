package zensols.multi;

/**
 * A prime (or a run of chunks) failed outside any chunk: checking whether the delegate already
 * holds the data, priming the factory, closing the data, checking or writing the completion mark.
 * Its cause is what failed, whatever it was (errors included); items stored before stay stored.
 */
public final class PrimeFailedException extends ProcessException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param name the stash (or run) name
   * @param what what failed, in a few words, for the message (for example {@code "closing the
   *     data failed"})
   * @param cause what was thrown
   */
  public PrimeFailedException(String name, String what, Throwable cause) {
    super(name, "stash '" + name + "': " + what + ": " + cause, cause);
  }
}
