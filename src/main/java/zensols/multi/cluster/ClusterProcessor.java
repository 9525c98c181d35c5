package zensols.multi.cluster;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zensols.multi.Chunk;
import zensols.multi.ChunkTask;
import zensols.multi.MultiProcessFactoryStash;
import zensols.multi.MultiProcessStash;
import zensols.multi.ProcessReport;
import zensols.multi.Processor;
import zensols.multi.VirtualProcessor;
import zensols.multi.WorkerCount;
import zensols.multi.internal.ChunkPlacement;
import zensols.multi.internal.CoreAccess;

/**
 * Runs chunks on the members of a cluster, through a {@link ClusterEngine} that an optional module
 * provides (for Hazelcast: the module {@code zensols.multi.hazelcast}). The core knows no engine.
 *
 * <p>A member cannot receive a lambda: what travels is the stash's <em>name</em>, the chunk id and
 * the items ({@link ClusterChunk}), and each member runs the chunk on its own instance of the
 * stash, found by name in the {@link StashRegistry} that the application filled at start-up. A
 * {@link MultiProcessStash} configured with this processor sends each of its chunks this way, by
 * {@link #process(String, Chunk)}; its delegate must be reachable from every member. The stash
 * does not ask which processor it has: every run of chunks carries where its chunks run, and this
 * processor's runs send them to the members.
 *
 * <ul>
 *   <li>{@link #run} runs {@code task} for each chunk on a local virtual thread, named {@code
 *       <name>-cluster-<n>}, in a structured scope as {@link VirtualProcessor} does: {@code
 *       workers} bounds the chunks in flight <em>over the whole cluster</em> (for example members
 *       × threads per member), and everything {@link Processor} states holds: the first failure
 *       cancels the rest, an interrupt or the deadline cancels the run, and the run returns only
 *       when every chunk is settled;
 *   <li>{@link #process(String, Chunk)} sends one chunk as one remote task (the engine picks the
 *       member round-robin) and waits for it; when that thread is interrupted (by a cancellation
 *       of the run) it cancels the remote task, which interrupts it on its member;
 *   <li>at-least-once: a failed remote task means "outcome unknown" when the engine says its
 *       member was lost; the lost task is cancelled (the member may still be running it behind a
 *       dropped connection) and the chunk resubmitted, up to {@link #maxAttempts()} submissions
 *       in all; for a {@link MultiProcessFactoryStash} the member decides from the delegate's
 *       contents what is still missing (see {@link StashRegistry#process(ClusterChunk)}), other
 *       stashes process the whole chunk again. So the work must be idempotent: keys are
 *       deterministic and a value dumped twice is the same value. Any other failure is a real
 *       failure of the chunk and cancels the run;
 *   <li>a remote task that does not respond to its cancellation (an interrupt on its member) may
 *       still dump values after {@link #run} returns: make chunk work interruptible.
 * </ul>
 *
 * <p>Immutable apart from its counter of {@linkplain #resubmittedChunks() resubmitted chunks};
 * thread safe.
 */
public final class ClusterProcessor implements Processor {
  /** The {@linkplain #kind() kind} of this processor: {@value}. */
  public static final String KIND = "cluster";

  /** The default of {@link #maxAttempts()}. */
  public static final int DEFAULT_MAX_ATTEMPTS = 10;

  private static final Logger LOG = LoggerFactory.getLogger(ClusterProcessor.class);
  private static final long MAX_BACKOFF_MILLIS = 1_000;

  private final ClusterEngine engine;
  private final int maxAttempts;
  private final @Nullable Duration deadline;
  private final LongAdder resubmitted;
  private final ChunkPlacement placement = new MemberPlacement();

