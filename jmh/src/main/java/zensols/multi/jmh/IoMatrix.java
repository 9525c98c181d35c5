package zensols.multi.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import zensols.multi.MultiProcessConfig;
import zensols.multi.Processor;
import zensols.multi.WorkerCount;
import zensols.multi.stash.MemoryStash;

/**
 * 50 {@code io-sleep} or {@code io-http} items (20 ms each) primed into a {@code MemoryStash} over
 * every chunk size and processor, with 1,000 workers (the single processor ignores them).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--enable-preview")
@State(Scope.Benchmark)
public class IoMatrix {
  @Param({"io-sleep", "io-http"})
  public String workload;

  @Param({"50"})
  public int items;

  @Param({"1", "16", "256", "4096", "0"})
  public int chunkSize;

  @Param({"pool", "virtual", "single"})
  public String processor;

  private List<String> keys;
  private Workload work;
  private MultiProcessConfig config;

  @Setup
  public void setup() throws Exception {
    Backend.check();
    keys = Keys.of(items);
    work = Workload.of(workload);
    config = new MultiProcessConfig(chunkSize, WorkerCount.of(1000), Processor.of(processor));
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
