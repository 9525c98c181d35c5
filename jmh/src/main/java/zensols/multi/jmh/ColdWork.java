package zensols.multi.jmh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Optional;
import java.util.stream.Stream;
import zensols.multi.MultiProcessConfig;
import zensols.multi.MultiProcessStash;
import zensols.multi.ProcessReport;
import zensols.multi.Processor;
import zensols.multi.WorkerCount;
import zensols.multi.stash.Codec;
import zensols.multi.stash.DirectoryStash;
import zensols.multi.stash.MemoryStash;
import zensols.multi.stash.Stash;

/**
 * The cold-start scenarios, shared by {@link ColdStart} (JMH, one shot per fresh fork) and {@link
 * ColdMain} (one shot in a plain {@code java} process, for class-loading logs and AOT training).
 * Each library scenario is beside a bare-JDK baseline doing the same work by hand:
 *
 * <ul>
 *   <li>{@code fixed}: 10 trivial items (value = key) into a new {@code DirectoryStash}, the
 *       stash's default configuration (chunk 0, one worker, pool); baseline: a hand loop writing
 *       the same 10 files atomically (temporary file + {@code ATOMIC_MOVE});
 *   <li>{@code io}: 400 items of 20 ms on the virtual processor with 400 workers, chunk 1, into a
 *       new {@code DirectoryStash} ({@code ioMemory}: into a {@code MemoryStash}); baselines: a
 *       bare {@code newVirtualThreadPerTaskExecutor} doing the same sleeps into a map ({@code
 *       ioBare}), and the same writing each item's file atomically ({@code ioBareFiles});
 *   <li>{@code cpu}: {@link #CPU_ITEMS} CPU-bound items (SHA-256 rounds) on the pool with 1 or 2
 *       workers into a {@code MemoryStash}; baseline: a loop on the caller, and the same items
 *       split over 2 platform threads by hand.
 * </ul>
 *
 * <p>The code here avoids what would warm the library's own start-up paths before it is timed:
 * no {@code String.format}, no string concatenation (an indy call site) and no lambda outside the
 * timed region.
 */
final class ColdWork {
  /** Items of the fixed-cost scenario. */
  static final int FIXED_ITEMS = 10;

  /** Items (and virtual workers) of the IO scenario. */
  static final int IO_ITEMS = 400;

  /** Items of the CPU scenario. */
  static final int CPU_ITEMS = Integer.getInteger("bench.coldCpuItems", 128);

  /** SHA-256 rounds of one CPU item. */
  static final int CPU_ROUNDS = Integer.getInteger("bench.cpuRounds", 16_000);

  private ColdWork() {}

