package zensols.multi;

import java.time.Duration;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Runs chunks on virtual threads, for IO-bound work that mostly waits.
 *
 * <ul>
 *   <li>it starts at most {@code min(workers, chunks)} virtual threads, named {@code <name>-vworker-<n>}, each running chunks one after another, so {@code workers} bounds the chunks in flight (use many: 1,000 workers waiting on IO cost little);
 *   <li>the threads run in a structured scope: JDK 25's {@code StructuredTaskScope} (JEP 505) when
 *       the JVM runs with {@code --enable-preview}, otherwise an equivalent scope on Java 21 APIs;
 *       only the former passes the caller's {@code ScopedValue} bindings to the workers (see
 *       {@link Processor}, "Backends");
 *   <li>with a deadline, the data is opened and read in a worker, so that the deadline bounds it
 *       (a run with no data then starts that one thread);
 *   <li>everything else as {@link Processor} states.
 * </ul>
 */
public final class VirtualProcessor extends AbstractProcessor implements Processor {
  static final String KIND = "virtual";

  VirtualProcessor(@Nullable Duration deadline) {
    super(deadline);
  }

  /** Returns {@value #KIND}. */
  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public VirtualProcessor withDeadline(Duration deadline) {
    return new VirtualProcessor(requireDeadline(deadline));
  }

  @Override
  public VirtualProcessor withoutDeadline() {
    return deadline().isEmpty() ? this : new VirtualProcessor(null);
  }

  @Override
  public <D> ProcessReport run(
      String name, Stream<Chunk<D>> chunks, WorkerCount workers, ChunkTask<D> task) {
    return ChunkRun.inThreads(this, name, chunks, workers, task, Thread.ofVirtual().name(name + "-vworker-", 0).factory());
  }
}
