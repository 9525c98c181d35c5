package zensols.multi.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import zensols.multi.MultiProcessConfig;
import zensols.multi.Processor;
import zensols.multi.WorkerCount;
import zensols.multi.stash.MemoryStash;

/**
 * The IO target: 10,000 items of 20 ms on the virtual processor with 1,000 workers and chunk 1
 * (limit: 10 rounds x 20 ms = 200 ms), beside the same items by hand: {@code invokeAll} of one task
 * per item on 1,000 platform threads, and on virtual-thread-per-task (unbounded: all at once).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsPrepend = "--enable-preview")
@State(Scope.Benchmark)
public class IoTarget {
  @Param({"io-sleep", "io-http"})
  public String workload;

  @Param({"10000"})
  public int items;

  private List<String> keys;
  private Workload work;
  private MultiProcessConfig config;

  @Setup
  public void setup() throws Exception {
    Backend.check();
    keys = Keys.of(items);
    work = Workload.of(workload);
    config = new MultiProcessConfig(1, WorkerCount.of(1000), Processor.virtual());
  }

  @TearDown
  public void tearDown() {
    work.close();
  }

  @Benchmark
  public Object virtual1000() {
    BenchStash stash = new BenchStash(new MemoryStash<>(), config, keys, work.item());
    stash.prime();
    return stash;
  }

  @Benchmark
  public Object invokeAllPlatform1000() throws Exception {
    MemoryStash<String> into = new MemoryStash<>();
    Baselines.invokeAll(keys, work.item(), into, 1, 1000, false);
    return into;
  }

  @Benchmark
  public Object invokeAllVirtualPerTask() throws Exception {
    MemoryStash<String> into = new MemoryStash<>();
    Baselines.invokeAll(keys, work.item(), into, 1, 1000, true);
    return into;
  }
}
