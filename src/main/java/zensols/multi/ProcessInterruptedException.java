package zensols.multi;

/**
 * The thread that ran the chunks was interrupted: the run was cancelled, every worker ended, and
 * the thread's interrupt status is still set when this is thrown.
 */
public final class ProcessInterruptedException extends ProcessException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param name the stash (or run) name
   */
  public ProcessInterruptedException(String name) {
    super(name, "stash '" + name + "': interrupted; the work was cancelled", null);
  }
}
