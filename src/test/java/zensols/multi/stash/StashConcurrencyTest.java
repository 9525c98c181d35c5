package zensols.multi.stash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads dumping into the stashes at once lose nothing and never expose partial values. */
class StashConcurrencyTest {

  static final int THREADS = 16;

  /** Runs {@code task(thread)} on {@link #THREADS} threads released together; rethrows. */
  static void runTogether(int threads, ThreadTask task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Callable<Void> call =
            () -> {
              start.await();
              task.run(thread);
              return null;
            };
        futures.add(pool.submit(call));
      }
      start.countDown();
      for (Future<Void> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  /** One thread's share of the work. */
  @FunctionalInterface
  interface ThreadTask {
    void run(int thread) throws Exception;
  }

  /** A value that proves its own integrity: a header and a body derived from it. */
  static String value(int thread, int i) {
    String header = "t" + thread + "-i" + i + ":";
    return header + header.repeat(2000);
  }

  static boolean intact(String value) {
    int colon = value.indexOf(':');
    String header = value.substring(0, colon + 1);
    return value.equals(header + header.repeat(2000));
  }

  @Test
  void memoryStashKeepsEveryConcurrentDump() throws Exception {
    MemoryStash<String> stash = new MemoryStash<>();
    runTogether(
        THREADS,
        thread -> {
          for (int i = 0; i < 1000; i++) {
            stash.dump(thread + "-" + i, "v" + thread + "-" + i);
            stash.dump("shared-" + (i % 10), "t" + thread);
          }
        });
    assertEquals(THREADS * 1000 + 10, stash.size());
    for (int t = 0; t < THREADS; t++) {
      for (int i = 0; i < 1000; i += 97) {
        assertEquals(Optional.of("v" + t + "-" + i), stash.load(t + "-" + i));
      }
    }
    Set<String> writers =
        IntStream.range(0, THREADS).mapToObj(t -> "t" + t).collect(Collectors.toSet());
    for (int i = 0; i < 10; i++) {
      assertTrue(writers.contains(stash.load("shared-" + i).orElseThrow()));
    }
  }

  @Test
  void directoryStashKeepsEveryConcurrentDumpOfDistinctKeys(@TempDir Path dir)
      throws Exception {
    DirectoryStash<String> stash = new DirectoryStash<>(dir.resolve("s"), Codec.utf8());
    runTogether(
        THREADS,
        thread -> {
          for (int i = 0; i < 40; i++) {
            stash.dump(thread + "-" + i, value(thread, i));
          }
        });
    assertEquals(THREADS * 40, stash.size());
    for (int t = 0; t < THREADS; t++) {
      for (int i = 0; i < 40; i++) {
        assertEquals(Optional.of(value(t, i)), stash.load(t + "-" + i));
      }
    }
    assertNoTemporaryFiles(stash.directory());
  }

  @Test
  void directoryStashSameKeyLastWriterWinsAndReadersNeverSeePartialValues(@TempDir Path dir)
      throws Exception {
    DirectoryStash<String> stash = new DirectoryStash<>(dir, Codec.utf8());
    stash.dump("shared", value(99, 0));
    AtomicBoolean writing = new AtomicBoolean(true);
    Set<String> written = java.util.concurrent.ConcurrentHashMap.newKeySet();
    written.add(value(99, 0));
    int writers = 8;
    runTogether(
        writers + 4,
        thread -> {
          if (thread < writers) {
            for (int i = 0; i < 60; i++) {
              String v = value(thread, i);
              written.add(v);
              stash.dump("shared", v);
            }
            if (thread == 0) {
              writing.set(false);
            }
          } else {
            int reads = 0;
            while (writing.get() || reads < 50) {
              String v = stash.load("shared").orElseThrow();
              assertTrue(intact(v), "partial value read");
              assertTrue(written.contains(v), "value never written");
              reads++;
            }
          }
        });
    String last = stash.load("shared").orElseThrow();
    assertTrue(intact(last));
    assertTrue(written.contains(last));
    assertEquals(Set.of("shared"), stash.keys());
    assertNoTemporaryFiles(dir);
  }

  static void assertNoTemporaryFiles(Path dir) throws IOException {
    Set<String> names = new HashSet<>();
    try (var list = Files.list(dir)) {
      list.forEach(p -> names.add(p.getFileName().toString()));
    }
    assertTrue(
        names.stream().noneMatch(n -> n.startsWith(DirectoryStash.TEMP_PREFIX)),
        names::toString);
  }
}
