package zensols.multi.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.*;
import zensols.multi.MultiProcessConfig;
import zensols.multi.Processor;
import zensols.multi.WorkerCount;
import zensols.multi.stash.MemoryStash;

/**
 * What the library's JDK Flight Recorder events cost: 100,000 trivial items primed with chunks of 1
 * (one chunk event per item, the worst case) and 4,096, with no recording ({@code off}) and with a
 * recording of the events {@code zensols.multi.Prime} and {@code zensols.multi.Chunk} ({@code on}).
 * Uses only API that existed before the events, so that the same benchmark runs against an earlier
 * build of the library ("today").
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--enable-preview")
@State(Scope.Benchmark)
public class JfrCost {
  @Param({"off", "on"})
  public String jfr;

  @Param({"1", "4096"})
  public int chunkSize;

  @Param({"pool", "single"})
  public String processor;

  private List<String> keys;
  private MultiProcessConfig config;
  private Recording recording;

  @Setup
  public void setup() {
    Backend.check();
    keys = Keys.of(100_000);
    config =
        new MultiProcessConfig(chunkSize, WorkerCount.allProcessors(), Processor.of(processor));
    if (jfr.equals("on")) {
      recording = new Recording();
      recording.enable("zensols.multi.Prime");
      recording.enable("zensols.multi.Chunk");
      recording.setMaxSize(64L << 20);
      recording.start();
    }
  }

  @TearDown
  public void tearDown() {
    if (recording != null) {
      recording.close();
    }
  }

  @Benchmark
  public Object prime() {
    BenchStash stash = new BenchStash(new MemoryStash<>(), config, keys, key -> key);
    stash.prime();
    return stash;
  }
}
