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
 * What recording the library's JDK Flight Recorder events costs, paired: each invocation primes
 * 100,000 trivial items twice, once with the events {@code zensols.multi.Prime} and {@code
 * zensols.multi.Chunk} enabled in a running recording and once with them disabled, in alternating
 * order, and times each prime separately (aux counters, nanoseconds summed over an iteration).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsPrepend = "--enable-preview")
@State(Scope.Benchmark)
public class JfrInterleaved {
  private static final String[] EVENTS = {"zensols.multi.Prime", "zensols.multi.Chunk"};

  @Param({"1", "4096"})
  public int chunkSize;

  @Param({"pool", "single"})
  public String processor;

  private List<String> keys;
  private MultiProcessConfig config;
  private Recording recording;

  /** Nanoseconds priming with the events off and on, summed over an iteration; and the pairs. */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Split {
    public long off;
    public long on;
    public long pairs;
    private long invocations;

    @Setup(Level.Iteration)
    public void reset() {
      off = on = pairs = 0;
    }
  }

  @Setup(Level.Trial)
  public void setup() {
    Backend.check();
    keys = Keys.of(100_000);
    config =
        new MultiProcessConfig(chunkSize, WorkerCount.allProcessors(), Processor.of(processor));
    recording = new Recording();
    recording.setMaxSize(64L << 20);
    recording.start();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    recording.close();
  }

  private long prime(boolean events) {
    for (String event : EVENTS) {
      if (events) {
        recording.enable(event);
      } else {
        recording.disable(event);
      }
    }
    long start = System.nanoTime();
    new BenchStash(new MemoryStash<>(), config, keys, key -> key).prime();
    return System.nanoTime() - start;
  }

  @Benchmark
  public long both(Split split) {
    boolean onFirst = (split.invocations++ & 1) == 0;
    if (onFirst) {
      split.on += prime(true);
      split.off += prime(false);
    } else {
      split.off += prime(false);
      split.on += prime(true);
    }
    split.pairs++;
    return split.pairs;
  }
}
