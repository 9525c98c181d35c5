package zensols.multi.jmh;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.*;
import zensols.multi.MultiProcessConfig;
import zensols.multi.MultiProcessFactoryStash;
import zensols.multi.MultiProcessRobustStash;
import zensols.multi.MultiProcessStash;
import zensols.multi.Processor;
import zensols.multi.WorkerCount;
import zensols.multi.stash.ReadOnlyStash;
import zensols.multi.stash.Stash;

/**
 * The streamed-keys memory target (issue 15): primes from a factory of 10,000,000 keys ({@code
 * "0"} … {@code "9999999"}, value = key) that can stream them, chunk 1,000, in a fork of its own
 * with a 256 MB heap, and reports the live-heap growth as {@link MemoryPrime} does:
 *
 * <ul>
 *   <li>{@code factory}: a {@link MultiProcessFactoryStash} into a delegate that keeps nothing (as
 *       a {@code NoopStash}, but counting what is dumped);
 *   <li>{@code robust}: a {@link MultiProcessRobustStash} over a delegate that has every even key
 *       (half of them) without holding them (its {@code exists} answers from the key's parity; it
 *       counts what is dumped and keeps nothing), so that only the prime's own memory is measured;
 *       the prime computes the 5,000,000 odd keys.
 * </ul>
 *
 * <p>The factory gives its keys through {@code keys()} (a set of every key, which the library
 * before issue 15 read) and through {@code keyStream()} (a lazy range; the method is declared
 * without {@code @Override} so that this benchmark also compiles against the library before it
 * had the method, to measure the "before" figures). Secondary results, in MB: {@code
 * liveGrowthMB} (the target, under 64 MB), {@code oldGenGrowthMB}, {@code gcs}; {@code computed}
 * counts the values the prime dumped (10,000,000 and 5,000,000), as a check.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
    value = 1,
    jvmArgsPrepend = "--enable-preview",
    jvmArgsAppend = {"-Xms256m", "-Xmx256m", "-XX:+UseG1GC"})
@State(Scope.Benchmark)
public class StreamedKeys {
  @Param({"10000000"})
  public int items;

  @Param({"1000"})
  public int chunkSize;

  @Param({"factory", "robust"})
  public String stash;

  @Param({"pool", "virtual", "single"})
  public String processor;

  private final HeapWatch watch = new HeapWatch();
  private MultiProcessConfig config;

  /** The secondary results, read by JMH after each iteration. */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Heap {
    public double liveGrowthMB;
    public double oldGenGrowthMB;
    public double gcs;
    public double computed;

    @Setup(Level.Iteration)
    public void clean() {
      liveGrowthMB = 0;
      oldGenGrowthMB = 0;
      gcs = 0;
      computed = 0;
    }
  }

  /** Keys {@code "0"} … {@code n - 1}, each value its key; streams them lazily. */
  static final class RangeFactory extends ReadOnlyStash<String> {
    private final int n;

    RangeFactory(int n) {
      this.n = n;
    }

    private boolean listed(String key) {
      try {
        int i = Integer.parseInt(key);
        return i >= 0 && i < n && key.equals(Integer.toString(i));
      } catch (NumberFormatException e) {
        return false;
      }
    }

    @Override
    public Optional<String> load(String key) {
      return listed(key) ? Optional.of(key) : Optional.empty();
    }

    @Override
    public boolean exists(String key) {
      return listed(key);
    }

    @Override
    public Set<String> keys() {
      Set<String> keys = new HashSet<>();
      for (int i = 0; i < n; i++) {
        keys.add(Integer.toString(i));
      }
      return keys;
    }

    /** Overrides {@code Stash.keyStream()} where the library has it (no annotation: see above). */
    public Stream<String> keyStream() {
      return IntStream.range(0, n).mapToObj(Integer::toString);
    }
  }

  /**
   * With {@code half}, has the even keys of {@code 0 … n - 1} without holding them; otherwise
   * nothing (as a {@code NoopStash}). Keeps nothing that is dumped, but counts it.
   */
  static final class HalfFilled implements Stash<String> {
    private final int n;
    private final boolean half;
    final LongAdder dumped = new LongAdder();

    HalfFilled(int n, boolean half) {
      this.n = n;
      this.half = half;
    }

    @Override
    public Optional<String> load(String key) {
      return exists(key) ? Optional.of(key) : Optional.empty();
    }

    @Override
    public boolean exists(String key) {
      if (!half) {
        return false;
      }
      try {
        int i = Integer.parseInt(key);
        return i >= 0 && i < n && i % 2 == 0;
      } catch (NumberFormatException e) {
        return false;
      }
    }

    @Override
    public void dump(String key, String value) {
      dumped.increment();
    }

    @Override
    public boolean delete(String key) {
      return false;
    }

    @Override
    public void clear() {}

    /** The even keys: what the library before issue 15 took a set difference with. */
    @Override
    public Set<String> keys() {
      Set<String> keys = new HashSet<>();
      for (int i = 0; half && i < n; i += 2) {
        keys.add(Integer.toString(i));
      }
      return keys;
    }

    @Override
    public int size() {
      return half ? (n + 1) / 2 : 0;
    }
  }

  @Setup(Level.Trial)
  public void listen() {
    Backend.check();
    config =
        new MultiProcessConfig(chunkSize, WorkerCount.allProcessors(), Processor.of(processor));
    watch.listen();
  }

  @TearDown(Level.Trial)
  public void unlisten() {
    watch.unlisten();
  }

  private MultiProcessStash<?, String> primed;
  private LongAdder dumped;

  @Setup(Level.Iteration)
  public void before() throws InterruptedException {
    // the stash and its delegate exist before the baseline: only the prime's growth is measured
    if (stash.equals("factory")) {
      HalfFilled delegate = new HalfFilled(items, false);
      dumped = delegate.dumped;
      primed =
          new MultiProcessFactoryStash<>(
              "streamed-factory",
              delegate,
              new RangeFactory(items),
              config,
              zensols.multi.EnablePreemptive.FALSE);
    } else {
      HalfFilled delegate = new HalfFilled(items, true);
      dumped = delegate.dumped;
      primed =
          new MultiProcessRobustStash<>(
              "streamed-robust", delegate, new RangeFactory(items), config);
    }
    watch.reset();
  }

  @Benchmark
  public Object prime(Heap heap) throws InterruptedException {
    primed.prime();
    watch.settle();
    heap.liveGrowthMB = watch.liveGrowthMB();
    heap.oldGenGrowthMB = watch.oldGenGrowthMB();
    heap.gcs = watch.gcs();
    heap.computed = dumped.sum();
    return primed;
  }
}
