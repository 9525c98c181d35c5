package zensols.multi.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import zensols.multi.ChunkSize;
import zensols.multi.MultiProcessConfig;
import zensols.multi.Processor;
import zensols.multi.WorkerCount;
import zensols.multi.stash.MemoryStash;

/**
 * {@code auto} against every fixed size of the sweep, paired: each invocation primes the workload
 * once with each chunk size (1, 16, 256, 4096, 0, auto), in an order shuffled anew for every
 * invocation (seeded, so runs repeat; no size always follows the same one), and times each prime
 * separately (JMH aux counters, nanoseconds summed
 * over an iteration). On a shared machine, load that comes and goes then falls on every chunk size
 * alike, so the ratio auto ÷ best fixed is not the drift between benchmarks run minutes apart.
 * Workloads and items as {@link AutoChunk}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 4, time = 3)
@Fork(value = 1, jvmArgsPrepend = "--enable-preview")
@State(Scope.Benchmark)
public class AutoInterleaved {
  /** The chunk sizes, in the order of the counters. */
  static final String[] SIZES = {"1", "16", "256", "4096", "0", "auto"};

  @Param({"trivial", "cpu", "io-sleep", "mixed"})
  public String workload;

  @Param({"pool", "virtual", "single"})
  public String processor;

  private List<String> keys;
  private Workload work;
  private MultiProcessConfig[] configs;

  /** Nanoseconds spent priming with each chunk size, summed over an iteration; and the primes. */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Split {
    public long c1;
    public long c16;
    public long c256;
    public long c4096;
    public long c0;
    public long cAuto;
    public long rounds;
    private final java.util.Random random = new java.util.Random(13);
    private final int[] order = {0, 1, 2, 3, 4, 5};

    @Setup(Level.Iteration)
    public void reset() {
      c1 = c16 = c256 = c4096 = c0 = cAuto = rounds = 0;
    }

    void add(int size, long nanos) {
      switch (size) {
        case 0 -> c1 += nanos;
        case 1 -> c16 += nanos;
        case 2 -> c256 += nanos;
        case 3 -> c4096 += nanos;
        case 4 -> c0 += nanos;
        default -> cAuto += nanos;
      }
    }
  }

  @Setup(Level.Trial)
  public void setup() throws Exception {
    Backend.check();
    keys = Keys.of(AutoChunk.items(workload));
    work = Workload.of(workload);
    WorkerCount workers =
        workload.equals("io-sleep") ? WorkerCount.of(1000) : WorkerCount.allProcessors();
    configs = new MultiProcessConfig[SIZES.length];
    for (int i = 0; i < SIZES.length; i++) {
      configs[i] =
          new MultiProcessConfig(ChunkSize.parse(SIZES[i]), workers, Processor.of(processor));
    }
  }

  @TearDown
  public void tearDown() {
    work.close();
  }

  @Benchmark
  public Object all(Split split) {
    int[] order = split.order;
    for (int i = order.length - 1; i > 0; i--) { // Fisher-Yates
      int j = split.random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    BenchStash stash = null;
    for (int size : order) {
      long start = System.nanoTime();
      stash = new BenchStash(new MemoryStash<>(), configs[size], keys, work.item());
      stash.prime();
      split.add(size, System.nanoTime() - start);
    }
    split.rounds++;
    return stash;
  }
}
