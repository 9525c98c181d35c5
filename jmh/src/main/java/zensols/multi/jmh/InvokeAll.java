package zensols.multi.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import zensols.multi.stash.MemoryStash;

/**
 * The items of {@link Prime} by hand: {@code ExecutorService.invokeAll} of one task per chunk (same
 * chunking), on a fixed pool of all processors' platform threads or on virtual-thread-per-task.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--enable-preview")
@State(Scope.Benchmark)
public class InvokeAll {
  @Param({"cpu", "trivial"})
  public String workload;

  @Param({"1", "16", "256", "4096", "0"})
  public int chunkSize;

  private List<String> keys;
  private Workload work;
  private int workers;

  @Setup
  public void setup() throws Exception {
    keys = Keys.of(Prime.items(workload));
    work = Workload.of(workload);
    workers = Runtime.getRuntime().availableProcessors();
  }

  @TearDown
  public void tearDown() {
    work.close();
  }

  @Benchmark
  public Object platformPool() throws Exception {
    MemoryStash<String> into = new MemoryStash<>();
    Baselines.invokeAll(keys, work.item(), into, chunkSize, workers, false);
    return into;
  }

  @Benchmark
  public Object virtualPerTask() throws Exception {
    MemoryStash<String> into = new MemoryStash<>();
    Baselines.invokeAll(keys, work.item(), into, chunkSize, workers, true);
    return into;
  }
}
