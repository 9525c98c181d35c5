package zensols.multi.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zensols.multi.EnablePreemptive;
import zensols.multi.MultiProcessConfig;
import zensols.multi.MultiProcessFactoryStash;
import zensols.multi.Processor;
import zensols.multi.WorkerCount;
import zensols.multi.stash.Codec;
import zensols.multi.stash.MemoryStash;
import zensols.multi.stash.SharedStash;

/** Threads on one stash, readers against writers, and the in-JVM side of the prime lease. */
class SqliteConcurrencyTest {
  @TempDir Path tmp;

  @Test
  void workersOfOnePrimeWriteConcurrentlyWithoutBusyErrors() {
    MemoryStash<String> factory = new MemoryStash<>();
    IntStream.range(0, 20_000).forEach(i -> factory.dump("k" + i, "v" + i));
    try (SqliteStash<String> values =
        SqliteStash.<String>builder().file(tmp.resolve("w.db")).name("w").codec(Codec.utf8())
            .busyTimeout(Duration.ZERO).build()) { // any SQLITE_BUSY would surface at once
      for (Processor p : List.of(Processor.pool(), Processor.virtual())) {
        values.clear();
        MultiProcessFactoryStash<String> stash =
            new MultiProcessFactoryStash<>(
                "w", values, factory, new MultiProcessConfig(50, WorkerCount.of(8), p),
                EnablePreemptive.FALSE);
        stash.prime();
        assertEquals(20_000, values.size(), p.toString());
        assertEquals(Optional.of("v123"), values.load("k123"));
        assertTrue(values.isComplete());
      }
    }
  }

  @Test
  void aReaderDoesNotBlockAWriterNorAWriterAReader() throws Exception {
    Path file = tmp.resolve("rw.db");
    try (SqliteStash<String> s =
            SqliteStash.<String>builder().file(file).name("rw").codec(Codec.utf8())
                .busyTimeout(Duration.ZERO).build();
        Connection reader = DriverManager.getConnection("jdbc:sqlite:" + file.toUri());
        Connection writer = DriverManager.getConnection("jdbc:sqlite:" + file.toUri());
        Statement r = reader.createStatement();
        Statement w = writer.createStatement()) {
      s.dump("a", "1");
      s.dump("b", "2");
      // a long read: a read transaction with an open cursor
      r.execute("BEGIN");
      try (ResultSet rs = r.executeQuery("SELECT key FROM rw")) {
        assertTrue(rs.next());
        s.dump("c", "3"); // busy timeout 0: would fail at once if the reader blocked it
        assertEquals(Optional.of("3"), s.load("c"));
      }
      r.execute("COMMIT");
      // an open write transaction elsewhere: reads go on, seeing the committed state
      w.execute("BEGIN IMMEDIATE");
      w.execute("INSERT INTO rw (key, value) VALUES ('uncommitted', x'00')");
      assertEquals(Set.of("a", "b", "c"), s.keys());
      assertEquals(Optional.of("2"), s.load("b"));
      w.execute("ROLLBACK");
    }
  }

  @Test
  void manyThreadsReadAndWriteOneStash() throws Exception {
    int threads = 8;
    int each = 2_000;
    try (SqliteStash<String> s = SqliteStash.open(tmp.resolve("m.db"), "m", Codec.utf8())) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int id = t;
          futures.add(pool.submit(() -> {
            start.await();
            for (int i = 0; i < each; i++) {
              String key = id + ":" + i;
              s.dump(key, key);
              if (!s.load(key).equals(Optional.of(key))) {
                throw new AssertionError("read back " + key);
              }
            }
            return null;
          }));
        }
        start.countDown();
        for (Future<?> f : futures) {
          f.get(2, TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
      }
      assertEquals(threads * each, s.size());
    }
  }

  @Test
  void theSecondHolderOfAPrimeLeaseWaitsForTheFirst() throws Exception {
    Path file = tmp.resolve("lease.db");
    try (SqliteStash<String> one = SqliteStash.open(file, "x", Codec.utf8());
        SqliteStash<String> two = SqliteStash.open(file, "x", Codec.utf8())) {
      CountDownLatch waiting = new CountDownLatch(1);
      List<String> trail = java.util.Collections.synchronizedList(new ArrayList<>());
      Future<?> second;
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try (SharedStash.Lease first = one.awaitPrimeLease("x")) {
        trail.add("first holds");
        second = pool.submit(() -> {
          waiting.countDown();
          try (SharedStash.Lease lease = two.awaitPrimeLease("x")) {
            trail.add("second holds");
          }
          return null;
        });
        waiting.await();
        // another name is independent
        try (SharedStash.Lease other = two.awaitPrimeLease("y")) {
          trail.add("other name holds");
        }
        trail.add("first releases");
      }
      second.get(1, TimeUnit.MINUTES);
      pool.shutdown();
      assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
      assertEquals(List.of("first holds", "other name holds", "first releases", "second holds"),
          trail.stream().collect(Collectors.toList()));
    }
  }
}
