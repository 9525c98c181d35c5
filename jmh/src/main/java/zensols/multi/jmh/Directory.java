package zensols.multi.jmh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.*;
import zensols.multi.MultiProcessConfig;
import zensols.multi.Processor;
import zensols.multi.WorkerCount;
import zensols.multi.stash.Codec;
import zensols.multi.stash.DirectoryStash;

/**
 * {@code DirectoryStash} with small values (the 8-byte key as UTF-8): 1,000 items per operation
 * into a new empty directory (made before, deleted after each operation, neither measured).
 *
 * <ul>
 *   <li>{@code prime}: over chunk sizes, on the single processor and the pool (all processors);
 *   <li>{@code atomicLoop}: by hand, the same atomic write per key (a new temporary file in the
 *       directory, then {@code Files.move} with {@code ATOMIC_MOVE}) in a loop;
 *   <li>{@code filesWriteLoop}: by hand, {@code Files.write} of each key's file (not atomic).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--enable-preview")
@State(Scope.Benchmark)
public class Directory {
  @Param({"1000"})
  public int items;

  @Param({"1", "16", "256", "4096"})
  public int chunkSize;

  @Param({"single", "pool"})
  public String processor;

  private List<String> keys;
  private MultiProcessConfig config;
  private Path root;
  private Path dir;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    Backend.check();
    keys = Keys.of(items);
    config =
        new MultiProcessConfig(chunkSize, WorkerCount.allProcessors(), Processor.of(processor));
    root = Files.createTempDirectory("zensols-multi-jmh-");
  }

  @Setup(Level.Invocation)
  public void newDirectory() throws IOException {
    dir = Files.createTempDirectory(root, "d");
  }

  @TearDown(Level.Invocation)
  public void deleteDirectory() throws IOException {
    deleteTree(dir);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    deleteTree(root);
  }

  static void deleteTree(Path path) throws IOException {
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Benchmark
  public Object prime() {
    BenchStash stash =
        new BenchStash(new DirectoryStash<>(dir, Codec.utf8()), config, keys, key -> key);
    stash.prime();
    return stash;
  }

  /** The same atomic write by hand: temporary file, then an atomic move over the key's file. */
  static void atomicLoop(Path dir, List<String> keys) throws IOException {
    for (String key : keys) {
      byte[] value = key.getBytes(StandardCharsets.UTF_8);
      Path temp = dir.resolve(".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
      Files.write(temp, value, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.move(
          temp, dir.resolve(key), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Plain {@code Files.write} of each key's file, not atomic. */
  static void filesWriteLoop(Path dir, List<String> keys) throws IOException {
    for (String key : keys) {
      Files.write(dir.resolve(key), key.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The hand-written loops, in a class of their own so that they do not run per chunk size. */
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 2, time = 1)
  @Measurement(iterations = 3, time = 1)
  @Fork(value = 1, jvmArgsPrepend = "--enable-preview")
  @State(Scope.Benchmark)
  public static class ByHand {
    @Param({"1000"})
    public int items;

    private List<String> keys;
    private Path root;
    private Path dir;

    @Setup(Level.Trial)
    public void setup() throws IOException {
      keys = Keys.of(items);
      root = Files.createTempDirectory("zensols-multi-jmh-");
    }

    @Setup(Level.Invocation)
    public void newDirectory() throws IOException {
      dir = Files.createTempDirectory(root, "d");
    }

    @TearDown(Level.Invocation)
    public void deleteDirectory() throws IOException {
      deleteTree(dir);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      deleteTree(root);
    }

    @Benchmark
    public Object atomicLoop() throws IOException {
      Directory.atomicLoop(dir, keys);
      return dir;
    }

    @Benchmark
    public Object filesWriteLoop() throws IOException {
      Directory.filesWriteLoop(dir, keys);
      return dir;
    }
  }

  /** The fixed cost of one {@code prime()} of 10 items into a new directory, chunk 0. */
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Warmup(iterations = 2, time = 1)
  @Measurement(iterations = 3, time = 1)
  @Fork(value = 1, jvmArgsPrepend = "--enable-preview")
  @State(Scope.Benchmark)
  public static class Fixed {
    @Param({"single", "pool", "virtual"})
    public String processor;

    private List<String> keys;
    private MultiProcessConfig config;
    private Path root;
    private Path dir;

    @Setup(Level.Trial)
    public void setup() throws IOException {
      Backend.check();
      keys = Keys.of(10);
      config = new MultiProcessConfig(0, WorkerCount.allProcessors(), Processor.of(processor));
      root = Files.createTempDirectory("zensols-multi-jmh-");
    }

    @Setup(Level.Invocation)
    public void newDirectory() throws IOException {
      dir = Files.createTempDirectory(root, "d");
    }

    @TearDown(Level.Invocation)
    public void deleteDirectory() throws IOException {
      deleteTree(dir);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      deleteTree(root);
    }

    @Benchmark
    public Object prime10() {
      BenchStash stash =
          new BenchStash(new DirectoryStash<>(dir, Codec.utf8()), config, keys, key -> key);
      stash.prime();
      return stash;
    }

    @Benchmark
    public Object atomicLoop10() throws IOException {
      Directory.atomicLoop(dir, keys);
      return dir;
    }
  }
}
