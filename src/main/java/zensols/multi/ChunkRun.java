package zensols.multi;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import zensols.multi.internal.ChunkPlacement;
import zensols.multi.internal.TaskScope;
import zensols.multi.internal.TaskScopeFactory;
import zensols.multi.internal.TaskScopes;

/**
 * One run of chunks: the lazy chunk source shared by the workers, the failures they record, and
 * the counters behind the {@link ProcessReport}. The processors differ only in where {@link
 * #runChunk} is called: worker threads ({@link #inThreads}) or the caller ({@link #inCaller}).
 */
final class ChunkRun<D> {
  private static final Logger LOG = LoggerFactory.getLogger(ChunkRun.class);
  private static final String CALLER_BACKEND = "caller";

  private final String name;
  private final ChunkTask<D> task;
  private final Stream<Chunk<D>> chunks;
  private final int workerCount;
  private final ChunkObserver observer;
  private final ChunkPlacement placement;
  private @Nullable Iterator<Chunk<D>> source;
  private final ReentrantLock sourceLock = new ReentrantLock();
  /** Makes recording a failure and stopping the run one step; never held while waiting. */
  private final ReentrantLock failLock = new ReentrantLock();
  private final Queue<Failure> failures = new ConcurrentLinkedQueue<>();
  private final AtomicInteger chunksDone = new AtomicInteger();
  private final AtomicLong itemsDone = new AtomicLong();
  private final long start = System.nanoTime();
  /** When the deadline passes ({@link System#nanoTime()}), or 0 for none; set before any work. */
  private long end;
  /** Whether the deadline cancels running chunks (threads), or is only checked between chunks. */
  private boolean deadlineCancels;
  private volatile int nextChunkId;
  /** Chunks taken from the source; guarded by {@link #sourceLock}. */
  private int taken;
  /** Whether the source said it has no more chunks; guarded by {@link #sourceLock}. */
  private boolean exhausted;
  private volatile boolean stopped;
  /** Guards the hand-off below; taken after, never while holding, {@link #sourceLock}. */
  private final ReentrantLock forkLock = new ReentrantLock();
  private final Condition forkChanged = forkLock.newCondition();
  /** The first chunks of further workers, read by the first worker for the caller to fork. */
  private final Deque<Chunk<D>> handoff = new ArrayDeque<>();
  /** Whether the first worker is still reading the first chunks of the others. */
  private boolean handing;

  /** The run the current thread works for, so that its work can ask whether it was cancelled. */
  private static final ThreadLocal<@Nullable ChunkRun<?>> CURRENT = new ThreadLocal<>();

  /** A chunk's failure; {@code afterStop} when the run was already cancelled when it happened. */
  private record Failure(int chunkId, Throwable cause, boolean afterStop) {}

