package zensols.multi.internal;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import zensols.multi.Chunk;
import zensols.multi.ChunkTask;
import zensols.multi.MultiProcessStash;
import zensols.multi.ProcessReport;
import zensols.multi.Processor;
import zensols.multi.WorkerCount;

/**
 * The narrow bridge by which the exported package {@code zensols.multi.cluster} reaches the
 * engine of {@code zensols.multi}, whose classes stay package-private: running chunks in threads
 * under a placement, and running a chunk that a member received on its instance of a stash.
 *
 * <p>The core registers its implementation when its class {@code zensols.multi.ClusterSupport} is
 * initialised, which {@link #core()} forces. Not exported.
 */
public final class CoreAccess {
  private static final String IMPLEMENTATION = "zensols.multi.ClusterSupport";
  private static volatile @Nullable Core core;

  private CoreAccess() {}

  /** What the cluster package needs of the engine. */
  public interface Core {
    /**
     * Runs {@code task} on every chunk in threads of a structured scope, as the processors on
     * threads do, under {@code placement}; guarantees as {@link Processor} states.
     *
     * @param processor the processor whose run this is: its kind and deadline
     * @param placement where the stashes' chunks of this run are sent
     * @param name the stash (or run) name
     * @param chunks the chunks, consumed lazily
     * @param workers how many chunks may run at once
     * @param task the work done on each chunk
     * @param threads makes the run's threads
     * @param <D> the type of the items
     * @return what the run did
     */
    <D> ProcessReport runInThreads(
        Processor processor,
        ChunkPlacement placement,
        String name,
        Stream<Chunk<D>> chunks,
        WorkerCount workers,
        ChunkTask<D> task,
        ThreadFactory threads);

    /**
     * Runs, in the calling thread, a chunk of {@code stash} that this member received, as a
     * local worker would, with the MDC naming the stash and chunk; a resubmitted chunk computes
     * only the items whose outcome the stash does not hold yet.
     *
     * @param stash the member's instance of the stash
     * @param chunkId the chunk id
     * @param data the items
     * @param attempt 0 for the first submission, more for a resubmission
     * @return the number of values dumped
     * @throws Exception what the chunk threw
     */
    int runReceived(MultiProcessStash<?, ?> stash, int chunkId, List<?> data, int attempt)
        throws Exception;
  }

  /**
   * Registers the core's implementation; only the core calls this, once.
   *
   * @param implementation the implementation
   */
  public static void register(Core implementation) {
    core = Objects.requireNonNull(implementation, "implementation");
  }

  /**
   * The core's implementation, initialising it if needed.
   *
   * @return the implementation
   */
  public static Core core() {
    Core current = core;
    if (current == null) {
      try {
        Class.forName(IMPLEMENTATION, true, CoreAccess.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("the engine's " + IMPLEMENTATION + " is missing", e);
      }
      current = core;
      if (current == null) {
        throw new IllegalStateException(IMPLEMENTATION + " did not register itself");
      }
    }
    return current;
  }
}
