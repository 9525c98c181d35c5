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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes are atomic, failed writes leave nothing, leftovers are removed on open. */
class DirectoryStashAtomicityTest {

  /** An error the codec throws, to check it is rethrown as is. */
  static final class CodecError extends Error {
    private static final long serialVersionUID = 1L;

    CodecError() {
      super("codec error");
    }
  }

  /** Writes half of the value, flushes, then throws what {@code failure} supplies. */
  static final class HalfWayCodec implements Codec<String> {
    private final Supplier<Throwable> failure;

    HalfWayCodec(Supplier<Throwable> failure) {
      this.failure = failure;
    }

    @Override
    public void write(String value, OutputStream out) throws IOException {
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      out.write(bytes, 0, bytes.length / 2);
      out.flush();
      Throwable t = failure.get();
      if (t instanceof IOException e) {
        throw e;
      }
      if (t instanceof RuntimeException e) {
        throw e;
      }
      throw (Error) t;
    }

    @Override
    public String read(InputStream in) throws IOException {
      return Codec.utf8().read(in);
    }
  }

  @TempDir Path dir;

  private Set<String> entries() throws IOException {
    try (var list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString())
          // the format mark and this JVM's writer registration, by design
          .filter(n -> !n.equals(DirectoryStash.FORMAT_NAME)
              && !n.startsWith(DirectoryStash.WRITER_PREFIX))
          .collect(Collectors.toSet());
    }
  }

  @Test
  void codecFailingHalfWayLeavesNoFileAndNoTempFile() throws IOException {
    DirectoryStash<String> stash =
        new DirectoryStash<>(dir, new HalfWayCodec(() -> new IOException("disk on fire")));
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> stash.dump("key", "0123456789"));
    assertTrue(Thrown.message(e).contains("key \"key\""), Thrown.message(e));
    assertTrue(Thrown.message(e).contains(dir.resolve("key").toString()), Thrown.message(e));
    assertTrue(Thrown.message(e).contains("disk on fire"), Thrown.message(e));
    assertEquals(Set.of(), entries());
    assertFalse(stash.exists("key"));
    assertEquals(Optional.empty(), stash.load("key"));
  }

  @Test
  void failedOverwriteKeepsThePreviousValue() throws IOException {
    new DirectoryStash<>(dir, Codec.utf8()).dump("key", "old value");
    DirectoryStash<String> failing =
        new DirectoryStash<>(dir, new HalfWayCodec(() -> new IllegalStateException("bug")));
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> failing.dump("key", "new value!"));
    assertInstanceOf(IllegalStateException.class, Thrown.cause(Thrown.cause(e)));
    assertEquals(Set.of("key"), entries());
    assertEquals(Optional.of("old value"), failing.load("key"));
  }

  @Test
  void errorFromTheCodecIsRethrownAfterCleanup() throws IOException {
    CodecError error = new CodecError();
    DirectoryStash<String> stash = new DirectoryStash<>(dir, new HalfWayCodec(() -> error));
    CodecError thrown = assertThrows(CodecError.class, () -> stash.dump("key", "0123456789"));
    assertSame(error, thrown);
    assertEquals(Set.of(), entries());
  }

  @Test
  void successfulDumpsLeaveNoTemporaryFiles() throws IOException {
    DirectoryStash<String> stash = new DirectoryStash<>(dir, Codec.utf8());
    for (int i = 0; i < 50; i++) {
      stash.dump("k" + (i % 5), "v" + i);
    }
    stash.markComplete();
    assertEquals(Set.of("k0", "k1", "k2", "k3", "k4", ".complete"), entries());
    assertEquals(Optional.of("v49"), stash.load("k4"));
  }

  @Test
  void leftoverTemporaryFilesAreRemovedOnOpenAndNeverListed() throws IOException {
    Files.writeString(dir.resolve("kept"), "value");
    Files.writeString(dir.resolve(DirectoryStash.TEMP_PREFIX + "1a2b"), "half a val");
    Files.writeString(dir.resolve(DirectoryStash.TEMP_PREFIX + "ffff"), "");
    Files.writeString(dir.resolve(".other-hidden"), "not ours");
    DirectoryStash<String> stash = new DirectoryStash<>(dir, Codec.utf8());
    assertEquals(Set.of("kept", ".other-hidden"), entries());
    assertEquals(Set.of("kept"), stash.keys());
    Files.writeString(dir.resolve(DirectoryStash.TEMP_PREFIX + "late"), "in flight");
    assertEquals(Set.of("kept"), stash.keys(), "temporary files are never keys");
    assertEquals(1, stash.size());
    assertEquals(1, stash.values().count());
  }
}
