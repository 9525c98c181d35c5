package zensols.multi.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import zensols.multi.stash.MemoryStash;

/** The items of {@link Prime} by hand, into a {@code MemoryStash}: a bare loop, {@code parallelStream()}. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--enable-preview")
@State(Scope.Benchmark)
public class Baseline {
  @Param({"cpu", "trivial"})
  public String workload;

  private List<String> keys;
  private Workload work;

  @Setup
  public void setup() throws Exception {
    keys = Keys.of(Prime.items(workload));
    work = Workload.of(workload);
  }

  @TearDown
  public void tearDown() {
    work.close();
  }

  @Benchmark
  public Object bareLoop() throws Exception {
    MemoryStash<String> into = new MemoryStash<>();
    Baselines.bareLoop(keys, work.item(), into);
    return into;
  }

  @Benchmark
  public Object parallelStream() {
    MemoryStash<String> into = new MemoryStash<>();
    Baselines.parallelStream(keys, work.item(), into);
    return into;
  }
}
