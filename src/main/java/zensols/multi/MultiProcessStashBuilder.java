package zensols.multi;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import zensols.multi.stash.Stash;

/**
 * Builds a {@link MultiProcessStash} from lambdas: the data as a supplier of a {@link Stream}, and
 * the work per item ({@link #processItem(ItemWork)}) or per chunk ({@link
 * #processChunk(ChunkWork)}). Get one from {@link MultiProcess#stash(String, Stash, Supplier)}.
 *
 * {@snippet file="Examples.java" region="squares"}
 *
 * <ul>
 *   <li>The stash built is a {@link MultiProcessDefaultStash} whose {@code createData()} calls the
 *       supplier and whose {@code process(chunk)} calls the work: it behaves exactly as a subclass
 *       written by hand, priming included.
 *   <li>Defaults, as the original's {@code MultiProcessDefaultStash}: chunk size 0, one worker,
 *       {@link PoolProcessor} ({@link MultiProcessConfig#DEFAULT}); set {@link #workers(int)}
 *       to use more than one thread.
 *   <li>{@link #build()} throws {@link IllegalArgumentException} if neither or both of {@code
 *       processItem} and {@code processChunk} were given, or if an option is invalid.
 * </ul>
 *
 * @param <D> the type of the data items
 * @param <V> the type of the values
 */
public final class MultiProcessStashBuilder<D, V>
    extends MultiProcessBuilder<MultiProcessStashBuilder<D, V>, MultiProcessStash<D, V>> {

  private final Stash<V> delegate;
  private final Supplier<? extends Stream<? extends D>> data;
  private @Nullable ItemWork<? super D, ? extends V> itemWork;
  private @Nullable ChunkWork<D, ? extends V> chunkWork;

  MultiProcessStashBuilder(
      String name, Stash<V> delegate, Supplier<? extends Stream<? extends D>> data) {
    super(name, delegate, MultiProcessConfig.DEFAULT);
    this.delegate = delegate;
    this.data = Objects.requireNonNull(data, "data");
  }

  /**
   * The work for one item: its key and value. The items of a chunk are processed one after
   * another in a worker; the chunk's values are dumped into the delegate together.
   *
   * @param work creates the key and value of one item
   * @return this builder
   */
  public MultiProcessStashBuilder<D, V> processItem(ItemWork<? super D, ? extends V> work) {
    this.itemWork = Objects.requireNonNull(work, "work");
    return this;
  }

  /**
   * The work for one chunk, as the original's {@code process(chunk)}: the keys and values of its
   * items.
   *
   * @param work creates the keys and values of one chunk
   * @return this builder
   */
  public MultiProcessStashBuilder<D, V> processChunk(ChunkWork<D, ? extends V> work) {
    this.chunkWork = Objects.requireNonNull(work, "work");
    return this;
  }

  /**
   * Builds the stash.
   *
   * @return a new {@link MultiProcessDefaultStash}
   * @throws IllegalArgumentException if the name is blank, if neither or both of {@link
   *     #processItem(ItemWork)} and {@link #processChunk(ChunkWork)} were given, or naming the
   *     option if an option is invalid
   */
  @Override
  public MultiProcessStash<D, V> build() {
    String name = name();
    ItemWork<? super D, ? extends V> itemWork = this.itemWork;
    ChunkWork<D, ? extends V> chunkWork = this.chunkWork;
    if (itemWork == null && chunkWork == null) {
      throw new IllegalArgumentException(
          "stash '" + name + "': no work given: call processItem(...) or processChunk(...)");
    }
    if (itemWork != null && chunkWork != null) {
      throw new IllegalArgumentException(
          "stash '" + name + "': both processItem(...) and processChunk(...) given: choose one");
    }
    return withListeners(
        new LambdaStash<>(name, delegate, config(), data, itemWork, chunkWork));
  }

  /**
   * The work for one data item.
   *
   * @param <D> the type of the data items
   * @param <V> the type of the values
   */
  @FunctionalInterface
  public interface ItemWork<D, V> {
    /**
     * Creates the key and value of one item, for example {@code Map.entry(key, value)}.
     *
     * @param item the item
     * @return its key and value; never null
     * @throws Exception to fail the prime; other chunks are cancelled
     */
    Map.Entry<String, ? extends V> process(D item) throws Exception;
  }

  /**
   * The work for one chunk of data items.
   *
   * @param <D> the type of the data items
   * @param <V> the type of the values
   */
  @FunctionalInterface
  public interface ChunkWork<D, V> {
    /**
     * Creates the keys and values of one chunk.
     *
     * @param chunk the chunk's items, in data order
     * @return the keys and values; never null
     * @throws Exception to fail the prime; other chunks are cancelled
     */
    Iterable<? extends Map.Entry<String, ? extends V>> process(List<D> chunk) throws Exception;
  }

  /** The stash a builder builds: the lambdas as {@code createData()} and {@code process(chunk)}. */
  static final class LambdaStash<D, V> extends MultiProcessDefaultStash<D, V> {
    private final Supplier<? extends Stream<? extends D>> data;
    private final @Nullable ItemWork<? super D, ? extends V> itemWork;
    private final @Nullable ChunkWork<D, ? extends V> chunkWork;

    LambdaStash(
        String name,
        Stash<V> delegate,
        MultiProcessConfig config,
        Supplier<? extends Stream<? extends D>> data,
        @Nullable ItemWork<? super D, ? extends V> itemWork,
        @Nullable ChunkWork<D, ? extends V> chunkWork) {
      super(name, delegate, config);
      this.data = data;
      this.itemWork = itemWork;
      this.chunkWork = chunkWork;
    }

    /** The supplier's stream. */
    @Override
    @SuppressWarnings("unchecked") // a stream is read only: a Stream<? extends D> is a Stream<D>
    protected Stream<D> createData() {
      Stream<? extends D> stream = data.get();
      if (stream == null) {
        throw new NullPointerException("stash '" + name() + "': the data supplier returned null");
      }
      return (Stream<D>) stream;
    }

    /** The chunk work's entries, or the item work's entry of each item. */
    @Override
    @SuppressWarnings("unchecked") // entries are only read: an Entry<String, ? extends V> is one of V
    protected Iterable<Map.Entry<String, V>> process(List<D> chunk) throws Exception {
      ChunkWork<D, ? extends V> chunkWork = this.chunkWork;
      if (chunkWork != null) {
        Iterable<? extends Map.Entry<String, ? extends V>> entries = chunkWork.process(chunk);
        if (entries == null) {
          throw new NullPointerException(
              "stash '" + name() + "': processChunk returned null for a chunk of " + chunk.size()
                  + " items");
        }
        return (Iterable<Map.Entry<String, V>>) entries;
      }
      ItemWork<? super D, ? extends V> itemWork = Objects.requireNonNull(this.itemWork);
      // lazy: each item is processed as the delegate asks for its entry, so progress is per item
      return () ->
          new Iterator<Map.Entry<String, V>>() {
            private final Iterator<D> items = chunk.iterator();

            @Override
            public boolean hasNext() {
              return items.hasNext();
            }

            @Override
            public Map.Entry<String, V> next() {
              D item = items.next();
              Map.Entry<String, ? extends V> entry;
              try {
                entry = itemWork.process(item);
              } catch (Exception e) {
                throw LambdaStash.<RuntimeException>sneaky(e); // as process(chunk) would throw it
              }
              if (entry == null) {
                throw new NullPointerException(
                    "stash '" + name() + "': processItem returned null for item " + item);
              }
              return (Map.Entry<String, V>) entry;
            }
          };
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable e) throws T {
      throw (T) e;
    }
  }
}
