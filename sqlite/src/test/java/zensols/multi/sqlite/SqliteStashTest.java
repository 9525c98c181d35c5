package zensols.multi.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zensols.multi.stash.Codec;

/** The stash contract on one file: keys, tables per name, the mark, batches, options. */
class SqliteStashTest {
  @TempDir Path tmp;

  private SqliteStash<String> open(String name) {
    return SqliteStash.open(tmp.resolve("s.db"), name, Codec.utf8());
  }

  @Test
  void storesLoadsDeletesAndClearsAndSurvivesReopening() {
    try (SqliteStash<String> s = open("a")) {
      assertEquals(Optional.empty(), s.load("k"));
      assertFalse(s.exists("k"));
      s.dump("k", "v1");
      s.dump("k", "v2");
      assertEquals(Optional.of("v2"), s.load("k"));
      assertTrue(s.exists("k"));
      assertEquals(1, s.size());
      assertTrue(s.delete("k"));
      assertFalse(s.delete("k"));
      s.dump("x", "1");
      s.markComplete();
      assertTrue(s.isComplete());
    }
    try (SqliteStash<String> s = open("a")) {
      assertEquals(Set.of("x"), s.keys());
      assertTrue(s.isComplete());
      s.clear();
      assertEquals(Set.of(), s.keys());
      assertFalse(s.isComplete(), "clear() clears the mark");
    }
  }

  @Test
  void anyNonEmptyStringIsAKey() {
    List<String> keys =
        List.of("42", "doc-7", "/", "..", ".", "a/b\\c", "with\0nul", "Case", "case", "%2F",
            "CON", "ünïcödé", "😀", "x".repeat(10_000), "\n\t", "'; DROP TABLE a; --", "\"q\"");
    try (SqliteStash<String> s = open("keys")) {
      for (String k : keys) {
        s.dump(k, "v:" + k);
      }
      assertEquals(Set.copyOf(keys), s.keys());
      for (String k : keys) {
        assertEquals(Optional.of("v:" + k), s.load(k), k);
      }
    }
  }

  @Test
  @SuppressWarnings("NullAway") // passes null on purpose
  void rejectsEmptyKeysAndUnpairedSurrogatesQuotingThem() {
    try (SqliteStash<String> s = open("bad")) {
      assertThrows(IllegalArgumentException.class, () -> s.dump("", "v"));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> s.load("a\uD800b"));
      assertTrue(e.toString().contains("a\\uD800b"), e.toString());
      assertThrows(NullPointerException.class, () -> s.load(null));
      assertThrows(NullPointerException.class, () -> s.dump("k", null));
      assertEquals(0, s.size());
    }
  }

  @Test
  void severalStashesShareOneFileEachInItsTable() {
    try (SqliteStash<String> a = open("a");
        SqliteStash<String> b = open("b \"quoted\"");
        SqliteStash<String> c = open("a.failures")) {
      a.dump("k", "A");
      b.dump("k", "B");
      a.markComplete();
      assertEquals(Optional.of("A"), a.load("k"));
      assertEquals(Optional.of("B"), b.load("k"));
      assertEquals(Set.of(), c.keys());
      assertTrue(a.isComplete());
      assertFalse(b.isComplete());
      b.clear();
      assertEquals(Optional.of("A"), a.load("k"));
      assertTrue(a.isComplete());
    }
  }

  @Test
  void dumpAllStoresNothingWhenOneValueCannotBeEncoded() {
    Codec<String> picky =
        new Codec<>() {
          @Override
          public void write(String value, OutputStream out) throws IOException {
            if (value.equals("bad")) {
              throw new IOException("cannot encode bad");
            }
            Codec.utf8().write(value, out);
          }

          @Override
          public String read(InputStream in) throws IOException {
            return Codec.utf8().read(in);
          }
        };
    try (SqliteStash<String> s = SqliteStash.open(tmp.resolve("p.db"), "p", picky)) {
      s.dump("kept", "old");
      Map<String, String> batch = new LinkedHashMap<>();
      batch.put("a", "1");
      batch.put("kept", "new");
      batch.put("b", "bad");
      UncheckedIOException e =
          assertThrows(UncheckedIOException.class, () -> s.dumpAll(batch.entrySet()));
      assertTrue(e.toString().contains("\"b\"") && e.toString().contains("p.db"),
          e.toString());
      assertEquals(Set.of("kept"), s.keys());
      assertEquals(Optional.of("old"), s.load("kept"));
      batch.put("b", "good");
      assertEquals(3, s.dumpAll(batch.entrySet()));
      assertEquals(Optional.of("new"), s.load("kept"));
    }
  }

  @Test
  void pathsWithUriCharactersWork() {
    Path file = tmp.resolve("dir with space?q=1#frag %41 ü").resolve("v.db");
    try (SqliteStash<String> s = SqliteStash.open(file, "n", Codec.utf8())) {
      s.dump("k", "v");
    }
    try (SqliteStash<String> s = SqliteStash.open(file, "n", Codec.utf8())) {
      assertEquals(Optional.of("v"), s.load("k"));
      assertEquals(file.toAbsolutePath().normalize(), s.file());
    }
  }

  @Test
  void builderNamesTheMissingOrWrongOption() {
    assertTrue(assertThrows(IllegalStateException.class,
            () -> SqliteStash.<String>builder().name("n").codec(Codec.utf8()).build())
        .toString().contains("'file'"));
    assertTrue(assertThrows(IllegalStateException.class,
            () -> SqliteStash.<String>builder().file(tmp.resolve("b.db")).codec(Codec.utf8()).build())
        .toString().contains("'name'"));
    for (String bad : List.of("", "sqlite_master", "SQLITE_x", SqliteStash.META_TABLE, "a\0b")) {
      assertThrows(IllegalArgumentException.class, () -> open(bad), bad);
    }
    assertThrows(IllegalArgumentException.class,
        () -> SqliteStash.<String>builder().file(tmp.resolve("b.db")).name("n")
            .codec(Codec.utf8()).busyTimeout(Duration.ofMillis(-1)).build());
    assertThrows(IllegalArgumentException.class,
        () -> SqliteStash.<String>builder().file(tmp.resolve("b.db")).name("n")
            .codec(Codec.utf8()).maxIdleReaders(0).build());
  }

  @Test
  void closedStashRejectsUseAndCloseIsIdempotent() {
    SqliteStash<String> s = open("c");
    s.dump("k", "v");
    s.failureStash();
    s.close();
    s.close();
    assertThrows(IllegalStateException.class, () -> s.load("k"));
    assertThrows(IllegalStateException.class, () -> s.dump("k", "v"));
    try (SqliteStash<String> again = open("c")) {
      assertEquals(Optional.of("v"), again.load("k"));
    }
  }
}
