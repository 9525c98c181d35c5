package zensols.multi;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import zensols.multi.cluster.ClusterEngine;
import zensols.multi.cluster.ClusterProcessor;

/**
 * Runs chunks of work: in platform threads ({@link PoolProcessor}, CPU-bound work), in virtual
 * threads ({@link VirtualProcessor}, IO-bound work), in the calling thread ({@link
 * SingleProcessor}) or on the members of a cluster ({@link ClusterProcessor}, through a {@link
 * ClusterEngine} that an optional module provides). The counterpart of the original's {@code
 * processor_class}.
 *
 * <p>{@link #run} holds these guarantees for every processor:
 *
 * <ul>
 *   <li>it returns or throws only after every chunk has finished and every thread it started has
 *       terminated;
 *   <li>chunks are taken from the stream lazily, only when a worker is free to run one, so at most
 *       {@code workers} chunks are in flight;
 *   <li>the first chunk that throws cancels the run: no further chunk is started, the others are
 *       interrupted, and {@link ChunkFailedException} is thrown, naming the stash and the chunk,
 *       with what the chunk threw as its cause and the other chunks' failures as suppressed
 *       (interruptions caused by the cancellation itself are not reported);
 *   <li>an interrupt of the calling thread cancels the run the same way, and {@link
 *       ProcessInterruptedException} is thrown with the thread's interrupt status still set;
 *   <li>a {@linkplain #deadline() deadline} that passes cancels the run the same way, and {@link
 *       DeadlineExceededException} is thrown; the deadline bounds the whole run, reading the
 *       chunks included (the processors that use threads then read them in a worker, never in
 *       the caller); a run whose chunks all finished has not missed it;
 *   <li>a chunk starts only if the run is not stopped, checked after it was taken;
 *   <li>a thread that cannot be started fails the run as the chunk it was to run would have:
 *       {@link ChunkFailedException} naming that chunk, with what the thread factory or {@link
 *       Thread#start()} threw (for example {@code OutOfMemoryError: unable to create native
 *       thread}) as its cause;
 *   <li>cancellation is decided from the run's state (the caller was interrupted, the deadline
 *       passed, another chunk failed), never from an exception's type: an {@link
 *       java.io.InterruptedIOException} thrown by a chunk that nobody cancelled is a failure;
 *   <li>a failure to close {@code chunks} is {@link PrimeFailedException}, or suppressed by the
 *       run's own failure;
 *   <li>what chunks stored before the run ended stays stored;
 *   <li>in a worker, slf4j's MDC holds the caller's context plus {@value #MDC_STASH} (the name) and
 *       {@value #MDC_CHUNK} (the chunk id).
 * </ul>
 *
 * <p><b>Backends.</b> The processors that use threads run them in JDK 25's {@code
 * StructuredTaskScope} (JEP 505) when the JVM runs with {@code --enable-preview}, otherwise in an
 * equivalent scope on Java 21 APIs. Both keep every guarantee above, with one difference: on the
 * structured backend the workers inherit the caller's {@code ScopedValue} bindings (as {@code
 * StructuredTaskScope.fork} does), on the fallback backend they do not. Chunk work should not rely
 * on {@code ScopedValue}s; the MDC is copied on both backends.
 *
 * <p>For example, platform threads for CPU-bound work, and virtual threads with a deadline for
 * IO-bound work:
 *
 * {@snippet file="Examples.java" region="processors"}
 *
 * <p>Processors are immutable and thread-safe; one instance may run many times, concurrently.
 */
public sealed interface Processor
    permits PoolProcessor, VirtualProcessor, SingleProcessor, ClusterProcessor {

  /** The MDC key that holds the stash name in a worker. */
  String MDC_STASH = "stash";

  /** The MDC key that holds the chunk id in a worker. */
  String MDC_CHUNK = "chunk";

  /**
   * Runs {@code task} on every chunk of {@code chunks}, then closes {@code chunks}.
   *
   * @param name the stash (or run) name, used for thread names, the MDC and exceptions
   * @param chunks the chunks, consumed lazily
   * @param workers how many chunks may run at once
   * @param task the work done on each chunk
   * @param <D> the type of the items
   * @return what the run did
   * @throws ChunkFailedException if a chunk threw (or reading the chunks threw)
   * @throws ProcessInterruptedException if the calling thread was interrupted
   * @throws DeadlineExceededException if the deadline passed
   * @throws PrimeFailedException if closing {@code chunks} failed
   */
  <D> ProcessReport run(String name, Stream<Chunk<D>> chunks, WorkerCount workers, ChunkTask<D> task);

  /**
   * The processor's kind, as configuration text names it: {@code "pool"}, {@code "virtual"},
   * {@code "single"} or {@code "cluster"}.
   *
   * @return the kind
   */
  String kind();

  /**
   * How long one {@link #run} may take before it is cancelled.
   *
   * @return the deadline, or empty for none
   */
  Optional<Duration> deadline();

  /**
   * A processor of the same kind with a deadline for each run.
   *
   * @param deadline a positive duration
   * @return the new processor
   * @throws IllegalArgumentException if {@code deadline} is zero or negative
   */
  Processor withDeadline(Duration deadline);

  /**
   * A processor of the same kind, and otherwise the same settings, without deadline.
   *
   * @return the new processor, or this one if it has no deadline
   */
  Processor withoutDeadline();

  /**
   * A processor on platform threads, for CPU-bound work.
   *
   * @return a pool processor without deadline
   */
  static PoolProcessor pool() {
    return new PoolProcessor(null);
  }

  /**
   * A processor on virtual threads, for IO-bound work.
   *
   * @return a virtual processor without deadline
   */
  static VirtualProcessor virtual() {
    return new VirtualProcessor(null);
  }

  /**
   * A processor that runs every chunk in the calling thread.
   *
   * @return a single processor without deadline
   */
  static SingleProcessor single() {
    return new SingleProcessor(null);
  }

  /**
   * A processor that runs each chunk on a member of a cluster, through {@code engine}.
   *
   * @param engine the binding to the cluster, for example the module {@code
   *     zensols.multi.hazelcast}'s
   * @return a cluster processor without deadline that submits a chunk at most {@value
   *     ClusterProcessor#DEFAULT_MAX_ATTEMPTS} times
   */
  static ClusterProcessor cluster(ClusterEngine engine) {
    return ClusterProcessor.of(engine);
  }

  /**
   * The processor a kind names: {@code "pool"}, {@code "virtual"} or {@code "single"}, in any case.
   * A {@code "cluster"} processor needs an engine: create it with {@link #cluster(ClusterEngine)}.
   *
   * @param kind the kind
   * @return a processor of that kind without deadline
   * @throws IllegalArgumentException quoting {@code kind} if it names no processor, or names
   *     {@code "cluster"}
   */
  static Processor of(String kind) {
    Objects.requireNonNull(kind, "kind");
    return switch (kind.strip().toLowerCase(Locale.ROOT)) {
      case PoolProcessor.KIND -> pool();
      case VirtualProcessor.KIND -> virtual();
      case SingleProcessor.KIND -> single();
      case ClusterProcessor.KIND ->
          throw new IllegalArgumentException(
              "processor \"" + kind + "\" needs a cluster engine: use Processor.cluster(engine)");
      default ->
          throw new IllegalArgumentException(
              "unknown processor \"" + kind + "\": expected \"pool\", \"virtual\" or \"single\"");
    };
  }
}
