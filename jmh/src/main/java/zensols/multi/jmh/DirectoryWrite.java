package zensols.multi.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import zensols.multi.MultiProcessConfig;
import zensols.multi.Processor;
import zensols.multi.WorkerCount;
import zensols.multi.stash.Codec;
import zensols.multi.stash.DirectoryStash;

/**
 * The cost of one {@code DirectoryStash} write of a small value (the 8-byte key as UTF-8), on a
 * RAM file system ({@code /dev/shm} where it exists, so that the disk's state does not enter the
 * figures), beside the hand-written temporary file + atomic rename of the same bytes.
 *
 * <ul>
 *   <li>{@link PerValue}: one operation is one value, so that {@code -prof gc}'s {@code
 *       gc.alloc.rate.norm} is the heap allocated per value: {@code dump} (the stash) and {@code
 *       byHand} (the loop body), overwriting 1,000 keys in turn;
 *   <li>{@link Paired}: in every invocation, 10,000 values primed through the pool with 2 workers
 *       (chunk 0: two even chunks) and the same values written by hand on 2 platform threads (one
 *       half each) and on the calling thread alone, each into a new directory, in a rotating
 *       order, each timed on its own (JMH aux counters), so that their ratio is taken from the same
 *       invocations.
 * </ul>
 */
public class DirectoryWrite {

  private DirectoryWrite() {}

  /** A RAM file system if there is one: {@code /dev/shm}; else the default temporary directory. */
  static Path scratchRoot() throws IOException {
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm)
        ? Files.createTempDirectory(shm, "zensols-multi-jmh-")
        : Files.createTempDirectory("zensols-multi-jmh-");
  }

  /** One value per operation, for the allocation profiler. */
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Warmup(iterations = 3, time = 1)
  @Measurement(iterations = 5, time = 1)
  @Fork(value = 1, jvmArgsPrepend = "--enable-preview")
  @State(Scope.Thread)
  public static class PerValue {
    private Path root;
    private DirectoryStash<String> stash;
    private Path byHandDir;
    private List<String> keys;
    private int next;

    @Setup(Level.Trial)
    public void setup() throws IOException {
      root = scratchRoot();
      stash = new DirectoryStash<>(root.resolve("stash"), Codec.utf8());
      byHandDir = Files.createDirectory(root.resolve("hand"));
      keys = Keys.of(1000);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      Directory.deleteTree(root);
    }

    @Benchmark
    public Object dump() {
      String key = keys.get(next++ % 1000);
      stash.dump(key, key);
      return key;
    }

    @Benchmark
    public Object byHand() throws IOException {
      String key = keys.get(next++ % 1000);
      Directory.atomicWrite(byHandDir, key);
      return key;
    }
  }

  /** The 2-worker prime against the hand-written loop, paired in every invocation. */
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 3, time = 2)
  @Measurement(iterations = 8, time = 2)
  @Fork(value = 1, jvmArgsPrepend = "--enable-preview")
  @State(Scope.Benchmark)
  public static class Paired {
    @Param({"10000"})
    public int items;

    private Path root;
    private List<String> keys;
    private MultiProcessConfig config;

    /** Nanoseconds spent in each of the three, summed over an iteration. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Split {
      public long libraryNanos;
      public long byHand2Nanos;
      public long byHand1Nanos;
      private int invocations;

      @Setup(Level.Iteration)
      public void reset() {
        libraryNanos = 0;
        byHand2Nanos = 0;
        byHand1Nanos = 0;
      }
    }

    @Setup(Level.Trial)
    public void setup() throws IOException {
      Backend.check();
      root = scratchRoot();
      keys = Keys.of(items);
      config = new MultiProcessConfig(0, WorkerCount.of(2), Processor.pool());
    }

    @TearDown(Level.Iteration)
    public void settle() throws IOException {
      Directory.settle(root);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      Directory.deleteTree(root);
    }

    @Benchmark
    public Object all(Split split) throws Exception {
      Path library = Files.createTempDirectory(root, "lib");
      Path hand2 = Files.createTempDirectory(root, "hand2");
      Path hand1 = Files.createTempDirectory(root, "hand1");
      int first = split.invocations++ % 3;
      for (int i = 0; i < 3; i++) {
        switch ((first + i) % 3) {
          case 0 -> {
            long start = System.nanoTime();
            Directory.primeInto(library, config, keys);
            split.libraryNanos += System.nanoTime() - start;
          }
          case 1 -> split.byHand2Nanos += byHand2(hand2);
          default -> {
            long start = System.nanoTime();
            for (String key : keys) {
              Directory.atomicWrite(hand1, key);
            }
            split.byHand1Nanos += System.nanoTime() - start;
          }
        }
      }
      return library;
    }

    /** The hand loop on 2 platform threads, one half of the keys each (threads started inside). */
    private long byHand2(Path dir) throws Exception {
      long start = System.nanoTime();
      int half = keys.size() / 2;
      try (ExecutorService two = Executors.newFixedThreadPool(2)) {
        Future<?> a = two.submit(() -> writeAll(dir, keys.subList(0, half)));
        Future<?> b = two.submit(() -> writeAll(dir, keys.subList(half, keys.size())));
        a.get();
        b.get();
      }
      return System.nanoTime() - start;
    }

    private static Void writeAll(Path dir, List<String> part) throws IOException {
      for (String key : part) {
        Directory.atomicWrite(dir, key);
      }
      return null;
    }
  }
}
