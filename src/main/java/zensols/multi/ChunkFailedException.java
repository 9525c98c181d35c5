package zensols.multi;

/**
 * A chunk threw: the first failure of a run. Its cause is what the chunk threw; the failures of
 * other chunks of the same run, if any, are attached as {@linkplain #getSuppressed() suppressed}.
 */
public final class ChunkFailedException extends ProcessException {
  private static final long serialVersionUID = 1L;

  /** The id of the chunk that failed first. */
  private final int chunkId;

  /**
   * Creates the exception.
   *
   * @param name the stash (or run) name
   * @param chunkId the id of the chunk that failed
   * @param cause what the chunk threw
   */
  public ChunkFailedException(String name, int chunkId, Throwable cause) {
    super(name, "stash '" + name + "': chunk " + chunkId + " failed: " + cause, cause);
    this.chunkId = chunkId;
  }

  /**
   * The id of the chunk that failed first.
   *
   * @return the chunk id
   */
  public int chunkId() {
    return chunkId;
  }
}