  /** Keys {@code k0000000}, … built without {@code String.format} or concatenation. */
  static List<String> keys(int n) {
    List<String> keys = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      char[] key = {'k', '0', '0', '0', '0', '0', '0', '0'};
      int v = i;
      for (int p = 7; p > 0 && v > 0; p--, v /= 10) {
        key[p] = (char) ('0' + v % 10);
      }
      keys.add(new String(key));
    }
    return keys;
  }

  /** A new directory for one scenario (tmpfs when {@code java.io.tmpdir} is on one). */
  static Path newDirectory() throws IOException {
    return Files.createTempDirectory("zensols-multi-cold-");
  }

  // ---- fixed cost

  static ColdStash fixedLibrary(Path dir, List<String> keys) {
    ColdStash stash =
        new ColdStash(
            new DirectoryStash<>(dir, Codec.utf8()), MultiProcessConfig.DEFAULT, keys,
            TRIVIAL);
    stash.prime();
    return stash;
  }

  static Path fixedByHand(Path dir, List<String> keys) throws IOException {
    for (String key : keys) {
      writeAtomically(dir, key, key.getBytes(StandardCharsets.UTF_8));
    }
    return dir;
  }

  /** A temporary file in {@code dir}, then an atomic move over the key's file. */
  static void writeAtomically(Path dir, String key, byte[] value) throws IOException {
    Path temp = Files.createTempFile(dir, ".tmp-", null);
    Files.write(temp, value, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    Files.move(
        temp, dir.resolve(key), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  // ---- IO: 400 items of 20 ms on 400 virtual workers

  static ColdStash ioLibrary(Stash<String> into, List<String> keys) {
    ColdStash stash =
        new ColdStash(
            into, new MultiProcessConfig(1, WorkerCount.of(keys.size()), Processor.virtual()),
            keys, SLEEP);
    stash.prime();
    return stash;
  }

  static ColdStash ioLibraryFiles(Path dir, List<String> keys) {
    return ioLibrary(new DirectoryStash<>(dir, Codec.utf8()), keys);
  }

  static ColdStash ioLibraryMemory(List<String> keys) {
    return ioLibrary(new MemoryStash<>(), keys);
  }

  /** A bare virtual thread per item: sleeps, then puts the value in a map. */
  static Map<String, String> ioBare(List<String> keys) throws Exception {
    Map<String, String> into = new ConcurrentHashMap<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>(keys.size());
      for (String key : keys) {
        futures.add(threads.submit(new SleepInto(key, into)));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    return into;
  }

  /** A bare virtual thread per item: sleeps, then writes the item's file atomically. */
  static Path ioBareFiles(Path dir, List<String> keys) throws Exception {
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>(keys.size());
      for (String key : keys) {
        futures.add(threads.submit(new SleepWrite(key, dir)));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    return dir;
  }

  private record SleepInto(String key, Map<String, String> into)
      implements java.util.concurrent.Callable<Object> {
    @Override
    public Object call() throws Exception {
      into.put(key, sleep(key));
      return key;
    }
  }

  private record SleepWrite(String key, Path dir) implements java.util.concurrent.Callable<Object> {
    @Override
    public Object call() throws Exception {
      writeAtomically(dir, key, sleep(key).getBytes(StandardCharsets.UTF_8));
      return key;
    }
  }

  // ---- CPU scaling

  static ColdStash cpuLibrary(List<String> keys, int workers, String chunkSize) {
    ColdStash stash =
        new ColdStash(
            new MemoryStash<>(),
            new MultiProcessConfig(
                zensols.multi.ChunkSize.parse(chunkSize), WorkerCount.of(workers),
                Processor.pool()),
            keys, CPU);
    stash.prime();
    return stash;
  }

  /** By hand: one loop on the caller ({@code threads = 1}), or 2 platform threads each taking
   * every other item. */
  static Map<String, String> cpuByHand(List<String> keys, int threads) throws Exception {
    Map<String, String> into = new ConcurrentHashMap<>();
    if (threads == 1) {
      for (String key : keys) {
        into.put(key, cpu(key));
      }
      return into;
    }
    Thread[] started = new Thread[threads];
    Throwable[] failed = new Throwable[threads];
    for (int t = 0; t < threads; t++) {
      started[t] = new Thread(new CpuShare(keys, t, threads, into, failed));
      started[t].start();
    }
    for (Thread t : started) {
      t.join();
    }
    for (Throwable f : failed) {
      if (f != null) {
        throw new IllegalStateException(f);
      }
    }
    return into;
  }

  private record CpuShare(
      List<String> keys, int index, int of, Map<String, String> into, Throwable[] failed)
      implements Runnable {
    @Override
    public void run() {
      try {
        for (int i = index; i < keys.size(); i += of) {
          String key = keys.get(i);
          into.put(key, cpu(key));
        }
      } catch (Throwable t) {
        failed[index] = t;
      }
    }
  }

  /**
   * The stash a user writes, as {@link BenchStash} but without a lambda or method reference: the
   * keys of a list, each item's value from a {@link Workload.Item}.
   */
  static final class ColdStash extends MultiProcessStash<String, String> {
    private final List<String> keys;
    private final Workload.Item item;

    ColdStash(Stash<String> delegate, MultiProcessConfig config, List<String> keys,
        Workload.Item item) {
      super("cold", delegate, config);
      this.keys = keys;
      this.item = item;
    }

    @Override
    protected Stream<String> createData() {
      return keys.stream();
    }

    @Override
    protected Iterable<Map.Entry<String, String>> process(List<String> chunk) throws Exception {
      List<Map.Entry<String, String>> values = new ArrayList<>(chunk.size());
      for (String key : chunk) {
        values.add(Map.entry(key, item.value(key)));
      }
      return values;
    }

    /** The number of items the stash primes. */
    int expected() {
      return keys.size();
    }

    /** The backend the last prime ran on ({@code none} if it ran none). */
    String backend() {
      Optional<ProcessReport> report = lastReport();
      return report.isPresent() ? report.get().backend() : "none";
    }
  }

  // ---- items, as classes rather than lambdas (no indy bootstrap outside the library)

  static final Workload.Item TRIVIAL = new Trivial();
  static final Workload.Item SLEEP = new Sleep();
  static final Workload.Item CPU = new Cpu();

  private static final class Trivial implements Workload.Item {
    @Override
    public String value(String key) {
      return key;
    }
  }

  private static final class Sleep implements Workload.Item {
    @Override
    public String value(String key) throws InterruptedException {
      return sleep(key);
    }
  }

  private static final class Cpu implements Workload.Item {
    @Override
    public String value(String key) throws NoSuchAlgorithmException {
      return cpu(key);
    }
  }

  static String sleep(String key) throws InterruptedException {
    Thread.sleep(Workload.IO_MILLIS);
    return key;
  }

  static String cpu(String key) throws NoSuchAlgorithmException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] digest = key.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < CPU_ROUNDS; i++) {
      digest = sha.digest(digest);
    }
    return key;
  }
}
