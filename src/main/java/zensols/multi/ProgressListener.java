package zensols.multi;

import java.util.OptionalLong;

/**
 * Hears how a {@link MultiProcessStash#prime()} advances, item by item. Methods are called from
 * worker threads, concurrently for different chunks, so implementations must be thread-safe and
 * quick. A {@link RuntimeException} thrown by a listener is logged (at WARN with its stack trace
 * the first time in a prime, at DEBUG after that) and the work goes on: it never fails a chunk. A
 * listener must not read the stash it listens to (that would wait for the prime it is part of):
 * such a read throws {@link IllegalStateException} at once, which is logged the same way. Every
 * method does nothing by default. Add one with {@link
 * MultiProcessStash#addProgressListener(ProgressListener)} or a builder's {@code
 * progressListener}, remove it with {@link
 * MultiProcessStash#removeProgressListener(ProgressListener)}.
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
   * The number of data items processed so far changed: called as each item of a chunk completes
   * (its entry was stored by the delegate), and, after {@link #chunkFinished}, for the chunk's
   * items that could not be counted one by one (a chunk whose work returned fewer entries than
   * items, or that ran on a cluster member). {@code done} counts each data item once and never
   * exceeds the items of the chunks started.
   *
   * @param stash the stash name
   * @param done the data items done so far in this prime
   * @param total the number of data items, when known before the work started
   */
  default void itemsDone(String stash, long done, OptionalLong total) {}
}
