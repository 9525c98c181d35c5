package zensols.multi;

import java.time.Duration;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Runs chunks on platform threads, for CPU-bound work (the original's {@code PoolMultiProcessor}).
 *
 * <ul>
 *   <li>it starts at most {@code min(workers, chunks)} platform threads, named {@code <name>-worker-<n>}, each running chunks one after another until none is left;
 *   <li>the threads run in a structured scope: JDK 25's {@code StructuredTaskScope} (JEP 505) when
 *       the JVM runs with {@code --enable-preview}, otherwise an equivalent scope on Java 21 APIs;
 *       only the former passes the caller's {@code ScopedValue} bindings to the workers (see
 *       {@link Processor}, "Backends");
 *   <li>with a deadline, the data is opened and read in a worker, so that the deadline bounds it
 *       (a run with no data then starts that one thread);
 *   <li>everything else as {@link Processor} states.
 * </ul>
 */
public final class PoolProcessor extends AbstractProcessor implements Processor {
  static final String KIND = "pool";

  PoolProcessor(@Nullable Duration deadline) {
    super(deadline);
  }

  /** Returns {@value #KIND}. */
  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public PoolProcessor withDeadline(Duration deadline) {
    return new PoolProcessor(requireDeadline(deadline));
  }

  @Override
  public PoolProcessor withoutDeadline() {
    return deadline().isEmpty() ? this : new PoolProcessor(null);
  }

  @Override
  public <D> ProcessReport run(
      String name, Stream<Chunk<D>> chunks, WorkerCount workers, ChunkTask<D> task) {
    return ChunkRun.inThreads(this, name, chunks, workers, task, Thread.ofPlatform().daemon(true).name(name + "-worker-", 0).factory());
  }
}