  /** Unwinds a worker after its failure was recorded, so that its scope cancels the others. */
  private static final class ChunkAbort extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ChunkAbort() {
      super(null, null, false, false);
    }
  }

  private ChunkRun(
      String name,
      Stream<Chunk<D>> chunks,
      ChunkTask<D> task,
      int workerCount,
      ChunkPlacement placement) {
    this.name = Objects.requireNonNull(name, "name");
    this.task = Objects.requireNonNull(task, "task");
    this.chunks = chunks;
    this.workerCount = workerCount;
    this.placement = Objects.requireNonNull(placement, "placement");
    this.observer = new ChunkObserver(placement);
  }

  /** Runs the chunks in threads of a structured scope, in this JVM: see the other overload. */
  static <D> ProcessReport inThreads(
      Processor processor,
      String name,
      Stream<Chunk<D>> chunks,
      WorkerCount workers,
      ChunkTask<D> task,
      ThreadFactory threads) {
    return inThreads(processor, ChunkPlacement.LOCAL, name, chunks, workers, task, threads);
  }

  /**
   * Runs the chunks in threads of a structured scope.
   *
   * <ul>
   *   <li>Each worker starts with a chunk of its own, up to {@code workers}: never more threads
   *       than chunks. Without a deadline the caller reads these first chunks (no data: no
   *       thread); with one, the first worker opens the data and reads them for the caller to fork,
   *       so that the deadline bounds reading the data too (no data: one thread, which finds none).
   *   <li>A thread that cannot be started fails the run as its chunk would have.
   * </ul>
   */
  static <D> ProcessReport inThreads(
      Processor processor,
      ChunkPlacement placement,
      String name,
      Stream<Chunk<D>> chunks,
      WorkerCount workers,
      ChunkTask<D> task,
      ThreadFactory threads) {
    Objects.requireNonNull(chunks, "chunks");
    int workerCount = Objects.requireNonNull(workers, "workers").resolve();
    ChunkRun<D> run = new ChunkRun<>(name, chunks, task, workerCount, placement);
    TaskScopeFactory scopes = TaskScopes.factory();
    RecordingThreadFactory factory = new RecordingThreadFactory(threads);
    @Nullable Map<String, String> callerContext = MDC.getCopyOfContextMap();
    @Nullable Duration deadline = processor.deadline().orElse(null);
    boolean interrupted = false;
    boolean timedOut = false;
    @Nullable Throwable closing;
    try {
      // before the scope opens: never later than the scope's own deadline
      run.end = deadline == null ? 0 : deadlineFrom(System.nanoTime(), deadline);
      run.deadlineCancels = true;
      try (TaskScope scope = scopes.open(name, factory, deadline)) {
        try {
          run.forkWorkers(scope, factory, callerContext);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // join throws at once, as if interrupted there
        }
        try {
          scope.join();
        } catch (InterruptedException e) {
          interrupted = true;
          run.stop(); // before close() waits for the workers: no worker takes another chunk
        } catch (TimeoutException e) {
          timedOut = true;
          run.stop();
        }
      } finally {
        factory.awaitTermination();
      }
    } finally {
      closing = run.closeChunks();
    }
    int started = factory.started();
    LOG.debug("{}: {}, {} on backend {}", name, ProgressLog.count(started, "thread"),
        ProgressLog.count(run.chunksDone.get(), "chunk"),
        scopes.backend());
    return run.finish(
        processor, scopes.backend(), workerCount, started, interrupted, timedOut, closing);
  }

  static <D> ProcessReport inCaller(
      Processor processor,
      String name,
      Stream<Chunk<D>> chunks,
      WorkerCount workers,
      ChunkTask<D> task) {
    Objects.requireNonNull(chunks, "chunks");
    int workerCount = Objects.requireNonNull(workers, "workers").resolve();
    ChunkRun<D> run = new ChunkRun<>(name, chunks, task, workerCount, ChunkPlacement.LOCAL);
    @Nullable Duration deadline = processor.deadline().orElse(null);
    run.end = deadline == null ? 0 : deadlineFrom(run.start, deadline);
    boolean interrupted = false;
    boolean timedOut = false;
    @Nullable Throwable closing;
    ChunkMdc saved = ChunkMdc.save();
    @Nullable ChunkRun<?> outer = CURRENT.get();
    CURRENT.set(run);
    try {
      while (true) {
        if (Thread.currentThread().isInterrupted()) {
          interrupted = true;
          break;
        }
        // the next chunk first: a run whose chunks all finished has not missed its deadline
        Chunk<D> chunk = run.next();
        if (chunk == null) {
          break;
        }
        if (run.deadlinePassed()) {
          timedOut = true;
          break;
        }
        run.runChunk(chunk);
      }
    } catch (ChunkAbort e) {
      // a chunk that ended by reacting to an interrupt of this thread cancels the run
      interrupted = run.interruptedCaller();
    } finally {
      CURRENT.set(outer);
      saved.restore();
      closing = run.closeChunks();
    }
    return run.finish(processor, CALLER_BACKEND, workerCount, 0, interrupted, timedOut, closing);
  }

  /**
   * Whether the run that the calling thread works for (as a worker, or as the caller of {@link
   * SingleProcessor}) has been cancelled: a chunk failed, its deadline passed (on threads, where
   * the deadline cancels running chunks), or its caller was interrupted. False outside a run.
   */
  static boolean currentRunCancelled() {
    ChunkRun<?> run = CURRENT.get();
    return run != null && (run.stopped || (run.deadlineCancels && run.deadlinePassed()));
  }

  /**
   * Where the run that the calling thread works for places a stash's chunks: {@link
   * ChunkPlacement#LOCAL} outside a run and in every run but a cluster processor's.
   */
  static ChunkPlacement currentPlacement() {
    ChunkRun<?> run = CURRENT.get();
    return run == null ? ChunkPlacement.LOCAL : run.placement;
  }

  private static long deadlineFrom(long now, Duration deadline) {
    long end = now + deadline.toNanos();
    return end == 0 ? 1 : end; // 0 means "no deadline"
  }

  private boolean deadlinePassed() {
    return end != 0 && System.nanoTime() - end >= 0;
  }

  /**
   * Forks the workers, each with its first chunk (see {@link #inThreads}); returns when every
   * worker is forked, there are no more chunks, the run stopped or the deadline passed.
   */
  private void forkWorkers(
      TaskScope scope, RecordingThreadFactory factory, @Nullable Map<String, String> context)
      throws InterruptedException {
    if (end == 0) {
      try {
        for (int i = 0; i < workerCount; i++) {
          Chunk<D> first = next();
          if (first == null || !fork(scope, factory, first, context)) {
            return;
          }
        }
      } catch (ChunkAbort e) {
        // reading the data failed in this thread; recorded, the run is stopped: cancel the
        // chunks already forked, as a failing chunk would
        factory.interruptAll();
      }
      return;
    }
    forkLock.lock();
    try {
      handing = true;
    } finally {
      forkLock.unlock();
    }
    if (!fork(scope, factory, null, context)) {
      return;
    }
    while (true) {
      Chunk<D> first;
      forkLock.lock();
      try {
        while (!stopped && handoff.isEmpty() && handing) {
          long remaining = end - System.nanoTime();
          if (remaining <= 0) {
            return; // join throws TimeoutException
          }
          forkChanged.awaitNanos(remaining);
        }
        first = stopped ? null : handoff.poll();
      } finally {
        forkLock.unlock();
      }
      if (first == null || !fork(scope, factory, first, context)) {
        return;
      }
    }
  }

  /** A worker's body: {@link #work} from its first chunk. */
  private final class Worker implements Runnable {
    private final @Nullable Chunk<D> first;
    private final @Nullable Map<String, String> context;

    Worker(@Nullable Chunk<D> first, @Nullable Map<String, String> context) {
      this.first = first;
      this.context = context;
    }

    @Override
    public void run() {
      work(first, context);
    }
  }

  /**
   * Forks a worker; if its thread cannot be created or started, fails the run as the chunk it was
   * to run (the one given, or else the next one) and cancels the chunks already running.
   *
   * @return whether the worker was forked
   */
  private boolean fork(
      TaskScope scope,
      RecordingThreadFactory factory,
      @Nullable Chunk<D> first,
      @Nullable Map<String, String> context) {
    try {
      scope.fork(new Worker(first, context)); // a class: no lambda to link on a first prime
      return true;
    } catch (Throwable e) { // NOPMD: e.g. OutOfMemoryError "unable to create native thread"
      int chunkId = first != null ? first.id() : nextChunkId;
      LOG.debug("{}: could not start the thread for chunk {}", name, chunkId, e);
      if (first == null) {
        handedOff();
      }
      fail(chunkId, e);
      factory.interruptAll();
      return false;
    }
  }

  /**
   * A worker: runs its first chunk, then takes chunks until none is left or the run stopped. The
   * worker forked without a chunk (with a deadline) first reads the first chunks of the others.
   */
  private void work(@Nullable Chunk<D> first, @Nullable Map<String, String> callerContext) {
    if (callerContext != null) {
      MDC.setContextMap(callerContext);
    }
    CURRENT.set(this);
    try {
      Chunk<D> chunk = first != null ? first : handOffFirstChunks();
      while (chunk != null) {
        runChunk(chunk);
        chunk = next();
      }
    } finally {
      CURRENT.remove();
      MDC.clear();
    }
  }

  /** Takes this worker's first chunk, then one for each further worker, for the caller to fork. */
  private @Nullable Chunk<D> handOffFirstChunks() {
    try {
      Chunk<D> own = next();
      for (int i = 1; own != null && i < workerCount; i++) {
        Chunk<D> other = next();
        if (other == null) {
          break;
        }
        forkLock.lock();
        try {
          handoff.add(other);
          forkChanged.signalAll();
        } finally {
          forkLock.unlock();
        }
      }
      return own;
    } finally {
      handedOff();
    }
  }

  private void handedOff() {
    forkLock.lock();
    try {
      handing = false;
      forkChanged.signalAll();
    } finally {
      forkLock.unlock();
    }
  }

  /**
   * The next chunk, or null when there is none or the run stopped (also while it was being read:
   * a chunk taken after the stop does not start); read under a lock.
   */
  private @Nullable Chunk<D> next() {
    Chunk<D> chunk = null;
    sourceLock.lock();
    observer.bind(); // an adaptive chunker (ChunkSize.auto) finds this run's observer
    try {
      if (!stopped) {
        Iterator<Chunk<D>> chunkIterator = source;
        if (chunkIterator == null) {
          // opened by the first worker (or the caller), so that a failure to open the data (a
          // stream whose source is a supplier) is a failure of the run like any other
          chunkIterator = chunks.iterator();
          source = chunkIterator;
        }
        if (chunkIterator.hasNext()) {
          chunk = chunkIterator.next();
          taken++;
          nextChunkId = chunk.id() + 1;
        } else {
          exhausted = true;
        }
      }
      return stopped ? null : chunk;
    } catch (RuntimeException | Error e) {
      fail(nextChunkId, e);
      throw new ChunkAbort();
    } finally {
      observer.unbind();
      sourceLock.unlock();
    }
  }

  private void runChunk(Chunk<D> chunk) {
    if (stopped) {
      return; // a chunk starts only if the run is not stopped
    }
    ChunkMdc.put(name, chunk.id());
    ChunkObserver.Timing timing = observer.started(name, chunk); // JFR event, auto feedback
    try {
      task.run(chunk);
    } catch (Throwable e) { // NOPMD: every failure of a chunk, errors too, ends the run
      timing.failed(e, stopped && isInterruption(e));
      fail(chunk.id(), e);
      throw new ChunkAbort();
    }
    timing.succeeded();
    chunksDone.incrementAndGet();
    itemsDone.addAndGet(chunk.size());
  }

  /**
   * Records a failure and stops the run, atomically: the first failure recorded is the first. Does
   * not wait for a worker that is reading the data, so that a failure stops the run at once.
   */
  private void fail(int chunkId, Throwable cause) {
    failLock.lock();
    try {
      failures.add(new Failure(chunkId, cause, stopped));
      stopped = true;
    } finally {
      failLock.unlock();
    }
    forkLock.lock();
    try {
      forkChanged.signalAll(); // the caller stops forking
    } finally {
      forkLock.unlock();
    }
  }

  /**
   * Stops the run: no worker takes another chunk. Does not take the lock, which a worker may hold
   * for as long as reading the data takes, so that a cancellation is prompt.
   */
  private void stop() {
    stopped = true;
  }

  /** Closes the chunks (and so the data); returns what closing threw, if anything. */
  private @Nullable Throwable closeChunks() {
    try {
      chunks.close();
      return null;
    } catch (Throwable e) { // NOPMD: reported by finish, named after the run
      return e;
    }
  }

  /**
   * Whether the failure of a chunk run in the caller's thread was the caller's interrupt: the
   * interrupt status is set, or the chunk threw {@link InterruptedException} (which clears it).
   */
  private boolean interruptedCaller() {
    return Thread.currentThread().isInterrupted()
        || failures.stream().allMatch(f -> f.cause() instanceof InterruptedException);
  }

  /** Every chunk was taken and finished, none failed: the run did its work. */
  private boolean allChunksFinished() {
    sourceLock.lock();
    try {
      return exhausted && failures.isEmpty() && chunksDone.get() == taken;
    } finally {
      sourceLock.unlock();
    }
  }

  private ProcessReport finish(
      Processor processor,
      String backend,
      int workers,
      int threads,
      boolean interrupted,
      boolean timedOut,
      @Nullable Throwable closing) {
    if (timedOut && allChunksFinished()) {
      // the deadline passed after the last chunk finished, before the join noticed
      timedOut = false;
    }
    List<Failure> reported = new ArrayList<>();
    boolean cancelled = interrupted || timedOut;
    for (Failure failure : failures) {
      if ((failure.afterStop() || cancelled) && isInterruption(failure.cause())) {
        LOG.debug("{}: chunk {} cancelled", name, failure.chunkId());
      } else {
        reported.add(failure);
      }
    }
    ProcessException error = null;
    if (interrupted) {
      Thread.currentThread().interrupt();
      error = new ProcessInterruptedException(name);
    } else if (timedOut) {
      error = new DeadlineExceededException(name, processor.deadline().orElseThrow());
    } else if (!reported.isEmpty()) {
      Failure first = reported.remove(0);
      error = new ChunkFailedException(name, first.chunkId(), first.cause());
    }
    if (error != null) {
      for (Failure other : reported) {
        error.addSuppressed(other.cause());
      }
      if (closing != null) {
        error.addSuppressed(closing);
      }
      throw error;
    }
    if (closing != null) {
      throw new PrimeFailedException(name, "closing the data failed", closing);
    }
    return new ProcessReport(name, processor.kind(), backend, workers, threads, chunksDone.get(),
        itemsDone.get(), Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Whether {@code e}, or one of its causes, is how a thread reacts to being interrupted. A
   * {@link SocketTimeoutException} is an {@link InterruptedIOException} but not an interruption.
   */
  static boolean isInterruption(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InterruptedException
          || (t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException))
          || t instanceof ClosedByInterruptException) {
        return true;
      }
    }
    return false;
  }

  /** Records every thread it creates, so that the run can wait until each has terminated. */
  private static final class RecordingThreadFactory implements ThreadFactory {
    private final ThreadFactory delegate;
    private final Queue<Thread> threads = new ConcurrentLinkedQueue<>();

    RecordingThreadFactory(ThreadFactory delegate) {
      this.delegate = delegate;
    }

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = delegate.newThread(task);
      threads.add(thread);
      return thread;
    }

    /** The threads started; a thread created for a scope that was already cancelled is not. */
    int started() {
      int started = 0;
      for (Thread thread : threads) {
        if (thread.getState() != Thread.State.NEW) {
          started++;
        }
      }
      return started;
    }

    void interruptAll() {
      for (Thread thread : threads) {
        thread.interrupt();
      }
    }

    /**
     * Waits, without being interruptible, until every thread has terminated. JEP 505's {@code
     * close()} returns when the subtasks have completed, which is not quite when their threads
     * have terminated; this makes "no thread outlives the run" exact on both backends.
     */
    void awaitTermination() {
      boolean interrupted = false;
      for (Thread thread : threads) {
        while (thread.isAlive()) {
          try {
            thread.join();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
