package zensols.multi;

import java.util.List;
import java.util.Objects;

/**
 * One chunk of work created by the priming thread and processed by a worker: the original's
 * {@code ChunkProcessor}. {@link #process()} calls the stash's {@link
 * MultiProcessStash#process(List)} on the data and dumps every {@code (key, value)} it returns into
 * the stash's delegate as one batch, through {@link zensols.multi.stash.Stash#dumpAll(Iterable)}:
 * a transactional delegate commits the chunk at once; the default stores the values one at a
 * time, as they are produced.
 *
 * <p>Created through {@link MultiProcessStash#createChunkProcessor(int, List)}, which a subclass
 * may override to return a subclass of this.
 *
 * @param <D> the type of the data items
 * @param <V> the type of the stash's values
 */
public class ChunkProcessor<D, V> {
  private final MultiProcessStash<D, V> stash;
  private final int chunkId;
  private final List<D> data;

  /**
   * Creates the chunk.
   *
   * @param stash the stash that created it
   * @param chunkId the chunk id, 0, 1, 2… in data order
   * @param data the chunk's items
   */
  public ChunkProcessor(MultiProcessStash<D, V> stash, int chunkId, List<D> data) {
    this.stash = Objects.requireNonNull(stash, "stash");
    this.chunkId = chunkId;
    this.data = List.copyOf(data);
  }

  /**
   * The name of the stash that created this chunk, as the original's {@code name}.
   *
   * @return the stash name
   */
  public String name() {
    return stash.name();
  }

  /**
   * The chunk id.
   *
   * @return the chunk id, 0, 1, 2… in data order
   */
  public int chunkId() {
    return chunkId;
  }

  /**
   * The chunk's data items.
   *
   * @return the items, unmodifiable
   */
  public List<D> data() {
    return data;
  }

  /**
   * Processes the data and dumps every value into the stash's delegate.
   *
   * @return the number of values dumped
   * @throws Exception whatever {@link MultiProcessStash#process(List)} or the delegate throws
   */
  public int process() throws Exception {
    return stash.delegate().dumpAll(stash.process(data));
  }

  @Override
  public String toString() {
    return "ChunkProcessor[" + name() + " #" + chunkId + ", " + data.size() + " items]";
  }
}
