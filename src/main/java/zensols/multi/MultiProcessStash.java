package zensols.multi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.Spliterator;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zensols.multi.internal.ChunkPlacement;
import zensols.multi.stash.CompletionMarker;
import zensols.multi.stash.MemoryStash;
import zensols.multi.stash.PreemptiveStash;
import zensols.multi.stash.PrimeableStash;
import zensols.multi.stash.SharedStash;
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
 * <p>For example, the square of every number below 10,000, stored under the number (the same
 * stash without a subclass is built by {@link MultiProcess#stash}):
 *
 * {@snippet file="Examples.java" region="subclass"}
 *
 * {@snippet file="Examples.java" region="subclass-use"}
 *
 * @param <D> the type of the data items that {@link #createData()} creates
 * @param <V> the type of the values
 */
public abstract class MultiProcessStash<D, V> extends PreemptiveStash<V>
    implements PrimeableStash<V> {
  private static final Logger LOG = LoggerFactory.getLogger(MultiProcessStash.class);
  /** The default of {@link #progressInterval()}. */
  public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(5);

  private final String name;
  private final MultiProcessConfig config;
  private final ReentrantLock primeLock = new ReentrantLock();
  private final List<ProgressListener> listeners = new CopyOnWriteArrayList<>();
  private volatile Duration progressInterval = DEFAULT_PROGRESS_INTERVAL;
  private volatile boolean primed;
  /** Guards {@link #attempt}; held only to read or replace it. */
  private final ReentrantLock attemptLock = new ReentrantLock();
  /** The prime running now, which threads that read the stash wait for; guarded by attemptLock. */
  private @Nullable Attempt attempt;
  /**
   * Marks the threads doing this stash's work: the priming thread while it primes, the workers
   * (which inherit the mark) and threads they start. A mark is active only while that work runs.
   */
  private final InheritableThreadLocal<@Nullable WorkMark> inWork = new InheritableThreadLocal<>();
  private volatile @Nullable ProcessReport lastReport;
  private volatile @Nullable PrimeRecorder recorder; // the JFR event of the running work
  /** Whether the chunks of the work that ran last went to other JVMs (a cluster's members). */
  private volatile boolean ranElsewhere;

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
   * Creates the data that {@link #prime()} splits into chunks. Called when the processor takes the
   * first chunk: in the priming thread, or in a worker when the processor has a deadline (so that
   * the deadline bounds reading the data too); closed when the prime ends. With a positive chunk
   * size the stream is read lazily, one chunk at a time, by whichever worker takes the next chunk:
   * never by two threads at once, so it need not be thread-safe, but it must not be confined to
   * the thread that created it (as some database cursors are). A {@code null} item fails the
   * prime with {@link ChunkFailedException} caused by a {@link NullPointerException} that names
   * the stash and the item's position.
   *
   * <p>Must not read this stash ({@code load}, {@code get}, {@code exists}, {@code keys}, …):
   * that would wait for the prime it is part of, so it throws {@link IllegalStateException}; use
   * {@link #delegate()} to see what is stored.
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
   * <p>Must not read this stash ({@code load}, {@code get}, {@code exists}, {@code keys}, …),
   * directly or through another thread it waits for: that would wait for the prime it is part
   * of, so it throws {@link IllegalStateException} at once; use {@link #delegate()} to see what is
   * stored. The same holds for progress listeners and, in the factory stashes, the factory.
   *
   * @param chunk the chunk's data items
   * @return the keys and values
   * @throws Exception to fail the prime; other chunks are cancelled
   */
  protected abstract Iterable<Map.Entry<String, V>> process(List<D> chunk) throws Exception;

  /**
   * Creates the object that processes one chunk: the original's {@code _create_chunk_processor}.
   * An extension point: override it to return a subclass of {@link ChunkProcessor} that
   * processes or stores a chunk differently; called in the worker that runs the chunk (on a
   * cluster, on the member that received it).
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
   * Adds a listener that hears the progress of primes from the next event on.
   *
   * @param listener the listener
   */
  public void addProgressListener(ProgressListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Removes a listener (the first one {@code equals} to it), which hears nothing from the next
   * event on, even in a prime that is running.
   *
   * @param listener the listener
   * @return whether it was a listener of this stash
   */
  public boolean removeProgressListener(ProgressListener listener) {
    return listeners.remove(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * The least time between two INFO progress lines of a prime ({@code "stash 'x': 1200/5000 items
   * (24%), 350.2 items/s, ETA 11 s"}); {@link #DEFAULT_PROGRESS_INTERVAL} unless set. Listeners
   * hear every item whatever the interval.
   *
   * @return the interval
   */
  public Duration progressInterval() {
    return progressInterval;
  }

  /**
   * Sets the least time between two INFO progress lines, from the next prime on; {@link
   * Duration#ZERO} logs a line as each item completes.
   *
   * @param interval the interval
   * @throws IllegalArgumentException naming the value if it is negative
   */
  public void setProgressInterval(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative()) {
      throw new IllegalArgumentException(
          "stash '" + name + "': progress interval " + interval + " is negative");
    }
    progressInterval = interval;
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
   *   <li>A prime that fails is one attempt: every thread that waited for it gets its failure (an
   *       exception of the same kind with the same cause); only a later call tries again. A prime
   *       cancelled by the interrupt of the thread that ran it is not a failure of the work: one
   *       of the threads that waited for it then primes.
   *   <li>The delegate holds a complete set when it is a {@link CompletionMarker} that is marked
   *       complete; such a mark is written after the last value of a successful prime. A delegate
   *       that holds values without the mark was left by a prime that failed or was killed: the
   *       work runs again (subclasses that know the missing keys compute only those). A delegate
   *       that is not a {@code CompletionMarker} is complete when it holds any value, as in the
   *       original.
   *   <li>For a delegate that several processes share ({@link SharedStash}), the check and the
   *       work run holding the delegate's prime lease named after this stash: while another
   *       process primes it, this call waits, then checks the delegate as usual (so a robust
   *       stash computes only what is still missing).
   *   <li>Returns only after every chunk has finished and every thread it started has ended.
   *   <li>If a chunk fails, the other chunks are cancelled and {@link ChunkFailedException} is
   *       thrown, naming this stash and the chunk; values dumped before stay in the delegate, and
   *       the next access primes again.
   *   <li>If the calling thread is interrupted, the work is cancelled and {@link
   *       ProcessInterruptedException} is thrown with the interrupt status still set.
   *   <li>The processor's deadline bounds the whole prime, reading the data included; a prime
   *       whose chunks all finished has not missed it.
   *   <li>Nothing else escapes: whatever else fails (checking the delegate, priming the factory,
   *       closing the data, checking or writing the completion mark) is thrown as {@link
   *       PrimeFailedException} naming this stash, with the original as its cause.
   * </ul>
   *
   * @throws ChunkFailedException if a chunk, or reading the data, failed
   * @throws ProcessInterruptedException if the calling thread was interrupted
   * @throws DeadlineExceededException if the processor's deadline passed
   * @throws PrimeFailedException if the prime failed outside the chunks
   * @throws IllegalStateException if called from inside this stash's own work ({@link
   *     #createData()}, {@link #process(List)}, a progress listener, a factory's {@code load}),
   *     which would wait for itself
   */
  @Override
  public void prime() {
    checkNotInOwnWork();
    while (!primed) {
      if (primeLock.isHeldByCurrentThread()) {
        // within clear(), invalidate() or reprocessFailures(): prime here, holding the lock
        primeHoldingTheLock();
        return;
      }
      Attempt mine = null;
      Attempt awaited;
      attemptLock.lock();
      try {
        awaited = attempt;
        if (awaited == null) {
          mine = new Attempt();
          attempt = mine;
          awaited = mine;
        }
      } finally {
        attemptLock.unlock();
      }
      if (mine != null) {
        runAttempt(mine);
        return;
      }
      awaitAttempt(awaited);
    }
  }

  /** One run of {@link #prime()}'s work, and its outcome, which the threads that waited share. */
  private static final class Attempt {
    private final CountDownLatch done = new CountDownLatch(1);
    private @Nullable ProcessException failure; // written before done opens
  }

  /** Marks a thread as doing this stash's work while {@link #active}. */
  private static final class WorkMark {
    private volatile boolean active = true;
  }

  private void runAttempt(Attempt mine) {
    try {
      withPrimeLock(this::primeHoldingTheLock);
    } catch (ProcessInterruptedException e) {
      throw e; // the caller cancelled its own call: the waiters try again
    } catch (ProcessException e) {
      mine.failure = e;
      throw e;
    } finally {
      attemptLock.lock();
      try {
        attempt = null;
      } finally {
        attemptLock.unlock();
      }
      mine.done.countDown();
    }
  }

  /** Waits for another thread's attempt; throws its failure, if it failed. */
  private void awaitAttempt(Attempt awaited) {
    try {
      awaited.done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProcessInterruptedException(name);
    }
    ProcessException failure = awaited.failure;
    if (failure != null) {
      throw forWaiter(failure);
    }
  }

  /**
   * The failure of an attempt, as a thread that waited for it gets it: an exception of the same
   * kind, with the same cause and suppressed exceptions, thrown in the waiting thread.
   */
  private static ProcessException forWaiter(ProcessException failure) {
    ProcessException copy;
    Throwable cause = failure.getCause();
    if (failure instanceof ChunkFailedException chunk && cause != null) {
      copy = new ChunkFailedException(chunk.name(), chunk.chunkId(), cause);
    } else if (failure instanceof DeadlineExceededException deadline) {
      copy = new DeadlineExceededException(deadline.name(), deadline.deadline());
    } else if (failure instanceof PrimeFailedException && cause != null) {
      copy = new PrimeFailedException(failure.name(), "the prime this call waited for failed", cause);
    } else {
      return failure;
    }
    for (Throwable suppressed : failure.getSuppressed()) {
      copy.addSuppressed(suppressed);
    }
    return copy;
  }

  /** The body of a prime; the caller holds the prime lock. */
  private void primeHoldingTheLock() {
    if (primed) {
      return;
    }
    asWork(
        () -> {
          try {
            beforePrime();
            try (SharedStash.Lease lease = awaitPrimeLease()) {
              if (!isDataComplete()) {
                runWork();
              }
            }
          } catch (Throwable e) { // NOPMD: nothing escapes prime() unnamed
            throw named(e, "priming failed");
          }
          return null;
        });
    primed = true;
  }

  /**
   * {@code e} as this stash's prime throws it: a {@link ProcessException} of this stash as is,
   * anything else (a nested stash's {@code ProcessException} included) as the cause of a {@link
   * PrimeFailedException}.
   */
  private ProcessException named(Throwable e, String what) {
    if (e instanceof ProcessException process && process.name().equals(name)) {
      return process;
    }
    return new PrimeFailedException(name, what, e);
  }

  /**
   * Fails at once if the calling thread is doing this stash's work, which would wait for itself.
   * Part of the prime protocol, not an extension point.
   *
   * @throws IllegalStateException naming this stash and pointing at {@link #delegate()}
   */
  final void checkNotInOwnWork() {
    WorkMark mark = inWork.get();
    if (mark != null && mark.active) {
      throw new IllegalStateException(
          "stash '" + name + "' was read from inside its own work (createData, process, a"
              + " factory's load or a progress listener), which would wait for itself; read what"
              + " is stored through delegate() instead");
    }
  }

  /**
   * Runs {@code body} marked as this stash's work in the calling thread and the threads it
   * starts, so that a read of this stash from there fails at once ({@link #checkNotInOwnWork()}).
   * Part of the prime protocol, not an extension point.
   *
   * @param body the work
   * @param <T> the type of its result
   * @return what {@code body} returns
   */
  final <T> T asWork(Supplier<T> body) {
    WorkMark outer = inWork.get();
    if (outer != null && outer.active) {
      return body.get();
    }
    WorkMark mark = new WorkMark();
    inWork.set(mark);
    try {
      return body.get();
    } finally {
      mark.active = false;
      if (outer == null) {
        inWork.remove();
      } else {
        inWork.set(outer);
      }
    }
  }

  /**
   * For a delegate that several processes share ({@link SharedStash}), waits for its prime lease
   * named after this stash, so that another process priming it finishes first; otherwise a lease
   * that holds nothing. A lease that cannot be taken fails the prime, named after this stash.
   */
  private SharedStash.Lease awaitPrimeLease() {
    if (!(delegate() instanceof SharedStash shared)) {
      return () -> {};
    }
    try {
      return shared.awaitPrimeLease(name);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProcessInterruptedException(name);
    } catch (RuntimeException e) {
      throw new PrimeFailedException(name, "taking the delegate's prime lease failed", e);
    }
  }

  /**
   * Called by {@link #prime()} under the prime lock, once per prime of this instance, before it
   * checks the delegate: an extension point for what must be ready first (the factory stash
   * primes its factory here). Does nothing by default.
   */
  protected void beforePrime() {}

  /**
   * Whether the delegate already holds every value, so that {@link #prime()} need not run the
   * work. Called by {@link #prime()} under the prime lock. The default follows {@link #prime()}'s
   * rules; an extension point for a subclass that knows better (the robust stash computes the
   * missing keys here).
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
   * Part of the prime protocol, not an extension point.
   *
   * @return what the run did
   * @throws ProcessException named after this stash if the work failed: what the processor
   *     throws, or {@link PrimeFailedException} caused by what failed outside the chunks
   */
  final ProcessReport runWork() {
    if (!primeLock.isHeldByCurrentThread()) {
      throw new IllegalStateException("stash '" + name + "': runWork() outside the prime lock");
    }
    return asWork(this::runWorkMarked);
  }

  private ProcessReport runWorkMarked() {
    try {
      checkWritable();
    } catch (RuntimeException e) {
      throw new PrimeFailedException(
          name, "the delegate cannot be written, so no work was started", e);
    }
    int workers = config.workers().resolve();
    ProgressLog progress = new ProgressLog(name, listeners, saturatedNanos(progressInterval));
    AtomicBoolean sent = new AtomicBoolean(); // whether the run placed chunks in other JVMs
    ranElsewhere = false;
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
                    ProgressLog.ChunkProgress counter = progress.started(chunk);
                    ChunkPlacement placement = ChunkRun.currentPlacement();
                    if (placement.remote() && !sent.getAndSet(true)) {
                      warnUnsharedStores();
                    }
                    placement.run(
                        name,
                        chunk,
                        () -> {
                          ChunkProcessor<D, V> processor =
                              createChunkProcessor(chunk.id(), chunk.data());
                          processor.progress(counter);
                          return processor.process();
                        });
                    progress.finished(counter);
                  });
    } catch (RuntimeException | Error e) {
      recording.failed(e);
      throw named(e, "running the chunks failed");
    } finally {
      recorder = null;
      ranElsewhere = sent.get();
    }
    try {
      checkWorkComplete();
    } catch (RuntimeException | Error e) {
      recording.failed(e);
      throw named(e, "every chunk finished, but the work is not complete");
    }
    report = report.withCounts(recording.itemsPresent(), recording.itemsFailed());
    recording.succeeded(report);
    reset(); // whether the delegate has data is computed again when asked
    if (delegate() instanceof CompletionMarker marker) {
      try {
        marker.markComplete();
      } catch (RuntimeException | Error e) {
        throw named(e, "writing the completion mark failed");
      }
    }
    lastReport = report;
    if (LOG.isInfoEnabled()) {
      LOG.info("{}", primedLine(name, report));
    }
    return report;
  }

  /**
   * The INFO line of a completed prime, for example {@code "stash 'x': primed 1 item in 1 chunk in
   * 3 ms (333 items/s) on single (caller backend): 1 computed, 0 already present, 0 failed"}.
   */
  static String primedLine(String name, ProcessReport report) {
    return "stash '" + name + "': primed " + ProgressLog.count(report.items(), "item") + " in "
        + ProgressLog.count(report.chunks(), "chunk") + " in " + report.elapsed().toMillis()
        + " ms (" + Math.round(report.itemsPerSecond()) + " items/s) on " + report.processor()
        + " (" + report.backend() + " backend): " + report.itemsComputed() + " computed, "
        + (report.itemsPresent() < 0 ? "?" : String.valueOf(report.itemsPresent()))
        + " already present, " + report.itemsFailed() + " failed";
  }

  private static long saturatedNanos(Duration interval) {
    try {
      return interval.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Checks that the values could be stored: {@link Stash#checkWritable()} of the delegate (and, in
   * the robust stash, of the failure stash). A prime that has to run the work calls it first, so
   * that a read-only delegate fails the prime with {@link PrimeFailedException} before any work.
   *
   * @throws java.io.UncheckedIOException saying why values cannot be stored
   */
  @Override
  public void checkWritable() {
    delegate().checkWritable();
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
              "stash '{}': priming {}, chunk size {}, {} on {}",
              name,
              total.isPresent()
                  ? ProgressLog.count(total.getAsLong(), "item")
                  : "an unknown number of items",
              config.chunkSize(),
              ProgressLog.count(workers, "worker"),
              config.processor());
          long[] position = {0};
          Stream<D> checked =
              StreamSupport.stream(items, false)
                  .map(
                      item -> {
                        if (item == null) {
                          throw new NullPointerException(
                              "stash '" + name + "': createData() returned null at position "
                                  + position[0] + " (counting from 0)");
                        }
                        position[0]++;
                        return item;
                      });
          return Chunking.chunks(checked, config.chunkSize(), workers).spliterator();
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

  /**
   * Whether the chunks of the work that ran last went to other JVMs (the members of a cluster),
   * each on that JVM's own instance of this stash: then a chunk that succeeded has stored its
   * values in the delegate only if every member reaches the delegate, so {@link
   * #checkWorkComplete()} should check the delegate's contents. Set when the run ends, before
   * {@code checkWorkComplete()}.
   *
   * @return true if the last run's chunks ran elsewhere
   */
  final boolean chunksRanElsewhere() {
    return ranElsewhere;
  }

  /**
   * The stashes into which this stash's chunks store what they create: the delegate, and for the
   * robust stash its failure stash. On a cluster every member must reach them.
   *
   * @return the stashes
   */
  List<Stash<?>> storesOfChunks() {
    return List.of(delegate());
  }

  /** Warns, once per run that sends chunks to other JVMs, of each store that no member shares. */
  private void warnUnsharedStores() {
    for (Stash<?> store : storesOfChunks()) {
      if (store instanceof MemoryStash) {
        LOG.warn(
            "stash '{}': its chunks run in other JVMs, but {} is a MemoryStash, whose contents"
                + " stay in the JVM that stored them; give a stash every member reaches",
            name,
            store);
      }
    }
  }

  /**
   * Whether the outcome of {@code item} is already stored (its value in the delegate, or a
   * recorded failure), so that a resubmitted chunk need not compute it again. False by default:
   * a stash whose items are not its keys cannot tell, and computes the whole chunk again.
   *
   * @param item an item of a chunk
   * @return true if the item need not be computed again
   */
  boolean isStored(D item) {
    return false;
  }

  /**
   * Runs, in the calling thread, a chunk of this stash that a member of a cluster received: {@code
   * createChunkProcessor(chunkId, data).process()}, as a local worker would, so that the values
   * are dumped into this instance's delegate. A resubmitted chunk ({@code attempt > 0}), whose
   * first outcome is unknown, computes only the items that are not {@linkplain #isStored stored}
   * yet: what the lost member finished is decided from the stash's contents, and kept.
   */
  final int processReceived(int chunkId, List<?> items, int attempt) throws Exception {
    @SuppressWarnings("unchecked") // the priming side made the chunk from this stash's data
    List<D> data = (List<D>) items;
    if (attempt > 0) {
      List<D> missing = new ArrayList<>(data.size());
      for (D item : data) {
        if (!isStored(item)) {
          missing.add(item);
        }
      }
      LOG.info(
          "stash '{}': resubmitted chunk {} (attempt {}): {} of {} items still to compute",
          name, chunkId, attempt, missing.size(), data.size());
      data = missing;
      if (data.isEmpty()) {
        return 0;
      }
    }
    return createChunkProcessor(chunkId, data).process();
  }

  /** Counts, in the running work's JFR event, one item whose creation failed and was recorded. */
  final void itemFailed() {
    PrimeRecorder recording = recorder;
    if (recording != null) {
      recording.itemFailed();
    }
  }

  /**
   * Called after every chunk of the work succeeded and before the completion mark is written;
   * throws if the delegate's contents show that the work is not complete after all: an extension
   * point for a subclass that can tell (the factory stash checks its keys when the chunks ran on
   * a cluster). Does nothing by default: a chunk that succeeded has dumped its values.
   *
   * @throws IllegalStateException if values are missing
   */
  protected void checkWorkComplete() {}

  /**
   * Runs {@code action} holding the lock that serialises primes, {@link #clear()} and other
   * changes of the prime state. Part of the prime protocol, not an extension point.
   *
   * @param action what to run
   * @throws ProcessInterruptedException if interrupted while waiting for the lock; the interrupt
   *     status is set again
   * @throws IllegalStateException if called from inside this stash's own work, which would wait
   *     for itself
   */
  final void withPrimeLock(Runnable action) {
    checkNotInOwnWork();
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
   * called under the prime lock. Part of the prime protocol, not an extension point.
   */
  final void forgetPrime() {
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
