package zensols.multi.jmh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * The first prime of a fresh JVM, as a batch job meets it: single shot, no warm-up, 20 forks (one
 * shot each), each library scenario of {@link ColdWork} beside its bare-JDK baseline in the same
 * run. Nothing touches the library before the shot; the backend it ran on is checked after it.
 * The scratch directory is made before the shot and deleted after it (neither is timed); give the
 * forks {@code -Djava.io.tmpdir=/dev/shm} (the {@code cold} group of {@code jmh/run} does) to write
 * to tmpfs.
 */
public class ColdStart {
  private ColdStart() {}

  /** A fresh scratch directory per fork. */
  @State(Scope.Benchmark)
  public abstract static class Scratch {
    protected Path dir;
    protected ColdWork.ColdStash stash;

    @Setup(Level.Trial)
    public void makeDirectory() throws IOException {
      dir = ColdWork.newDirectory();
    }

    @TearDown(Level.Trial)
    public void check() throws IOException {
      if (stash != null) {
        Backend.checkRan(stash.backend());
        long items = stash.lastReport().orElseThrow().items();
        if (items != stash.expected()) {
          throw new IllegalStateException("primed " + items + " items, expected " + stash.expected());
        }
      }
      Directory.deleteTree(dir);
    }
  }

  /** The fixed cost: 10 trivial items into a new {@code DirectoryStash}, and by hand. */
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(value = 20, jvmArgsPrepend = "--enable-preview")
  public static class Fixed extends Scratch {
    private List<String> keys;

    @Setup(Level.Trial)
    public void keys() {
      keys = ColdWork.keys(ColdWork.FIXED_ITEMS);
    }

    @Benchmark
    public Object library() {
      stash = ColdWork.fixedLibrary(dir, keys);
      return stash;
    }

    @Benchmark
    public Object byHand() throws IOException {
      return ColdWork.fixedByHand(dir, keys);
    }
  }

  /**
   * The IO case: 400 items of 20 ms on 400 virtual workers, chunk 1, into a new {@code
   * DirectoryStash} and into a {@code MemoryStash}; by hand, a bare virtual thread per item
   * sleeping into a map, and the same writing each item's file atomically.
   */
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(value = 20, jvmArgsPrepend = "--enable-preview")
  public static class Io extends Scratch {
    private List<String> keys;

    @Setup(Level.Trial)
    public void keys() {
      keys = ColdWork.keys(ColdWork.IO_ITEMS);
    }

    @Benchmark
    public Object libraryDirectory() {
      stash = ColdWork.ioLibraryFiles(dir, keys);
      return stash;
    }

    @Benchmark
    public Object libraryMemory() {
      stash = ColdWork.ioLibraryMemory(keys);
      return stash;
    }

    @Benchmark
    public Object bareVirtual() throws Exception {
      return ColdWork.ioBare(keys);
    }

    @Benchmark
    public Object bareVirtualFiles() throws Exception {
      return ColdWork.ioBareFiles(dir, keys);
    }
  }

  /** CPU scaling: CPU-bound items on the pool with 1 and 2 workers. */
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(value = 20, jvmArgsPrepend = "--enable-preview")
  public static class Cpu extends Scratch {
    @Param({"1", "2"})
    public int workers;

    @Param({"0", "auto"})
    public String chunkSize;

    private List<String> keys;

    @Setup(Level.Trial)
    public void keys() {
      keys = ColdWork.keys(ColdWork.CPU_ITEMS);
    }

    @Benchmark
    public Object library() {
      stash = ColdWork.cpuLibrary(keys, workers, chunkSize);
      return stash;
    }
  }

  /** CPU scaling by hand: a loop on the caller (1) and 2 platform threads (2). */
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(value = 20, jvmArgsPrepend = "--enable-preview")
  @State(Scope.Benchmark)
  public static class CpuByHand {
    @Param({"1", "2"})
    public int threads;

    private List<String> keys;

    @Setup(Level.Trial)
    public void keys() {
      keys = ColdWork.keys(ColdWork.CPU_ITEMS);
    }

    @Benchmark
    public Object byHand() throws Exception {
      return ColdWork.cpuByHand(keys, threads);
    }
  }

  /**
   * The IO case warm, for its warm target: 400 items of 20 ms on 400 virtual workers, chunk 1,
   * into a new {@code DirectoryStash} per invocation (made before it, deleted between iterations,
   * neither timed), beside the bare virtual threads writing the same files; average time after
   * warm-up.
   */
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 3, time = 1)
  @Measurement(iterations = 5, time = 1)
  @Fork(value = 1, jvmArgsPrepend = "--enable-preview")
  public static class IoWarm extends ScratchDirectories {
    private List<String> keys;

    @Setup(Level.Trial)
    public void keys() {
      Backend.check();
      keys = ColdWork.keys(ColdWork.IO_ITEMS);
    }

    @Benchmark
    public Object libraryDirectory() {
      return ColdWork.ioLibraryFiles(dir, keys);
    }

    @Benchmark
    public Object libraryMemory() {
      return ColdWork.ioLibraryMemory(keys);
    }

    @Benchmark
    public Object bareVirtual() throws Exception {
      return ColdWork.ioBare(keys);
    }

    @Benchmark
    public Object bareVirtualFiles() throws Exception {
      return ColdWork.ioBareFiles(dir, keys);
    }
  }
}
