package zensols.multi.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import zensols.multi.MultiProcessConfig;
import zensols.multi.Processor;
import zensols.multi.WorkerCount;
import zensols.multi.stash.MemoryStash;

/**
 * {@code cpu} (256 items of about 1 ms) and {@code trivial} (100,000 items, value = key) primed
 * into a {@code MemoryStash} over every chunk size and processor, with all processors' workers.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--enable-preview")
@State(Scope.Benchmark)
public class Prime {
  @Param({"cpu", "trivial"})
  public String workload;

  @Param({"1", "16", "256", "4096", "0"})
  public int chunkSize;

  @Param({"pool", "virtual", "single"})
  public String processor;

  private List<String> keys;
  private Workload work;
  private MultiProcessConfig config;

  /** Items per operation of a workload. */
  static int items(String workload) {
    return switch (workload) {
      case "cpu" -> 256;
      case "trivial" -> 100_000;
      default -> throw new IllegalArgumentException(workload);
    };
  }

  @Setup
  public void setup() throws Exception {
    Backend.check();
    keys = Keys.of(items(workload));
    work = Workload.of(workload);
    config =
        new MultiProcessConfig(chunkSize, WorkerCount.allProcessors(), Processor.of(processor));
  }

  @TearDown
  public void tearDown() {
    work.close();
  }

  @Benchmark
  public Object prime() {
    BenchStash stash = new BenchStash(new MemoryStash<>(), config, keys, work.item());
    stash.prime();
    return stash;
  }
}
