package zensols.multi.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zensols.multi.stash.Codec;

/**
 * Bad files and faults: each gives an {@link UncheckedIOException} naming the file (and the key),
 * and nothing stored before is lost.
 */
class SqliteFaultTest {
  @TempDir Path tmp;

  private static String message(Throwable e) {
    return String.valueOf(e.getMessage());
  }

  @Test
  void aFileThatIsNotSqliteIsNamedAndLeftAlone() throws Exception {
    Path file = tmp.resolve("notes.txt");
    byte[] text = "these are my notes, not a database\n".repeat(200).getBytes(StandardCharsets.UTF_8);
    Files.write(file, text);
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> SqliteStash.open(file, "n", Codec.utf8()));
    assertTrue(message(e).contains(file.toString()) && message(e).contains("not a SQLite database"),
        message(e));
    assertEquals(text.length, Files.size(file), "the file is untouched");
  }

  @Test
  void aTruncatedFileIsReportedAsDamagedNamingTheFile() throws Exception {
    Path file = tmp.resolve("t.db");
    try (SqliteStash<String> s = SqliteStash.open(file, "n", Codec.utf8())) {
      Map<String, String> batch = new LinkedHashMap<>();
      for (int i = 0; i < 20_000; i++) {
        batch.put("key-" + i, "value-" + i);
      }
      s.dumpAll(batch.entrySet());
    }
    long size = Files.size(file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size / 2);
    }
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> {
          try (SqliteStash<String> s = SqliteStash.open(file, "n", Codec.utf8())) {
            s.keys();
            for (int i = 0; i < 20_000; i++) {
              s.load("key-" + i);
            }
          }
        });
    assertTrue(message(e).contains(file.toString()) && message(e).contains("damaged"), message(e));
  }

  @Test
  void aFileLockedByAnotherConnectionFailsAfterTheBusyTimeoutAndLosesNothing() throws Exception {
    Path file = tmp.resolve("l.db");
    try (SqliteStash<String> s =
            SqliteStash.<String>builder().file(file).name("n").codec(Codec.utf8())
                .busyTimeout(Duration.ofMillis(200)).build();
        Connection other = DriverManager.getConnection("jdbc:sqlite:" + file.toUri());
        Statement st = other.createStatement()) {
      s.dump("before", "1");
      st.execute("BEGIN EXCLUSIVE"); // another holder of the write lock, as another process
      UncheckedIOException e =
          assertThrows(UncheckedIOException.class, () -> s.dump("during", "2"));
      assertTrue(message(e).contains(file.toString()) && message(e).contains("\"during\"")
          && message(e).contains("locked"), message(e));
      st.execute("ROLLBACK");
      s.dump("after", "3");
      assertEquals(Optional.of("1"), s.load("before"));
      assertEquals(Optional.empty(), s.load("during"));
      assertEquals(Optional.of("3"), s.load("after"));
    }
  }

  @Test
  void aFullDiskRollsTheBatchBackNamingTheFileAndKeepsWhatWasStored() {
    Path file = tmp.resolve("full.db");
    try (SqliteStash<String> s =
        SqliteStash.<String>builder().file(file).name("n").codec(Codec.utf8())
            .maxPageCount(40).build()) {
      s.dump("small", "ok");
      Map<String, String> batch = new LinkedHashMap<>();
      for (int i = 0; i < 2_000; i++) {
        batch.put("big-" + i, "x".repeat(200));
      }
      UncheckedIOException e =
          assertThrows(UncheckedIOException.class, () -> s.dumpAll(batch.entrySet()));
      assertTrue(message(e).contains(file.toString()) && message(e).contains("full")
          && message(e).contains("none of them is stored"), message(e));
      assertEquals(1, s.size(), "nothing of the batch");
      assertEquals(Optional.of("ok"), s.load("small"));
      s.dump("still", "writable");
      assertEquals(2, s.size());
    }
  }

  @Test
  void aValueTheCodecCannotDecodeNamesTheKeyAndTheFileAndOtherKeysStayReadable()
      throws Exception {
    Path file = tmp.resolve("d.db");
    try (SqliteStash<String> s = SqliteStash.open(file, "n", Codec.serializable(String.class))) {
      s.dump("good", "value");
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toUri());
          PreparedStatement ps =
              c.prepareStatement("INSERT INTO n (key, value) VALUES ('bad', ?)")) {
        ps.setBytes(1, new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 1, 2, 3});
        ps.executeUpdate();
      }
      UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> s.load("bad"));
      assertTrue(message(e).contains(file.toString()) && message(e).contains("\"bad\""),
          message(e));
      assertEquals(Optional.of("value"), s.load("good"));
    }
  }

  @Test
  void aTableOfThatNameThatIsNotAStashIsRefused() throws Exception {
    Path file = tmp.resolve("mine.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toUri());
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE people (id INTEGER, name TEXT)");
    }
    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class, () -> SqliteStash.open(file, "people", Codec.utf8()));
    assertTrue(message(e).contains("not a stash's table") && message(e).contains(file.toString()),
        message(e));
  }
}
