package zensols.multi.jmh;

import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.*;
import zensols.multi.MultiProcessConfig;
import zensols.multi.Processor;
import zensols.multi.WorkerCount;
import zensols.multi.stash.NoopStash;

/**
 * The memory target: 5,000,000 trivial items from a lazily generated source, chunk 1,000, into a
 * {@code NoopStash} (keeps nothing), in a fork of its own with a 256 MB heap. Reported beside the
 * time, as secondary results in MB:
 *
 * <ul>
 *   <li>{@code liveGrowthMB}: the largest heap use right after a GC during the prime, less the heap
 *       use after a full GC before it: what the prime kept reachable (the target, under 64 MB);
 *   <li>{@code oldGenGrowthMB}: the old generation's peak during the prime less its use before:
 *       what lived long enough to be promoted;
 *   <li>{@code gcs}: collections during the prime (the measure needs some).
 * </ul>
 *
 * <p>Run with {@code -prof gc} for the allocation per operation.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
    value = 1,
    jvmArgsPrepend = "--enable-preview",
    jvmArgsAppend = {"-Xms256m", "-Xmx256m", "-XX:+UseG1GC"})
@State(Scope.Benchmark)
public class MemoryPrime {
  @Param({"5000000"})
  public int items;

  @Param({"1000"})
  public int chunkSize;

  @Param({"pool", "virtual", "single"})
  public String processor;

  private final HeapWatch watch = new HeapWatch();
  private MultiProcessConfig config;

  /** The secondary results, read by JMH after each iteration. */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Heap {
    public double liveGrowthMB;
    public double oldGenGrowthMB;
    public double gcs;

    @Setup(Level.Iteration)
    public void clean() {
      liveGrowthMB = 0;
      oldGenGrowthMB = 0;
      gcs = 0;
    }
  }

  @Setup(Level.Trial)
  public void listen() {
    Backend.check();
    config =
        new MultiProcessConfig(chunkSize, WorkerCount.allProcessors(), Processor.of(processor));
    watch.listen();
  }

  @TearDown(Level.Trial)
  public void unlisten() {
    watch.unlisten();
  }

  @Setup(Level.Iteration)
  public void before() throws InterruptedException {
    watch.reset();
  }

  @Benchmark
  public Object prime(Heap heap) throws InterruptedException {
    BenchStash stash =
        new BenchStash(
            new NoopStash<>(),
            config,
            () -> IntStream.range(0, items).mapToObj(Integer::toString),
            key -> key);
    stash.prime();
    watch.settle();
    heap.liveGrowthMB = watch.liveGrowthMB();
    heap.oldGenGrowthMB = watch.oldGenGrowthMB();
    heap.gcs = watch.gcs();
    return stash;
  }
}
