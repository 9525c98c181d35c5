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
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--enable-preview")
@State(Scope.Benchmark)
public class Directory extends ScratchDirectories {
  @Param({"1000"})
  public int items;

  @Param({"1", "16", "256", "4096"})
  public int chunkSize;

  @Param({"single", "pool"})
  public String processor;

  private List<String> keys;
  private MultiProcessConfig config;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    Backend.check();
    keys = Keys.of(items);
    config =
        new MultiProcessConfig(chunkSize, WorkerCount.allProcessors(), Processor.of(processor));
  }

  /**
   * Deletes the directories an iteration wrote, between iterations rather than after every
   * invocation, where the deletion's background work on this disk (ext4 mounted with discard)
   * would land in the next, measured, invocation.
   */
  static void settle(Path root) throws IOException {
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path d : dirs.toList()) {
        deleteTree(d);
      }
    }
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
    return primeInto(dir, config, keys);
  }

  /** Primes a new {@code DirectoryStash} over {@code dir} with the keys as values. */
  static BenchStash primeInto(Path dir, MultiProcessConfig config, List<String> keys) {
    BenchStash stash =
        new BenchStash(new DirectoryStash<>(dir, Codec.utf8()), config, keys, key -> key);
    stash.prime();
    return stash;
  }

  /** The same atomic write by hand: temporary file, then an atomic move over the key's file. */
  static void atomicLoop(Path dir, List<String> keys) throws IOException {
    for (String key : keys) {
      atomicWrite(dir, key);
    }
  }

  /** The hand-written atomic write of one key (its value: the key in UTF-8). */
  static void atomicWrite(Path dir, String key) throws IOException {
    byte[] value = key.getBytes(StandardCharsets.UTF_8);
    Path temp = dir.resolve(".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    Files.write(temp, value, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    Files.move(
        temp, dir.resolve(key), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
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
  @Measurement(iterations = 5, time = 1)
  @Fork(value = 1, jvmArgsPrepend = "--enable-preview")
  @State(Scope.Benchmark)
  public static class ByHand extends ScratchDirectories {
    @Param({"1000"})
    public int items;

    private List<String> keys;

    @Setup(Level.Trial)
    public void setup() throws IOException {
      keys = Keys.of(items);
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
  @Measurement(iterations = 5, time = 1)
  @Fork(value = 1, jvmArgsPrepend = "--enable-preview")
  @State(Scope.Benchmark)
  public static class Fixed extends ScratchDirectories {
    @Param({"single", "pool", "virtual"})
    public String processor;

    private List<String> keys;
    private MultiProcessConfig config;

    @Setup(Level.Trial)
    public void setup() throws IOException {
      Backend.check();
      keys = Keys.of(10);
      config = new MultiProcessConfig(0, WorkerCount.allProcessors(), Processor.of(processor));
    }

    @Benchmark
    public Object prime10() {
      return primeInto(dir, config, keys);
    }

    @Benchmark
    public Object atomicLoop10() throws IOException {
      Directory.atomicLoop(dir, keys);
      return dir;
    }
  }

  /**
   * The library and the hand-written atomic loop in the same invocation, each into a new
   * directory of its own, alternating which goes first, each timed on its own ({@link Split}): the
   * ratio of the two is not skewed by the disk's drift between benchmarks run minutes apart
   * (deleting files on this disk, ext4 with discard, slows every later write for a while). The
   * library primes through the single processor at chunk 4096, as the target states.
   */
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 3, time = 1)
  @Measurement(iterations = 5, time = 1)
  @Fork(value = 1, jvmArgsPrepend = "--enable-preview")
  @State(Scope.Benchmark)
  public static class Interleaved extends ScratchDirectories {
    @Param({"1000"})
    public int items;

    private List<String> keys;
    private MultiProcessConfig config;

    /** Nanoseconds spent in each of the two, summed over an iteration. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Split {
      public long libraryNanos;
      public long byHandNanos;
      private long invocations;

      @Setup(Level.Iteration)
      public void reset() {
        libraryNanos = 0;
        byHandNanos = 0;
      }
    }

    @Setup(Level.Trial)
    public void setup() throws IOException {
      Backend.check();
      keys = Keys.of(items);
      config = new MultiProcessConfig(4096, WorkerCount.allProcessors(), Processor.single());
    }

    @Benchmark
    public Object both(Split split) throws IOException {
      Path library = Files.createTempDirectory(root, "lib");
      Path byHand = Files.createTempDirectory(root, "hand");
      boolean libraryFirst = (split.invocations++ & 1) == 0;
      if (libraryFirst) {
        split.libraryNanos += primeInto(library);
        split.byHandNanos += atomicLoopInto(byHand);
      } else {
        split.byHandNanos += atomicLoopInto(byHand);
        split.libraryNanos += primeInto(library);
      }
      return library;
    }

    private long primeInto(Path dir) {
      long start = System.nanoTime();
      Directory.primeInto(dir, config, keys);
      return System.nanoTime() - start;
    }

    private long atomicLoopInto(Path dir) throws IOException {
      long start = System.nanoTime();
      atomicLoop(dir, keys);
      return System.nanoTime() - start;
    }
  }
}
