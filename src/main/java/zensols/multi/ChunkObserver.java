package zensols.multi;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import zensols.multi.internal.ChunkPlacement;
import zensols.multi.jfr.ChunkEvent;

/**
 * The hook by which a run of chunks ({@code ChunkRun}) reports each chunk: a JDK Flight Recorder
 * {@link ChunkEvent} per chunk, and the chunk's duration to the {@link AdaptiveChunker} that
 * created it ({@link ChunkSize#auto()}).
 *
 * <p>An adaptive chunker finds the run that reads it through {@link #current()}: the run binds its
 * observer to the reading thread while it takes its first chunk ({@link #bind()}, {@link
 * #unbind()}), which is when the chunk stream is opened and first read.
 *
 * <p>Per chunk, with no recording and no adaptive chunker, this costs an allocation or two that
 * escape analysis usually removes: the clock is read only for an adaptive chunker, and an event
 * that is not enabled is neither timed nor committed.
 */
final class ChunkObserver {
  /** Outcome of a chunk that completed. */
  static final String SUCCEEDED = "succeeded";

  /** Outcome of a chunk that threw. */
  static final String FAILED = "failed";

  /** Outcome of a chunk interrupted because the run was cancelled. */
  static final String CANCELLED = "cancelled";

  /** Receives the duration of every chunk that succeeded. */
  @FunctionalInterface
  interface Feedback {
    /**
     * A chunk finished.
     *
     * @param items its number of items
     * @param nanos how long it took
     */
    void finished(int items, long nanos);
  }

  private static final ThreadLocal<@Nullable ChunkObserver> READING = new ThreadLocal<>();

  private final long targetNanos;
  private volatile @Nullable Feedback feedback;
  private @Nullable ChunkObserver outer;
  private boolean opened;
  private boolean bound;

  /**
   * Creates the observer of one run.
   *
   * @param placement where the run's chunks run: decides the target duration of adaptive chunks
   *     (longer when each chunk pays a round trip to another JVM)
   */
  ChunkObserver(ChunkPlacement placement) {
    this.targetNanos =
        placement.remote() ? AdaptiveChunker.CLUSTER_TARGET_NANOS : AdaptiveChunker.TARGET_NANOS;
  }

  /**
   * The observer of the run whose thread is taking a chunk now.
   *
   * @return the observer, or null outside a run's {@link #bind()}
   */
  static @Nullable ChunkObserver current() {
    return READING.get();
  }

  /**
   * Marks the calling thread as reading this run's chunks, until {@link #unbind()}; only the first
   * time it is called (under the run's lock): the chunk stream is opened and subscribes then.
   */
  void bind() {
    if (opened) {
      return;
    }
    opened = true;
    bound = true;
    outer = READING.get();
    READING.set(this);
  }

  /** Ends {@link #bind()}. */
  void unbind() {
    if (!bound) {
      return;
    }
    bound = false;
    ChunkObserver previous = outer;
    outer = null;
    if (previous == null) {
      READING.remove();
    } else {
      READING.set(previous);
    }
  }

  /**
   * The duration an adaptive chunk of this run aims at.
   *
   * @return nanoseconds
   */
  long targetNanos() {
    return targetNanos;
  }

  /**
   * Sends every later chunk's duration to {@code feedback}.
   *
   * @param feedback the adaptive chunker
   */
  void subscribe(Feedback feedback) {
    this.feedback = Objects.requireNonNull(feedback, "feedback");
  }

  /**
   * A chunk starts in the calling thread.
   *
   * @param stash the stash (or run) name
   * @param chunk the chunk
   * @return the timing to end with {@link Timing#succeeded()} or {@link Timing#failed}
   */
  Timing started(String stash, Chunk<?> chunk) {
    return new Timing(stash, chunk);
  }

  /** The timing of one chunk, ended in the thread that started it. */
  final class Timing {
    private final @Nullable ChunkEvent event = JfrGate.on() ? new ChunkEvent() : null;
    private final String stash;
    private final Chunk<?> chunk;
    private final @Nullable Feedback receiver;
    private final long start;

    private Timing(String stash, Chunk<?> chunk) {
      this.stash = stash;
      this.chunk = chunk;
      this.receiver = feedback;
      if (event != null) {
        event.begin();
      }
      this.start = receiver == null ? 0 : System.nanoTime();
    }

    /** The chunk completed: reports its duration and commits its event. */
    void succeeded() {
      Feedback to = receiver;
      if (to != null) {
        to.finished(chunk.size(), System.nanoTime() - start);
      }
      commit(SUCCEEDED, null);
    }

    /**
     * The chunk threw.
     *
     * @param cause what it threw
     * @param cancelled whether the run was cancelled and {@code cause} is the interruption
     */
    void failed(Throwable cause, boolean cancelled) {
      commit(cancelled ? CANCELLED : FAILED, cause);
    }

    private void commit(String outcome, @Nullable Throwable cause) {
      ChunkEvent event = this.event;
      if (event == null) {
        return;
      }
      event.end();
      if (event.shouldCommit()) {
        event.stash = stash;
        event.chunkId = chunk.id();
        event.items = chunk.size();
        event.outcome = outcome;
        event.failure = cause == null ? null : cause.getClass().getName();
        event.commit();
      }
    }
  }
}
