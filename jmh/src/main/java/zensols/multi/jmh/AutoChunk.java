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
 * The chunk-size sweep with {@code auto}: every workload primed into a {@code MemoryStash} on every
 * processor, with the fixed sizes of the sweep and with {@code auto}, so that {@code auto} can be
 * divided by the best fixed size of the same run.
 *
 * <ul>
 *   <li>{@code trivial}: 100,000 items, value = key; all processors' workers;
 *   <li>{@code cpu}: 256 items of about 1 ms; all processors' workers;
 *   <li>{@code io-sleep}: 50 items that block 20 ms; 1,000 workers (IO-bound work wants many);
 *   <li>{@code mixed}: 512 items whose cost changes ten-fold half-way: 256 of about 0.1 ms, then
 *       256 of about 1 ms; all processors' workers.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--enable-preview")
@State(Scope.Benchmark)
public class AutoChunk {
  @Param({"trivial", "cpu", "io-sleep", "mixed"})
  public String workload;

  @Param({"1", "16", "256", "4096", "0", "auto"})
  public String chunkSize;

  @Param({"pool", "virtual", "single"})
  public String processor;

  private List<String> keys;
  private Workload work;
  private MultiProcessConfig config;

  /** Items per operation of a workload: {@link Prime#items}, and those of io-sleep and mixed. */
  static int items(String workload) {
    return switch (workload) {
      case "io-sleep" -> 50;
      case "mixed" -> 512;
      default -> Prime.items(workload);
    };
  }

  @Setup
  public void setup() throws Exception {
    Backend.check();
    keys = Keys.of(items(workload));
    work = Workload.of(workload);
    WorkerCount workers =
        workload.equals("io-sleep") ? WorkerCount.of(1000) : WorkerCount.allProcessors();
    config =
        new MultiProcessConfig(ChunkSize.parse(chunkSize), workers, Processor.of(processor));
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