  private ClusterProcessor(
      ClusterEngine engine, int maxAttempts, @Nullable Duration deadline, LongAdder resubmitted) {
    this.engine = Objects.requireNonNull(engine, "engine");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts " + maxAttempts + " is less than 1");
    }
    if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
      throw new IllegalArgumentException("deadline " + deadline + " is not positive");
    }
    this.maxAttempts = maxAttempts;
    this.deadline = deadline;
    this.resubmitted = resubmitted;
  }

  /**
   * A processor that runs each chunk on a member of a cluster through {@code engine}: the same as
   * {@link Processor#cluster(ClusterEngine)}.
   *
   * @param engine the binding to the cluster
   * @return a cluster processor without deadline that submits a chunk at most {@value
   *     #DEFAULT_MAX_ATTEMPTS} times
   */
  public static ClusterProcessor of(ClusterEngine engine) {
    return new ClusterProcessor(engine, DEFAULT_MAX_ATTEMPTS, null, new LongAdder());
  }

  /** Returns {@value #KIND}. */
  @Override
  public String kind() {
    return KIND;
  }

  /**
   * The engine that sends the chunks to the members.
   *
   * @return the engine
   */
  public ClusterEngine engine() {
    return engine;
  }

  /**
   * How many times one chunk is submitted at most, the first time included, before a lost member
   * fails the run.
   *
   * @return at least 1
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * How many resubmissions this processor (and the processors derived from it by {@code with…})
   * has made because a chunk's member was lost, since it was created; a chunk resubmitted twice
   * counts twice.
   *
   * @return the count
   */
  public long resubmittedChunks() {
    return resubmitted.sum();
  }

  @Override
  public Optional<Duration> deadline() {
    return Optional.ofNullable(deadline);
  }

  @Override
  public ClusterProcessor withDeadline(Duration deadline) {
    return new ClusterProcessor(
        engine, maxAttempts, Objects.requireNonNull(deadline, "deadline"), resubmitted);
  }

  /** The same engine and attempts, without deadline, sharing the count of resubmitted chunks. */
  @Override
  public ClusterProcessor withoutDeadline() {
    return new ClusterProcessor(engine, maxAttempts, null, resubmitted);
  }

  /**
   * A processor on the same engine that submits one chunk at most {@code maxAttempts} times.
   *
   * @param maxAttempts at least 1
   * @return the new processor
   * @throws IllegalArgumentException if {@code maxAttempts} is less than 1
   */
  public ClusterProcessor withMaxAttempts(int maxAttempts) {
    return new ClusterProcessor(engine, maxAttempts, deadline, resubmitted);
  }

  /**
   * Runs {@code task} on every chunk, each on a local virtual thread named {@code
   * <name>-cluster-<n>}, as {@link VirtualProcessor} does; a stash's task sends its chunk to a
   * member through {@link #process(String, Chunk)} instead of processing it here. Guarantees as
   * {@link Processor} states.
   */
  @Override
  public <D> ProcessReport run(
      String name, Stream<Chunk<D>> chunks, WorkerCount workers, ChunkTask<D> task) {
    return CoreAccess.core()
        .runInThreads(
            this,
            placement,
            name,
            chunks,
            workers,
            task,
            Thread.ofVirtual().name(name + "-cluster-", 0).factory());
  }

  /** Where the chunks of this processor's runs go: to a member, by the stash's name. */
  private final class MemberPlacement implements ChunkPlacement {
    @Override
    public int run(String stash, Chunk<?> chunk, Callable<Integer> local) throws Exception {
      return process(stash, chunk); // a member runs it on its own instance of the stash
    }

    @Override
    public boolean remote() {
      return true;
    }

    @Override
    public String toString() {
      return "members of " + engine;
    }
  }

  /**
   * Runs one chunk of the stash named {@code stash} on a member and waits for it.
   *
   * <ul>
   *   <li>one remote task per submission; the engine chooses the member;
   *   <li>if the engine reports the member lost, the chunk is resubmitted after a short pause (50
   *       ms, doubling, at most 1 s), at most {@link #maxAttempts()} submissions in all; then the
   *       last failure is thrown;
   *   <li>if the calling thread is interrupted, the remote task is cancelled and {@link
   *       InterruptedException} is thrown.
   * </ul>
   *
   * @param stash the name of the stash, as registered on the members
   * @param chunk the chunk
   * @return the number of values the member dumped in the submission that succeeded
   * @throws InterruptedException if the calling thread was interrupted
   * @throws Exception what the chunk threw on the member, or the failure of the last attempt
   */
  public int process(String stash, Chunk<?> chunk) throws Exception {
    Objects.requireNonNull(stash, "stash");
    Objects.requireNonNull(chunk, "chunk");
    for (int attempt = 0; ; attempt++) {
      Throwable lost;
      Future<Integer> future = null;
      try {
        future = engine.submit(new ClusterChunk<>(stash, chunk.id(), chunk.data(), attempt));
        return Objects.requireNonNull(future.get(), "the engine's result");
      } catch (InterruptedException e) {
        if (future != null) {
          future.cancel(true);
        }
        throw e;
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (!engine.isMemberLost(cause)) {
          throw rethrow(cause);
        }
        lost = cause;
      } catch (CancellationException e) {
        throw e;
      } catch (RuntimeException e) {
        if (!engine.isMemberLost(e)) {
          throw e;
        }
        lost = e;
      }
      if (future != null) {
        // "lost" may be a dropped connection to a member that still runs the task: cancel it, so
        // that it does not go on dumping values beside the resubmitted chunk
        future.cancel(true);
      }
      if (attempt + 1 >= maxAttempts) {
        LOG.error("stash '{}': chunk {} lost its member {} times; giving up", stash, chunk.id(),
            attempt + 1);
        throw rethrow(lost);
      }
      resubmitted.increment();
      long pause = Math.min(MAX_BACKOFF_MILLIS, 50L << Math.min(attempt, 10));
      LOG.warn("stash '{}': chunk {} lost with its member ({}); resubmitting in {} ms (attempt {})",
          stash, chunk.id(), lost.toString(), pause, attempt + 2);
      Thread.sleep(pause);
    }
  }

  private static Exception rethrow(Throwable cause) {
    if (cause instanceof Error error) {
      throw error;
    }
    return cause instanceof Exception exception ? exception : new ExecutionException(cause);
  }

  /** Equal when on an equal engine, with the same attempts and deadline. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ClusterProcessor other
        && Objects.equals(other.deadline, deadline)
        && other.engine.equals(engine)
        && other.maxAttempts == maxAttempts;
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hash(KIND, deadline) + engine.hashCode();
  }

  /**
   * Returns the kind, with the deadline when there is one: {@code "cluster"}, {@code
   * "cluster(PT5S)"}.
   */
  @Override
  public String toString() {
    return deadline == null ? KIND : KIND + "(" + deadline + ")";
  }
}
