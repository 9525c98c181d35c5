package zensols.multi.stash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryStashTest {

  @TempDir Path tmp;

  @Test
  void directoryIsCreatedOnFirstDumpOnly() {
    Path dir = tmp.resolve("a/b/stash");
    DirectoryStash<String> stash = new DirectoryStash<>(dir, Codec.utf8());
    assertEquals(dir.toAbsolutePath(), stash.directory());
    assertSame(Codec.utf8(), stash.codec());
    assertFalse(stash.isSyncWrites());
    assertEquals(Set.of(), stash.keys());
    assertEquals(0, stash.size());
    assertEquals(Optional.empty(), stash.load("k"));
    assertFalse(stash.exists("k"));
    assertFalse(stash.delete("k"));
    assertFalse(stash.isComplete());
    stash.clear();
    assertFalse(Files.exists(dir), "reads and clear do not create the directory");
    stash.dump("k", "v");
    assertTrue(Files.isDirectory(dir));
  }

  @Test
  void oneFileNamedExactlyTheKeyHoldingTheEncodedValue() throws IOException {
    DirectoryStash<String> stash = new DirectoryStash<>(tmp, Codec.utf8());
    stash.dump("doc 1.txt", "héllo");
    assertEquals("héllo", Files.readString(tmp.resolve("doc%201.txt"), StandardCharsets.UTF_8));
    try (var entries = Files.list(tmp)) {
      assertEquals(
          Set.of("doc%201.txt", DirectoryStash.FORMAT_NAME),
          entries.map(p -> p.getFileName().toString())
              .filter(n -> !n.startsWith(DirectoryStash.WRITER_PREFIX)) // this JVM's registration
              .collect(Collectors.toSet()));
    }
  }

  @Test
  void dumpLoadOverwriteDeleteAndListing() {
    DirectoryStash<String> stash = new DirectoryStash<>(tmp, Codec.utf8());
    stash.dump("a", "1");
    stash.dump("b", "2");
    stash.dump("a", "3");
    assertEquals(Optional.of("3"), stash.load("a"));
    assertEquals(Optional.of("2"), stash.get("b"));
    assertTrue(stash.exists("b"));
    assertEquals(Set.of("a", "b"), stash.keys());
    assertEquals(2, stash.size());
    assertEquals(
        Map.of("a", "3", "b", "2"),
        stash.items().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    assertTrue(stash.delete("a"));
    assertFalse(stash.delete("a"));
    assertEquals(Set.of("b"), stash.keys());
    assertEquals(Optional.of("2"), new DirectoryStash<>(tmp, Codec.utf8()).load("b"));
  }

  @Test
  void completionMarkIsAHiddenFileClearedByClear() throws IOException {
    DirectoryStash<String> stash = new DirectoryStash<>(tmp.resolve("s"), Codec.utf8());
    stash.markComplete();
    assertTrue(stash.isComplete(), "marking creates the directory if needed");
    stash.clearComplete();
    stash.dump("a", "1");
    assertFalse(stash.isComplete());
    stash.markComplete();
    stash.markComplete();
    Path marker = stash.directory().resolve(DirectoryStash.MARKER_NAME);
    assertEquals(".complete", marker.getFileName().toString());
    assertTrue(Files.isRegularFile(marker));
    assertTrue(Files.readString(marker).startsWith("complete "));
    assertEquals(Set.of("a"), stash.keys(), "the mark is not a key");
    DirectoryStash<String> reopened = new DirectoryStash<>(stash.directory(), Codec.utf8());
    assertTrue(reopened.isComplete(), "the mark is durable");
    reopened.clear();
    assertFalse(stash.isComplete());
    assertFalse(Files.exists(marker));
    assertEquals(Set.of(), stash.keys());
    assertTrue(Files.isDirectory(stash.directory()), "clear keeps the directory");
  }

  @Test
  void clearLeavesEntriesThatAreNotValues() throws IOException {
    DirectoryStash<String> stash = new DirectoryStash<>(tmp, Codec.utf8());
    stash.dump("a", "1");
    Files.createDirectory(tmp.resolve("sub"));
    stash.clear();
    assertTrue(Files.isDirectory(tmp.resolve("sub")));
    assertFalse(Files.exists(tmp.resolve("a")));
  }

  @Test
  void corruptFileNamesKeyAndFileAndOtherKeysStayReadable() throws IOException {
    DirectoryStash<String> stash = new DirectoryStash<>(tmp, Codec.utf8());
    stash.dump("good", "fine");
    Files.write(tmp.resolve("bad"), new byte[] {'x', (byte) 0xFF, (byte) 0xFE});
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> stash.load("bad"));
    assertTrue(Thrown.message(e).contains("key \"bad\""), Thrown.message(e));
    assertTrue(Thrown.message(e).contains(tmp.resolve("bad").toString()), Thrown.message(e));
    assertInstanceOf(CharacterCodingException.class, Thrown.cause(e));
    assertEquals(Optional.of("fine"), stash.load("good"));
    assertEquals(Set.of("good", "bad"), stash.keys(), "keys() reads no value");
  }

  @Test
  void codecFailuresOnReadAreWrappedWithKeyAndFile() {
    Codec<String> nullOnRead =
        new Codec<>() {
          @Override
          public void write(String value, OutputStream out) throws IOException {
            Codec.utf8().write(value, out);
          }

          @Override
          public String read(InputStream in) {
            return TestNulls.string();
          }
        };
    Codec<String> throwingOnRead =
        new Codec<>() {
          @Override
          public void write(String value, OutputStream out) throws IOException {
            Codec.utf8().write(value, out);
          }

          @Override
          public String read(InputStream in) {
            throw new IllegalStateException("bad format");
          }
        };
    new DirectoryStash<>(tmp, Codec.utf8()).dump("k", "v");
    UncheckedIOException nul =
        assertThrows(
            UncheckedIOException.class, () -> new DirectoryStash<>(tmp, nullOnRead).load("k"));
    assertTrue(Thrown.message(nul).contains("returned null"), Thrown.message(nul));
    UncheckedIOException thrown =
        assertThrows(
            UncheckedIOException.class, () -> new DirectoryStash<>(tmp, throwingOnRead).load("k"));
    assertTrue(Thrown.message(thrown).contains("key \"k\""), Thrown.message(thrown));
    assertTrue(Thrown.message(thrown).contains("bad format"), Thrown.message(thrown));
    assertInstanceOf(IllegalStateException.class, Thrown.cause(Thrown.cause(thrown)));
  }

  @Test
  void aRegularFileIsNotADirectory() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new DirectoryStash<>(file, Codec.utf8()));
    assertTrue(Thrown.message(e).contains(file.toString()), Thrown.message(e));
  }

  @Test
  void builderWithSyncWrites() {
    DirectoryStash<byte[]> stash =
        DirectoryStash.builder(tmp.resolve("synced"), Codec.bytes()).syncWrites(true).build();
    assertTrue(stash.isSyncWrites());
    stash.dump("k", new byte[] {1, 2, 3});
    stash.markComplete();
    assertEquals(3, stash.load("k").orElseThrow().length);
    assertTrue(stash.isComplete());
  }

  @Test
  void serializableValuesRoundTrip() {
    DirectoryStash<java.util.List<Integer>> stash =
        new DirectoryStash<>(tmp, castList(Codec.serializable(java.util.List.class)));
    stash.dump("list", java.util.List.of(1, 2, 3));
    assertEquals(Optional.of(java.util.List.of(1, 2, 3)), stash.load("list"));
  }

  @SuppressWarnings("unchecked")
  private static Codec<java.util.List<Integer>> castList(Codec<?> codec) {
    return (Codec<java.util.List<Integer>>) codec;
  }

  @Test
  void nullArgumentsAreRejected() {
    DirectoryStash<String> stash = new DirectoryStash<>(tmp, Codec.utf8());
    assertEquals(
        "key",
        assertThrows(NullPointerException.class, () -> stash.load(TestNulls.string()))
            .getMessage());
    assertEquals(
        "value",
        assertThrows(NullPointerException.class, () -> stash.dump("k", TestNulls.string()))
            .getMessage());
    assertThrows(
        NullPointerException.class, () -> new DirectoryStash<String>(tmp, nullCodec()));
    assertThrows(
        NullPointerException.class, () -> new DirectoryStash<>(TestNulls.nullOf(Path.class), Codec.utf8()));
  }

  @SuppressWarnings("unchecked")
  private static Codec<String> nullCodec() {
    return (Codec<String>) TestNulls.nullOf(Codec.class);
  }
}
