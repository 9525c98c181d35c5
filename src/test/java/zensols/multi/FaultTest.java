package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import zensols.multi.stash.Codec;
import zensols.multi.stash.DelegateStash;
import zensols.multi.stash.DirectoryStash;
import zensols.multi.stash.MemoryStash;
import zensols.multi.stash.Stash;

/**
 * Faults of issue 5: an {@link Error} in a chunk, a codec that fails half-way through a write (a
 * simulated full disk) and a delegate whose {@code dump} throws. Each stops the prime with a clear
 * exception, starts no thread that outlives it, leaves no partial file and keeps what was written.
 */
class FaultTest {

  @TempDir Path tmp;

  private static Set<String> names(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return Set.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> String.valueOf(p.getFileName()))
          // the prime lock, the format mark and this JVM's writer registration, by design
          .filter(n -> !n.equals(DirectoryStash.LOCK_NAME) && !n.equals(DirectoryStash.FORMAT_NAME)
              && !n.startsWith(DirectoryStash.WRITER_PREFIX))
          .collect(Collectors.toSet());
    }
  }

  private static boolean hasTemporaryFile(Path dir) throws IOException {
    return names(dir).stream().anyMatch(n -> n.startsWith(DirectoryStash.TEMP_PREFIX));
  }

  /** Recurses until the stack overflows (it would stop only after 2^31 calls). */
  static int recurse(int depth) {
    return depth < 0 ? 0 : 1 + recurse(depth + 1);
  }

  /**
   * Chunk 0 overflows its stack once the other chunks have started and block; they wait for a
   * latch that is never released, so only the cancellation can end them.
   */
  static final class OverflowStash extends MultiProcessStash<Integer, String> {
    final Queue<Thread> threads = new ConcurrentLinkedQueue<>();
    final AtomicInteger interrupted = new AtomicInteger();
    final AtomicInteger started = new AtomicInteger();
    final CountDownLatch othersBlocked;
    private final CountDownLatch never = new CountDownLatch(1);

    OverflowStash(Stash<String> delegate, Processor processor, int workers) {
      super("overflow", delegate, new MultiProcessConfig(1, WorkerCount.of(workers), processor));
      othersBlocked = new CountDownLatch(workers - 1);
    }

    @Override
    protected Stream<Integer> createData() {
      return IntStream.range(0, 50).boxed();
    }

    @Override
    protected Iterable<Map.Entry<String, String>> process(List<Integer> chunk)
        throws InterruptedException {
      threads.add(Thread.currentThread());
      started.incrementAndGet();
      int item = chunk.get(0);
      if (item == 0) {
        assertTrue(othersBlocked.await(60, TimeUnit.SECONDS));
        return List.of(Map.entry("overflow", Integer.toString(recurse(0))));
      }
      othersBlocked.countDown();
      try {
        never.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
        throw e;
      }
      return List.of(Map.entry("late-" + item, "not cancelled"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"pool", "virtual"})
  void stackOverflowInAChunkCancelsEverythingAndLeaksNoThread(String kind) throws IOException {
    Path dir = tmp.resolve(kind);
    DirectoryStash<String> delegate = new DirectoryStash<>(dir, Codec.utf8());
    delegate.dump("kept", "from before");
    int workers = 4;
    OverflowStash stash = new OverflowStash(delegate, Processor.of(kind), workers);

    ChunkFailedException e = assertThrows(ChunkFailedException.class, stash::prime);
    assertTrue(Messages.of(e).startsWith("stash 'overflow': chunk 0 failed: "), Messages.of(e));
    assertInstanceOf(StackOverflowError.class, e.getCause());
    assertEquals(workers - 1, stash.interrupted.get(), "the other chunks were interrupted");
    assertEquals(workers, stash.started.get(), "no chunk started after the failure");
    for (Thread thread : stash.threads) {
      assertFalse(thread.isAlive(), thread + " outlived the prime");
    }
    assertTrue(
        Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.getName().startsWith("overflow-")),
        "no worker thread of the stash is left");
    assertEquals(Set.of("kept"), names(dir), "nothing written, nothing lost, no mark");
    assertEquals(Optional.of("from before"), delegate.load("kept"));
  }

  /**
   * Encodes as UTF-8 but, for the value "FULL", writes half of the bytes and then fails as a full
   * disk does.
   */
  static final class DiskFullCodec implements Codec<String> {
    final AtomicInteger failures = new AtomicInteger();

    @Override
    public void write(String value, OutputStream out) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      Codec.utf8().write(value, bytes);
      byte[] all = bytes.toByteArray();
      if (value.startsWith("FULL")) {
        out.write(all, 0, all.length / 2);
        out.flush();
        failures.incrementAndGet();
        throw new IOException("No space left on device");
      }
      out.write(all);
    }

    @Override
    public String read(InputStream in) throws IOException {
      return Codec.utf8().read(in);
    }
  }

  @Test
  void codecFailingHalfWayLeavesNoPartialFileAndKeepsTheOldValue() throws IOException {
    Path dir = tmp.resolve("full");
    DiskFullCodec codec = new DiskFullCodec();
    DirectoryStash<String> stash = new DirectoryStash<>(dir, codec);
    stash.dump("k", "old value");
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> stash.dump("k", "FULL new value"));
    String message = Messages.of(e);
    assertTrue(message.startsWith("cannot write key \"k\" to file " + dir.resolve("k")), message);
    assertTrue(message.contains("No space left on device"), message);
    assertFalse(hasTemporaryFile(dir), names(dir).toString());
    assertEquals(Set.of("k"), names(dir));
    assertEquals(Optional.of("old value"), stash.load("k"));

    assertThrows(UncheckedIOException.class, () -> stash.dump("new", "FULL"));
    assertEquals(Set.of("k"), names(dir), "no partial file for a new key either");
  }

  /** A factory of ten values whose value of key "5" makes the codec fail. */
  static Stash<String> factoryWithFullDiskAt5() {
    return new HookedFactory(new CountingFactory(10),
        (key, value) -> value.map(v -> key.equals("5") ? "FULL " + v : v));
  }

  @Test
  void primeStopsCleanlyWhenTheDiskFillsUpAndResumesWithOnlyTheMissingKeys() throws IOException {
    Path dir = tmp.resolve("prime-full");
    DiskFullCodec codec = new DiskFullCodec();
    Stash<String> factory = factoryWithFullDiskAt5();
    MultiProcessRobustStash<String> stash =
        new MultiProcessRobustStash<>("full", new DirectoryStash<>(dir, codec), factory,
            new MultiProcessConfig(2, WorkerCount.of(1), Processor.pool()), true,
            new MemoryStash<>());
    ChunkFailedException e = assertThrows(ChunkFailedException.class, stash::prime);
    // sorted keys 0,1,2,...,9: chunk 2 holds "4" and "5"
    assertTrue(Messages.of(e).startsWith("stash 'full': chunk 2 failed: "), Messages.of(e));
    UncheckedIOException cause = assertInstanceOf(UncheckedIOException.class, e.getCause());
    assertTrue(Messages.of(cause).contains("key \"5\""), Messages.of(cause));
    assertEquals(Set.of("0", "1", "2", "3", "4"), names(dir), "written before; no partial file");
    assertEquals(Set.of(), stash.failures().keys(), "a failed dump is not an item failure");

    // the disk has room again: a new instance computes only what is missing
    DirectoryStash<String> healthy = new DirectoryStash<>(dir, Codec.utf8());
    for (String key : List.of("0", "1", "2", "3", "4")) {
      assertEquals(Optional.of("value-" + key), healthy.load(key));
    }
    CountingFactory again = new CountingFactory(10);
    MultiProcessRobustStash<String> resumed =
        new MultiProcessRobustStash<>("full", healthy, again,
            new MultiProcessConfig(2, WorkerCount.of(1), Processor.pool()), true,
            new MemoryStash<>());
    assertEquals(10, resumed.size());
    assertEquals(new TreeSet<>(List.of("5", "6", "7", "8", "9")), again.loadedKeys());
  }

  /** Forwards to a delegate but refuses every dump after the first {@code allowed}. */
  static final class RefusingStash extends DelegateStash<String> {
    final AtomicInteger dumps = new AtomicInteger();
    final Set<String> stored = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final int allowed;

    RefusingStash(Stash<String> delegate, int allowed) {
      super(delegate);
      this.allowed = allowed;
    }

    @Override
    public void dump(String key, String value) {
      if (dumps.incrementAndGet() > allowed) {
        throw new IllegalStateException("delegate refuses key \"" + key + "\"");
      }
      super.dump(key, value);
      stored.add(key);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"pool", "virtual", "single"})
  void delegateWhoseDumpThrowsStopsThePrimeAndKeepsWhatWasWritten(String kind)
      throws IOException {
    Path dir = tmp.resolve("refusing-" + kind);
    DirectoryStash<String> directory = new DirectoryStash<>(dir, Codec.utf8());
    RefusingStash refusing = new RefusingStash(directory, 7);
    CountingFactory factory = new CountingFactory(200);
    MultiProcessRobustStash<String> stash =
        new MultiProcessRobustStash<>("refusing", refusing, factory,
            new MultiProcessConfig(5, WorkerCount.of(3), Processor.of(kind)), true,
            new MemoryStash<>());
    ChunkFailedException e = assertThrows(ChunkFailedException.class, stash::prime);
    assertTrue(Messages.of(e).startsWith("stash 'refusing': chunk "), Messages.of(e));
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertTrue(Messages.of(e).contains("delegate refuses key"), Messages.of(e));

    // what the delegate wrote stays; a dump in flight in another worker when the cancellation
    // interrupted it may fail (its file channel closed by the interrupt), never half-written
    Set<String> written = directory.keys();
    assertEquals(refusing.stored, written, "exactly the values the delegate wrote are kept");
    assertTrue(written.size() <= 7 && !written.isEmpty(), written::toString);
    for (String key : written) {
      assertEquals(Optional.of("value-" + key), directory.load(key));
    }
    assertFalse(hasTemporaryFile(dir));
    // each worker stops after its chunk's failed dump: at most one item per worker computed
    // beyond the dumps, and no chunk beyond those running when the first dump failed
    assertTrue(factory.totalLoads() <= refusing.dumps.get() + 3, () -> "loads "
        + factory.totalLoads() + ", dumps " + refusing.dumps.get());
    assertTrue(factory.totalLoads() < 200 - 5, "the prime stopped: " + factory.totalLoads());

    // a new instance over the healthy delegate computes only the missing keys
    CountingFactory again = new CountingFactory(200);
    MultiProcessRobustStash<String> resumed =
        new MultiProcessRobustStash<>("refusing", directory, again,
            new MultiProcessConfig(5, WorkerCount.of(3), Processor.of(kind)));
    assertEquals(200, resumed.size());
    assertEquals(200 - written.size(), again.totalLoads());
    assertTrue(again.loadedKeys().stream().noneMatch(written::contains));
  }
}
