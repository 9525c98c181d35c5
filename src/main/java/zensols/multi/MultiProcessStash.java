package zensols.multi;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.Spliterator;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zensols.multi.stash.CompletionMarker;
import zensols.multi.stash.PreemptiveStash;
import zensols.multi.stash.PrimeableStash;
import zensols.multi.stash.Stash;

/**
 * A stash whose values are created by splitting expensive work into chunks and running the
 * chunks concurrently; the values are kept in the {@linkplain #delegate() delegate}. Subclasses
 * implement {@link #createData()} and {@link #process(List)}.
 *
 * <p>Reading ({@code load}, {@code get}, {@code exists}, {@code keys}, {@code values}, {@code
 * items}, {@code size}) first calls {@link #prime()}. Writing ({@code dump}, {@code delete}) goes to
 * the delegate. Instances are thread-safe.
 *
 * @param <D> the type of the data items that {@link #createData()} creates
 * @param <V> the type of the values
 */
public abstract class MultiProcessStash<D, V> extends PreemptiveStash<V>
    implements PrimeableStash<V> {
  private static final Logger LOG = LoggerFactory.getLogger(MultiProcessStash.class);
  private static final long PROGRESS_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

  private final String name;
  private final MultiProcessConfig config;
  private final ReentrantLock primeLock = new ReentrantLock();
  private final List<ProgressListener> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean primed;
  private volatile @Nullable ProcessReport lastReport;
  private volatile @Nullable PrimeRecorder recorder; // the JFR event of the running work

  /**
   * Creates the stash.
   *
   * @param name the stash's name, used in thread names, logs and exceptions (the original's {@code
   *     name})
   * @param delegate keeps the values (the original's {@code delegate})
   * @param config chunk size, workers and processor
   * @throws IllegalArgumentException if {@code name} is blank
   */
  protected MultiProcessStash(String name, Stash<V> delegate, MultiProcessConfig config) {
    super(delegate);
    this.name = Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("stash name \"" + name + "\" is blank");
    }
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Creates the data that {@link #prime()} splits into chunks. Called in the priming thread when
   * the processor takes the first chunk; closed when the prime ends. With a positive chunk size
   * the stream is read lazily, one chunk at a time, by whichever worker takes the next chunk:
   * never by two threads at once, so it need not be thread-safe, but it must not be confined to
   * the thread that created it (as some database cursors are).
   *
   * @return the data items
   */
  protected abstract Stream<D> createData();

  /**
   * Processes one chunk of data in a worker thread and returns the values it creates, each under
   * its key; they are dumped into the delegate one at a time as the iteration produces them.
   *
   * <p>Keys must be valid for the delegate. A key returned twice in one prime is dumped twice: the
   * last value wins.
   *
   * @param chunk the chunk's data items
   * @return the keys and values
   * @throws Exception to fail the prime; other chunks are cancelled
   */
  protected abstract Iterable<Map.Entry<String, V>> process(List<D> chunk) throws Exception;

  /**
   * Creates the object that processes one chunk: the original's {@code _create_chunk_processor}.
   *
   * @param chunkId the chunk id
   * @param data the chunk's items
   * @return a {@link ChunkProcessor} for this stash
   */
  protected ChunkProcessor<D, V> createChunkProcessor(int chunkId, List<D> data) {
    return new ChunkProcessor<>(this, chunkId, data);
  }

  /**
   * The stash's name (the original's {@code name}).
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Chunk size, workers and processor.
   *
   * @return the configuration
   */
  public MultiProcessConfig config() {
    return config;
  }

  /**
   * Items per chunk, 0 to divide evenly, or {@code auto} (the original's {@code chunk_size}).
   *
   * @return the chunk size
   */
  public ChunkSize chunkSize() {
    return config.chunkSize();
  }

  /**
   * How many chunks run at once (the original's {@code workers}).
   *
   * @return the worker count
   */
  public WorkerCount workers() {
    return config.workers();
  }

  /**
   * Where the chunks run (the original's {@code processor_class}).
   *
   * @return the processor
   */
  public Processor processor() {
    return config.processor();
  }

  /**
   * Adds a listener that hears every later prime's progress.
   *
   * @param listener the listener
   */
  public void addProgressListener(ProgressListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * What the last prime of this instance that ran the work did.
   *
   * @return the report, or empty if this instance has not run the work
   */
  public Optional<ProcessReport> lastReport() {
    return Optional.ofNullable(lastReport);
  }

  /**
   * Creates the data and stores the values, unless the delegate already holds a complete set.
   *
   * <ul>
   *   <li>Runs at most once per instance until {@link #clear()}; threads that access the stash
   *       while a prime runs wait for it, so concurrent first accesses run the work once.
   *   <li>The delegate holds a complete set when it is a {@link CompletionMarker} that is marked
   *       complete; such a mark is written after the last value of a successful prime. A delegate
   *       that holds values without the mark was left by a prime that failed or was killed: the
   *       work runs again (subclasses that know the missing keys compute only those). A delegate
   *       that is not a {@code CompletionMarker} is complete when it holds any value, as in the
   *       original.
   *   <li>Returns only after every chunk has finished and every thread it started has ended.
   *   <li>If a chunk fails, the other chunks are cancelled and {@link ChunkFailedException} is
   *       thrown, naming this stash and the chunk; values dumped before stay in the delegate, and
   *       the next access primes again.
   *   <li>If the calling thread is interrupted, the work is cancelled and {@link
   *       ProcessInterruptedException} is thrown with the interrupt status still set.
   * </ul>
   *
   * @throws ChunkFailedException if a chunk, or reading the data, failed
   * @throws ProcessInterruptedException if the calling thread was interrupted
   * @throws DeadlineExceededException if the processor's deadline passed
   */
  @Override
  public void prime() {
    if (primed) {
      return;
    }
    withPrimeLock(
        () -> {
          if (!primed) {
            beforePrime();
            if (!isDataComplete()) {
              runWork();
            }
            primed = true;
          }
        });
  }

  /**
   * Called by {@link #prime()} under the prime lock, once per prime of this instance, before it
   * checks the delegate. Does nothing by default.
   */
  protected void beforePrime() {}

  /**
   * Whether the delegate already holds every value, so that {@link #prime()} need not run the
   * work. Called by {@link #prime()} under the prime lock. The default follows {@link #prime()}'s
   * rules; subclasses may override.
   *
   * @return true if the work need not run
   */
  protected boolean isDataComplete() {
    if (delegate() instanceof CompletionMarker marker) {
      if (marker.isComplete()) {
        return true;
      }
      if (hasData()) {
        LOG.warn(
            "stash '{}': the delegate holds values but no completion mark: an earlier prime did not"
                + " finish; running the work again",
            name);
      }
      return false;
    }
    return hasData();
  }

  /**
   * Runs the work now: creates the data, processes it in chunks, dumps the values and marks the
   * delegate complete. Must be called under the prime lock ({@link #withPrimeLock(Runnable)}).
   *
   * @return what the run did
   */
  protected final ProcessReport runWork() {
    if (!primeLock.isHeldByCurrentThread()) {
      throw new IllegalStateException("stash '" + name + "': runWork() outside the prime lock");
    }
    int workers = config.workers().resolve();
    ProgressLog progress = new ProgressLog(name, listeners, PROGRESS_INTERVAL_NANOS);
    ChunkTask<D> work =
        config.processor() instanceof ClusterProcessor cluster
            ? chunk -> cluster.process(name, chunk) // a member runs it on its own instance
            : chunk -> createChunkProcessor(chunk.id(), chunk.data()).process();
    PrimeRecorder recording = PrimeRecorder.begin(this, workers);
    recorder = recording;
    ProcessReport report;
    try {
    report =
        config
            .processor()
            .run(
                name,
                openedByTheProcessor(workers, progress),
                config.workers(),
                chunk -> {
                  progress.started(chunk);
                  work.run(chunk);
                  progress.finished(chunk);
                });
    } catch (RuntimeException | Error e) {
      recording.failed(e);
      throw e;
    } finally {
      recorder = null;
    }
    recording.succeeded(report);
    checkWorkComplete();
    reset(); // whether the delegate has data is computed again when asked
    if (delegate() instanceof CompletionMarker marker) {
      marker.markComplete();
    }
    lastReport = report;
    LOG.info(
        "stash '{}': primed {} items in {} chunks in {} ms ({} items/s) on {} ({} backend)",
        name,
        report.items(),
        report.chunks(),
        report.elapsed().toMillis(),
        Math.round(report.itemsPerSecond()),
        report.processor(),
        report.backend());
    return report;
  }

  /**
   * The chunks of {@link #createData()}, which is called only when the processor takes the first
   * chunk: a failure to create or read the data then fails the run as a chunk failure does, named
   * after this stash, whatever the chunk size. Closing the stream closes the data.
   */
  private Stream<Chunk<D>> openedByTheProcessor(int workers, ProgressLog progress) {
    AtomicReference<@Nullable Stream<D>> opened = new AtomicReference<>();
    Supplier<Spliterator<Chunk<D>>> open =
        () -> {
          Stream<D> data = createData();
          opened.set(data);
          Spliterator<D> items = data.spliterator();
          OptionalLong total = progress.total(items.getExactSizeIfKnown());
          LOG.info(
              "stash '{}': priming {} items, chunk size {}, {} workers on {}",
              name,
              total.isPresent() ? total.getAsLong() : "an unknown number of",
              config.chunkSize(),
              workers,
              config.processor());
          return Chunking.chunks(StreamSupport.stream(items, false), config.chunkSize(), workers)
              .spliterator();
        };
    return StreamSupport.stream(open, Spliterator.ORDERED | Spliterator.NONNULL, false)
        .onClose(
            () -> {
              Stream<D> data = opened.get();
              if (data != null) {
                data.close();
              }
            });
  }

  /** Counts, in the running work's JFR event, one item whose creation failed and was recorded. */
  final void itemFailed() {
    PrimeRecorder recording = recorder;
    if (recording != null) {
      recording.itemFailed();
    }
  }

  /**
   * Called by {@link #runWork()} after every chunk succeeded and before the completion mark is
   * written; throws if the delegate's contents show that the work is not complete after all. Does
   * nothing by default: a chunk that succeeded has dumped its values.
   *
   * @throws IllegalStateException if values are missing
   */
  protected void checkWorkComplete() {}

  /**
   * Runs {@code action} holding the lock that serialises primes, {@link #clear()} and other
   * changes of the prime state.
   *
   * @param action what to run
   * @throws ProcessInterruptedException if interrupted while waiting for the lock; the interrupt
   *     status is set again
   */
  protected final void withPrimeLock(Runnable action) {
    try {
      primeLock.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProcessInterruptedException(name);
    }
    try {
      action.run();
    } finally {
      primeLock.unlock();
    }
  }

  /**
   * Forgets that this instance primed, so that the next access checks the delegate again. Must be
   * called under the prime lock.
   */
  protected final void forgetPrime() {
    primed = false;
    reset();
  }

  @Override
  public Optional<V> load(String key) {
    prime();
    return super.load(key);
  }

  @Override
  public Optional<V> get(String key) {
    prime();
    return super.get(key);
  }

  @Override
  public boolean exists(String key) {
    prime();
    return super.exists(key);
  }

  @Override
  public Set<String> keys() {
    prime();
    return super.keys();
  }

  /**
   * Removes every value from the delegate, with its completion mark, so that the next access
   * primes again. Waits for a prime that is running to end first.
   */
  @Override
  public void clear() {
    withPrimeLock(
        () -> {
          super.clear();
          forgetPrime();
        });
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + ", " + config + "]";
  }
}
