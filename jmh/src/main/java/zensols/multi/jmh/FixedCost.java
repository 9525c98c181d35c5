package zensols.multi.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import zensols.multi.MultiProcessConfig;
import zensols.multi.Processor;
import zensols.multi.WorkerCount;
import zensols.multi.stash.MemoryStash;

/** The fixed cost of one {@code prime()}: 10 trivial items into a {@code MemoryStash}, chunk 0. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--enable-preview")
@State(Scope.Benchmark)
public class FixedCost {
  @Param({"pool", "virtual", "single"})
  public String processor;

  private List<String> keys;
  private MultiProcessConfig config;

  @Setup
  public void setup() {
    Backend.check();
    keys = Keys.of(10);
    config = new MultiProcessConfig(0, WorkerCount.allProcessors(), Processor.of(processor));
  }

  @Benchmark
  public Object prime10() {
    BenchStash stash = new BenchStash(new MemoryStash<>(), config, keys, key -> key);
    stash.prime();
    return stash;
  }
}
