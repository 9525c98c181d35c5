package zensols.multi;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One chunk of work created by the priming thread and processed by a worker: the original's
 * {@code ChunkProcessor}. {@link #process()} calls the stash's {@link
 * MultiProcessStash#process(List)} on the data and dumps every {@code (key, value)} it returns into
 * the stash's delegate as one batch, through {@link zensols.multi.stash.Stash#dumpAll(Iterable)}:
 * a transactional delegate commits the chunk at once; the default stores the values one at a
 * time, as they are produced. The prime's progress advances by one item each time the delegate
 * has taken one entry and asks for the next (at most the chunk's size), so progress is per item,
 * not per chunk.
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
  private ProgressLog.@Nullable ChunkProgress progress; // set by the stash before process()

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
    Iterable<Map.Entry<String, V>> entries = stash.process(data);
    ProgressLog.ChunkProgress counter = progress;
    return stash.delegate().dumpAll(counter == null ? entries : counted(entries, counter));
  }

  /** Counts the chunk's progress through {@code counter} while its entries are consumed. */
  void progress(ProgressLog.ChunkProgress counter) {
    this.progress = counter;
  }

  /**
   * {@code entries}, counting an entry as done when the consumer asks for the one after it (or
   * learns there is none): it has been stored by then.
   */
  private static <E> Iterable<E> counted(Iterable<E> entries, ProgressLog.ChunkProgress counter) {
    Objects.requireNonNull(entries, "entries");
    return new Counted<>(entries, counter); // a class: no lambda to link on a first prime
  }

  /** The {@link Iterable} of {@link #counted}. */
  private record Counted<E>(Iterable<E> entries, ProgressLog.ChunkProgress counter)
      implements Iterable<E> {
    @Override
    public Iterator<E> iterator() {
      Iterator<E> iterator = entries.iterator();
      return new Iterator<E>() {
        private boolean pending;

        @Override
        public boolean hasNext() {
          countPending();
          return iterator.hasNext();
        }

        @Override
        public E next() {
          countPending();
          E next = iterator.next();
          pending = true;
          return next;
        }

        private void countPending() {
          if (pending) {
            pending = false;
            counter.itemDone();
          }
        }
      };
    }
  }

  @Override
  public String toString() {
    return "ChunkProcessor[" + name() + " #" + chunkId + ", " + data.size() + " items]";
  }
}
