package zensols.multi.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import zensols.multi.MultiProcessConfig;
import zensols.multi.Processor;
import zensols.multi.WorkerCount;
import zensols.multi.sqlite.SqliteStash;
import zensols.multi.stash.Codec;
import zensols.multi.stash.DirectoryStash;
import zensols.multi.stash.Stash;

/**
 * {@code SqliteStash} against {@code DirectoryStash}, side by side in one run, on the same disk
 * (the JVM's temporary directory): trivial values (the 8-byte key as UTF-8) primed through a
 * {@code MultiProcessStash} on the pool (all processors, chunks of 1,000), one prime per
 * invocation into a new file or directory (made before, deleted after, neither measured).
 *
 * <ul>
 *   <li>{@link Prime}: single shots; {@code cold} is the first prime in a fresh JVM (one shot per
 *       fork, no warm-up), {@code warm} after three primes of warm-up. Prints the bytes on disk
 *       per value after each shot (SQLite: the file and its WAL; directory: allocated blocks).
 *   <li>{@link Read}: {@code keys()}, {@code size()} and {@code load} of a random key over a
 *       stash of {@code items} values primed once per trial.
 * </ul>
 *
 * <p>The forks run with {@code --enable-native-access=ALL-UNNAMED} (sqlite-jdbc on the class
 * path), so that JDK 24+ prints no native-access warning.
 */
public class SqliteVsDirectory {
  private SqliteVsDirectory() {}

  static final MultiProcessConfig CONFIG =
      new MultiProcessConfig(1000, WorkerCount.allProcessors(), Processor.pool());

  static Stash<String> open(String store, Path where) {
    return switch (store) {
      case "sqlite" -> SqliteStash.open(where.resolve("values.db"), "bench", Codec.utf8());
      case "directory" -> new DirectoryStash<>(where.resolve("values"), Codec.utf8());
      default -> throw new IllegalArgumentException("store: " + store);
    };
  }

  static void close(Stash<String> stash) {
    if (stash instanceof SqliteStash<String> s) {
      s.close();
    }
  }

  /** Bytes the stash occupies on disk: allocated blocks as {@code du} counts them. */
  static long diskBytes(Path where) throws IOException, InterruptedException {
    Process du = new ProcessBuilder("du", "-s", "-B1", where.toString()).start();
    String out = new String(du.getInputStream().readAllBytes()).trim();
    du.waitFor();
    return Long.parseLong(out.split("\\s+")[0]);
  }

  /** One prime per invocation into a new place. */
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Fork(value = 1, jvmArgsPrepend = {"--enable-preview", "--enable-native-access=ALL-UNNAMED"})
  @State(Scope.Benchmark)
  public static class Prime {
    @Param({"100000", "1000000"})
    public int items;

    @Param({"sqlite", "directory"})
    public String store;

    private List<String> keys;
    private Path root;
    private Path where;
    private Stash<String> stash;

    @Setup(Level.Trial)
    public void setup() throws IOException {
      keys = Keys.of(items);
      root = Files.createTempDirectory("zensols-multi-jmh-sqlite-");
    }

    @Setup(Level.Invocation)
    public void fresh() throws IOException {
      where = Files.createTempDirectory(root, "p");
      stash = open(store, where);
    }

    @TearDown(Level.Invocation)
    public void measureAndDelete() throws IOException, InterruptedException {
      close(stash);
      long bytes = diskBytes(where);
      long payload = 2L * 8 * items; // key and value, 8 bytes each
      System.out.printf(
          "%n[disk] %s, %d values: %d bytes on disk, %.1f bytes per value (payload 16)%n",
          store, items, bytes, (double) bytes / items);
      if (bytes < payload) {
        throw new IllegalStateException("disk accounting: " + bytes);
      }
      Directory.deleteTree(where);
    }

    @TearDown(Level.Trial)
    public void deleteRoot() throws IOException {
      Directory.deleteTree(root);
    }

    @Benchmark
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(value = 2, jvmArgsPrepend = {"--enable-preview", "--enable-native-access=ALL-UNNAMED"})
    public Object cold() {
      return prime();
    }

    @Benchmark
    @Warmup(iterations = 3)
    @Measurement(iterations = 3)
    public Object warm() {
      return prime();
    }

    private Object prime() {
      BenchStash s = new BenchStash(stash, CONFIG, keys, key -> key);
      s.prime();
      return s;
    }
  }

  /** Reads over a stash primed once per trial. */
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 3, time = 2)
  @Fork(value = 1, jvmArgsPrepend = {"--enable-preview", "--enable-native-access=ALL-UNNAMED"})
  @State(Scope.Benchmark)
  public static class Read {
    @Param({"1000000"})
    public int items;

    @Param({"sqlite", "directory"})
    public String store;

    private Path root;
    private Stash<String> stash;
    private List<String> keys;

    @Setup(Level.Trial)
    public void setup() throws IOException {
      keys = Keys.of(items);
      root = Files.createTempDirectory("zensols-multi-jmh-sqlite-");
      stash = open(store, root);
      new BenchStash(stash, CONFIG, keys, key -> key).prime();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      close(stash);
      Directory.deleteTree(root);
    }

    @Benchmark
    public Set<String> keys() {
      return stash.keys();
    }

    @Benchmark
    public int size() {
      return stash.size();
    }

    @Benchmark
    public Object load() {
      return stash.load(keys.get(ThreadLocalRandom.current().nextInt(items))).orElseThrow();
    }
  }
}
