package zensols.multi.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash recovery on SQLite, as the core's {@code CrashRecoveryTest} for {@code DirectoryStash}: a
 * child JVM ({@link PrimeChild}) primes a robust {@link SqliteStash} of {@value #ITEMS} items on
 * the pool ({@value #WORKERS} workers, chunks of {@value #CHUNK_SIZE}) and is killed with SIGKILL
 * at {@value #KILLS} moments spread over the run, then restarted, until a run completes. A child
 * that completes before its kill lands is not a kill: a tenth of the values are then deleted so
 * that later runs have work to be killed in.
 *
 * <p>After every run, the file is read without the stash, and the test asserts:
 *
 * <ol>
 *   <li>{@code PRAGMA integrity_check} is {@code ok} and every stored value decodes to the right
 *       value (0 corrupt);
 *   <li>every value stored before a run is still stored after it (0 lost);
 *   <li>no run computes a key that was stored when it started, no run computes a key twice, and a
 *       completing run computes exactly the keys missing when it started (only missing keys are
 *       recomputed);
 *   <li><b>one transaction per chunk</b>: the run's chunks are the consecutive slices of
 *       {@value #CHUNK_SIZE} of the sorted missing keys, and after a kill every chunk is either
 *       all stored or all absent;
 *   <li>at the end all values are present and correct, the completion mark is set and no failure
 *       is recorded.
 * </ol>
 */
class SqliteCrashRecoveryTest {
  static final int ITEMS = 20_000;
  static final int WORKERS = 4;
  static final int CHUNK_SIZE = 25;
  static final int KILLS = 24;
  static final int ROUNDS = 40;
  private static final int LINE_BYTES = PrimeChild.key(0).length() + 1;

  private static Connection connect(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file.toUri());
  }

  private record Scan(Set<String> values, List<String> corrupt, String integrity, boolean complete,
      int failures) {}

  /** Reads the file with plain JDBC, decoding every value. */
  private static Scan scan(Path file) throws SQLException {
    Set<String> keys = new HashSet<>();
    List<String> corrupt = new ArrayList<>();
    if (!Files.exists(file)) {
      return new Scan(keys, corrupt, "ok", false, 0);
    }
    try (Connection c = connect(file); Statement s = c.createStatement()) {
      String integrity;
      try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
        rs.next();
        integrity = rs.getString(1);
      }
      Set<String> tables = new HashSet<>();
      try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type='table'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      if (tables.contains(PrimeChild.NAME)) {
        try (ResultSet rs = s.executeQuery("SELECT key, value FROM \"" + PrimeChild.NAME + "\"")) {
          while (rs.next()) {
            String key = rs.getString(1);
            try {
              String read = PrimeChild.CODEC.read(new ByteArrayInputStream(rs.getBytes(2)));
              if (read.equals(PrimeChild.value(key, ROUNDS))) {
                keys.add(key);
              } else {
                corrupt.add(key + " (wrong value)");
              }
            } catch (IOException | RuntimeException e) {
              corrupt.add(key + " (" + e + ")");
            }
          }
        }
      }
      boolean complete = false;
      if (tables.contains(SqliteStash.META_TABLE)) {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT complete FROM " + SqliteStash.META_TABLE + " WHERE stash = ?")) {
          ps.setString(1, PrimeChild.NAME);
          try (ResultSet rs = ps.executeQuery()) {
            complete = rs.next() && rs.getInt(1) == 1;
          }
        }
      }
      int failures = 0;
      String failureTable = PrimeChild.NAME + ".failures";
      if (tables.contains(failureTable)) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM \"" + failureTable + "\"")) {
          rs.next();
          failures = rs.getInt(1);
        }
      }
      return new Scan(keys, corrupt, integrity, complete, failures);
    }
  }

  private static List<String> computedKeys(Path log) throws IOException {
    if (!Files.exists(log)) {
      return List.of();
    }
    String text = Files.readString(log, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    return end < 0 ? List.of() : Arrays.asList(text.substring(0, end).split("\n"));
  }

  private static long loggedCount(Path log) {
    try {
      return Files.size(log) / LINE_BYTES;
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void killedTwentyFourTimesLosesNothingAndRecomputesOnlyMissingChunks(@TempDir Path tmp)
      throws Exception {
    long seed = Long.getLong("zensols.multi.test.crashSeed", System.nanoTime());
    Random random = new Random(seed);
    String context = "seed " + seed + " (rerun with -Dzensols.multi.test.crashSeed=" + seed + ")";
    Path file = tmp.resolve("values.db");
    Path stderr = tmp.resolve("child-stderr.txt");
    Set<String> all = Set.copyOf(PrimeChild.allKeys(ITEMS));
    long[] targets = random.longs(KILLS, 0, (long) (ITEMS * 0.95)).sorted().toArray();
    Map<String, Integer> computations = new HashMap<>();
    Set<String> stored = new HashSet<>();
    int kills = 0;
    int completedEarly = 0;
    int corrupt = 0;
    int maxLostInOneKill = 0;
    int chunksCut = 0;
    long start = System.nanoTime();
    for (int run = 0; ; run++) {
      boolean last = kills >= KILLS;
      List<String> missingAtStart = new ArrayList<>(new TreeSet<>(all));
      missingAtStart.removeAll(stored);
      Path log = tmp.resolve("run-" + run + ".log");
      Process child =
          ChildJvm.command(
                  PrimeChild.class,
                  List.of(file.toString(), log.toString(), String.valueOf(ITEMS),
                      String.valueOf(WORKERS), String.valueOf(CHUNK_SIZE), String.valueOf(ROUNDS)))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
              .start();
      try {
        if (!last) {
          if (run % 4 == 3 && missingAtStart.size() > ITEMS / 4) {
            Thread.sleep(random.nextInt(50, 600)); // a random moment: JVM start, listing keys…
          } else {
            long target =
                Math.min(Math.max(0, targets[kills] - stored.size()), missingAtStart.size() / 2);
            while (child.isAlive() && loggedCount(log) < target) {
              Thread.sleep(1);
            }
            Thread.sleep(random.nextInt(0, 3));
          }
          if (child.isAlive()) {
            child.destroyForcibly();
            kills++;
          } else {
            completedEarly++;
          }
        }
        assertTrue(child.waitFor(3, TimeUnit.MINUTES), "the child ended; " + context);
      } finally {
        child.destroyForcibly();
      }
      boolean completed = last || child.exitValue() == 0;
      if (completed) {
        assertEquals(0, child.exitValue(),
            () -> "the run completed; " + context + "\n" + ChildJvm.readQuietly(stderr));
      }

      List<String> computed = computedKeys(log);
      Set<String> computedOnce = new HashSet<>(computed);
      assertEquals(computed.size(), computedOnce.size(), "run " + run + " computed a key twice");
      Set<String> computedStored = new TreeSet<>(computedOnce);
      computedStored.removeAll(missingAtStart);
      assertEquals(Set.of(), computedStored,
          "run " + run + " computed keys stored when it started; " + context);
      computed.forEach(k -> computations.merge(k, 1, Integer::sum));

      Scan scan = scan(file);
      corrupt += scan.corrupt().size();
      assertEquals("ok", scan.integrity(), "run " + run + ": integrity_check; " + context);
      assertEquals(List.of(), scan.corrupt(), "run " + run + ": every value decodes; " + context);
      assertTrue(scan.values().containsAll(stored), "run " + run + ": a stored value vanished");
      Set<String> appeared = new TreeSet<>(scan.values());
      appeared.removeAll(stored);
      appeared.removeAll(computedOnce);
      assertEquals(Set.of(), appeared, "run " + run + ": values no run computed; " + context);

      // one transaction per chunk: each chunk of this run is all stored or all absent
      for (int from = 0; from < missingAtStart.size(); from += CHUNK_SIZE) {
        List<String> chunk =
            missingAtStart.subList(from, Math.min(missingAtStart.size(), from + CHUNK_SIZE));
        long present = chunk.stream().filter(scan.values()::contains).count();
        if (present != 0 && present != chunk.size()) {
          fail("run " + run + ": chunk " + chunk.get(0) + "… has " + present + " of "
              + chunk.size() + " values stored; " + context);
        }
        if (present == 0 && chunk.stream().anyMatch(computedOnce::contains)) {
          chunksCut++;
        }
      }
      Set<String> lost = new HashSet<>(computedOnce);
      lost.removeAll(scan.values());
      assertTrue(lost.size() <= WORKERS * CHUNK_SIZE,
          "run " + run + " lost " + lost.size() + " computed values, more than a chunk per worker");
      maxLostInOneKill = Math.max(maxLostInOneKill, lost.size());
      stored = new HashSet<>(scan.values());

      if (completed) {
        assertEquals(new HashSet<>(missingAtStart), computedOnce,
            "the completing run computed exactly the missing keys; " + context);
        if (last) {
          assertTrue(scan.complete(), "completion mark");
          assertEquals(0, scan.failures(), "failures recorded");
          break;
        }
        List<String> present = new ArrayList<>(new TreeSet<>(stored));
        Collections.shuffle(present, random);
        List<String> drop = present.subList(0, ITEMS / 10);
        try (Connection c = connect(file);
            PreparedStatement ps =
                c.prepareStatement("DELETE FROM \"" + PrimeChild.NAME + "\" WHERE key = ?")) {
          for (String key : drop) {
            ps.setString(1, key);
            ps.executeUpdate();
          }
        }
        drop.forEach(stored::remove);
      }
    }
    assertEquals(all, stored, "every value is present and correct");
    assertEquals(ITEMS, computations.size(), "every key was computed at least once");
    assertTrue(kills >= 20, "kills: " + kills);
    String stderrText = ChildJvm.readQuietly(stderr);
    assertTrue(!stderrText.contains("restricted method") && !stderrText.contains("native access"),
        "the children ran without a native-access warning:\n" + stderrText);
    int recomputed = computations.values().stream().mapToInt(n -> n - 1).sum();
    System.out.printf(
        "SqliteCrashRecoveryTest: %d kills (%d runs completed before their kill), %d keys"
            + " recomputed (at most %d lost in one kill, %d chunks cut by a kill, each all"
            + " absent), %d corrupt values, 0 lost, %d/%d values present and correct, %.1f s; %s%n",
        kills, completedEarly, recomputed, maxLostInOneKill, chunksCut, corrupt, stored.size(),
        ITEMS, (System.nanoTime() - start) / 1e9, context);
  }
}
