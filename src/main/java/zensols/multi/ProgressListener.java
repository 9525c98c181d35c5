package zensols.multi;

import java.util.OptionalLong;

/**
 * Hears how a {@link MultiProcessStash#prime()} advances. Methods are called from worker threads,
 * concurrently for different chunks, so implementations must be thread-safe and quick; an
 * exception thrown by a listener fails the chunk. Every method does nothing by default.
 */
public interface ProgressListener {

  /**
   * A chunk is about to be processed.
   *
   * @param stash the stash name
   * @param chunkId the chunk id
   * @param items the number of data items in the chunk
   */
  default void chunkStarted(String stash, int chunkId, int items) {}

  /**
   * A chunk was processed and its values dumped.
   *
   * @param stash the stash name
   * @param chunkId the chunk id
   * @param items the number of data items in the chunk
   */
  default void chunkFinished(String stash, int chunkId, int items) {}

  /**
   * The number of data items processed so far changed; called after {@link #chunkFinished}.
   *
   * @param stash the stash name
   * @param done the data items in finished chunks
   * @param total the number of data items, when known before the work started
   */
  default void itemsDone(String stash, long done, OptionalLong total) {}
}
