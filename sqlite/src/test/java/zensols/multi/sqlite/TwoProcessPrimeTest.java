package zensols.multi.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs started together prime one robust stash of {@value #ITEMS} items in one SQLite file:
 * both wait at a start line (each prints {@code ready} and waits for a line on standard input),
 * are released at once, and must end with every value stored and correct, having computed,
 * together, fewer than 10% of the keys twice. The prime lease makes the second wait for the first
 * and then find the work done.
 */
class TwoProcessPrimeTest {
  static final int ITEMS = 20_000;
  static final int ROUNDS = 40;

  @Test
  void twoJvmsStartedTogetherDoNotBothDoTheWork(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("shared.db");
    List<Process> children = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        Path log = tmp.resolve("jvm-" + i + ".log");
        logs.add(log);
        children.add(
            ChildJvm.command(
                    PrimeChild.class,
                    List.of(file.toString(), log.toString(), String.valueOf(ITEMS), "2", "100",
                        String.valueOf(ROUNDS), "wait"))
                .redirectError(ProcessBuilder.Redirect.appendTo(tmp.resolve("stderr-" + i).toFile()))
                .start());
      }
      List<BufferedReader> outs = new ArrayList<>();
      for (Process child : children) {
        BufferedReader out =
            new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine(), "the child reached the start line");
        outs.add(out);
      }
      long start = System.nanoTime();
      for (Process child : children) { // the start line: release both
        Writer in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
        in.write("go\n");
        in.flush();
      }
      List<String> results = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Process child = children.get(i);
        results.add(outs.get(i).readLine());
        assertTrue(child.waitFor(5, TimeUnit.MINUTES), "child " + i + " ended");
        assertEquals(0, child.exitValue(),
            () -> ChildJvm.readQuietly(tmp.resolve("stderr-" + children.indexOf(child))));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      List<Set<String>> computed = new ArrayList<>();
      int total = 0;
      for (Path log : logs) {
        List<String> lines =
            Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        total += lines.size();
        computed.add(new HashSet<>(lines));
      }
      Set<String> both = new HashSet<>(computed.get(0));
      both.retainAll(computed.get(1));
      Set<String> union = new HashSet<>(computed.get(0));
      union.addAll(computed.get(1));
      assertEquals(ITEMS, union.size(), "every key was computed");
      try (SqliteStash<String> stash = SqliteStash.open(file, PrimeChild.NAME, PrimeChild.CODEC)) {
        assertEquals(ITEMS, stash.size());
        for (String key : PrimeChild.allKeys(ITEMS)) {
          assertEquals(PrimeChild.value(key, ROUNDS), stash.load(key).orElseThrow(), key);
        }
        assertTrue(stash.isComplete());
      }
      double duplicated = 100.0 * (total - ITEMS) / ITEMS;
      for (int i = 0; i < 2; i++) {
        String err = ChildJvm.readQuietly(tmp.resolve("stderr-" + i));
        assertTrue(!err.contains("restricted method"), "no native-access warning:\n" + err);
      }
      System.out.printf(
          "TwoProcessPrimeTest: two JVMs on one file, %d items: computed %d and %d (%d keys by"
              + " both, %.1f%% duplicated), outputs %s, %.1f s together%n",
          ITEMS, computed.get(0).size(), computed.get(1).size(), both.size(), duplicated, results,
          seconds);
      assertTrue(duplicated < 10, "duplicated work: " + duplicated + "%");
    } finally {
      for (Process child : children) {
        child.destroyForcibly();
      }
    }
  }
}
