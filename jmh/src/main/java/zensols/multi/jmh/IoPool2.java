package zensols.multi.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import zensols.multi.MultiProcessConfig;
import zensols.multi.Processor;
import zensols.multi.WorkerCount;
import zensols.multi.stash.MemoryStash;

/**
 * Why the virtual processor exists: the items of {@link IoTarget} on the pool processor with 2
 * workers (one per core), chunk 1. One shot: 10,000 x 20 ms / 2 = 100 s.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsPrepend = "--enable-preview")
@State(Scope.Benchmark)
public class IoPool2 {
  @Param({"io-sleep", "io-http"})
  public String workload;

  @Param({"10000"})
  public int pool2Items;

  private List<String> keys;
  private Workload work;
  private MultiProcessConfig config;

  @Setup
  public void setup() throws Exception {
    Backend.check();
    keys = Keys.of(pool2Items);
    work = Workload.of(workload);
    config = new MultiProcessConfig(1, WorkerCount.of(2), Processor.pool());
  }

  @TearDown
  public void tearDown() {
    work.close();
  }

  @Benchmark
  public Object pool2() {
    BenchStash stash = new BenchStash(new MemoryStash<>(), config, keys, work.item());
    stash.prime();
    return stash;
  }
}
