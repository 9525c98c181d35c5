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
 * once with each chunk size (1, 16, 256, 4096, 0, auto), in an order that rotates from one
 * invocation to the next, and times each prime separately (JMH aux counters, nanoseconds summed
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
    private long invocations;

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
    int first = (int) (split.invocations++ % SIZES.length);
    BenchStash stash = null;
    for (int k = 0; k < SIZES.length; k++) {
      int size = (first + k) % SIZES.length;
      long start = System.nanoTime();
      stash = new BenchStash(new MemoryStash<>(), configs[size], keys, work.item());
      stash.prime();
      split.add(size, System.nanoTime() - start);
    }
    split.rounds++;
    return stash;
  }
}
