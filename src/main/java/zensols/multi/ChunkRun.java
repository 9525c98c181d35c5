package zensols.multi;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.ArrayList;
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
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
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
  private final ChunkObserver observer;
  private @Nullable Iterator<Chunk<D>> source;
  private final ReentrantLock sourceLock = new ReentrantLock();
  private final Queue<Failure> failures = new ConcurrentLinkedQueue<>();
  private final AtomicInteger chunksDone = new AtomicInteger();
  private final AtomicLong itemsDone = new AtomicLong();
  private final long start = System.nanoTime();
  private int nextChunkId;
  private volatile boolean stopped;

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
      String name, Stream<Chunk<D>> chunks, ChunkTask<D> task, AbstractProcessor processor) {
    this.name = Objects.requireNonNull(name, "name");
    this.task = Objects.requireNonNull(task, "task");
    this.chunks = chunks;
    this.observer = new ChunkObserver(processor);
  }

  static <D> ProcessReport inThreads(
      AbstractProcessor processor,
      String name,
      Stream<Chunk<D>> chunks,
      WorkerCount workers,
      ChunkTask<D> task,
      Thread.Builder threads) {
    Objects.requireNonNull(chunks, "chunks");
    int workerCount = Objects.requireNonNull(workers, "workers").resolve();
    try (chunks) {
      ChunkRun<D> run = new ChunkRun<>(name, chunks, task, processor);
      TaskScopeFactory scopes = TaskScopes.factory();
      RecordingThreadFactory factory = new RecordingThreadFactory(threads.factory());
      @Nullable Map<String, String> callerContext = MDC.getCopyOfContextMap();
      boolean interrupted = false;
      boolean timedOut = false;
      try (TaskScope scope = scopes.open(name, factory, processor.deadlineOrNull())) {
        try {
          for (int i = 0; i < workerCount; i++) {
            Chunk<D> first = run.next();
            if (first == null) {
              break;
            }
            scope.fork(() -> run.work(first, callerContext));
          }
        } catch (ChunkAbort e) {
          // reading the data failed in this thread; recorded, the run is stopped: cancel the
          // chunks already forked, as a failing chunk would
          factory.interruptAll();
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
      int started = factory.started();
      LOG.debug("{}: {} threads, {} chunks on backend {}", name, started, run.chunksDone.get(),
          scopes.backend());
      return run.finish(processor, scopes.backend(), workerCount, started, interrupted, timedOut);
    }
  }

  static <D> ProcessReport inCaller(
      AbstractProcessor processor,
      String name,
      Stream<Chunk<D>> chunks,
      WorkerCount workers,
      ChunkTask<D> task) {
    Objects.requireNonNull(chunks, "chunks");
    int workerCount = Objects.requireNonNull(workers, "workers").resolve();
    try (chunks) {
      ChunkRun<D> run = new ChunkRun<>(name, chunks, task, processor);
      @Nullable Duration deadline = processor.deadlineOrNull();
      long end = deadline == null ? 0 : run.start + deadline.toNanos();
      boolean interrupted = false;
      boolean timedOut = false;
      ChunkMdc saved = ChunkMdc.save();
      try {
        while (true) {
          if (Thread.currentThread().isInterrupted()) {
            interrupted = true;
            break;
          }
          if (deadline != null && System.nanoTime() - end >= 0) {
            timedOut = true;
            break;
          }
          Chunk<D> chunk = run.next();
          if (chunk == null) {
            break;
          }
          run.runChunk(chunk);
        }
      } catch (ChunkAbort e) {
        // a chunk that ended by reacting to an interrupt of this thread cancels the run
        interrupted = run.interruptedCaller();
      } finally {
        saved.restore();
      }
      return run.finish(processor, CALLER_BACKEND, workerCount, 0, interrupted, timedOut);
    }
  }

  /** A worker: runs its first chunk, then takes chunks until none is left or the run stopped. */
  private void work(Chunk<D> first, @Nullable Map<String, String> callerContext) {
    if (callerContext != null) {
      MDC.setContextMap(callerContext);
    }
    try {
      for (Chunk<D> chunk = first; chunk != null; chunk = next()) {
        runChunk(chunk);
      }
    } finally {
      MDC.clear();
    }
  }

  /** The next chunk, or null when there is none or the run stopped; read under a lock. */
  private @Nullable Chunk<D> next() {
    sourceLock.lock();
    observer.bind(); // an adaptive chunker (ChunkSize.auto) finds this run's observer
    try {
      if (stopped) {
        return null;
      }
      Iterator<Chunk<D>> chunkIterator = source;
      if (chunkIterator == null) {
        // opened by the first worker (or the caller), so that a failure to open the data (a
        // stream whose source is a supplier) is a failure of the run like any other
        chunkIterator = chunks.iterator();
        source = chunkIterator;
      }
      if (!chunkIterator.hasNext()) {
        return null;
      }
      Chunk<D> chunk = chunkIterator.next();
      nextChunkId = chunk.id() + 1;
      return chunk;
    } catch (RuntimeException | Error e) {
      fail(nextChunkId, e);
      throw new ChunkAbort();
    } finally {
      observer.unbind();
      sourceLock.unlock();
    }
  }

  private void runChunk(Chunk<D> chunk) {
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

  /** Records a failure and stops the run, atomically: the first failure recorded is the first. */
  private void fail(int chunkId, Throwable cause) {
    sourceLock.lock();
    try {
      failures.add(new Failure(chunkId, cause, stopped));
      stopped = true;
    } finally {
      sourceLock.unlock();
    }
  }

  /**
   * Stops the run: no worker takes another chunk. Does not take the lock, which a worker may hold
   * for as long as reading the data takes, so that a cancellation is prompt.
   */
  private void stop() {
    stopped = true;
  }

  /**
   * Whether the failure of a chunk run in the caller's thread was the caller's interrupt: the
   * interrupt status is set, or the chunk threw {@link InterruptedException} (which clears it).
   */
  private boolean interruptedCaller() {
    return Thread.currentThread().isInterrupted()
        || failures.stream().allMatch(f -> f.cause() instanceof InterruptedException);
  }

  private ProcessReport finish(
      AbstractProcessor processor,
      String backend,
      int workers,
      int threads,
      boolean interrupted,
      boolean timedOut) {
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
      error = new DeadlineExceededException(name, Objects.requireNonNull(processor.deadlineOrNull()));
    } else if (!reported.isEmpty()) {
      Failure first = reported.remove(0);
      error = new ChunkFailedException(name, first.chunkId(), first.cause());
    }
    if (error != null) {
      for (Failure other : reported) {
        error.addSuppressed(other.cause());
      }
      throw error;
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
