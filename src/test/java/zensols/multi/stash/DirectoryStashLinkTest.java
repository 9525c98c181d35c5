package zensols.multi.stash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Symbolic links and special files never lead outside the directory. */
class DirectoryStashLinkTest {

  @TempDir Path tmp;
  Path outside;
  Path secret;
  Path dir;
  DirectoryStash<String> stash;

  @BeforeEach
  void setUp() throws IOException {
    outside = Files.createDirectory(tmp.resolve("outside"));
    secret = Files.writeString(outside.resolve("secret"), "do not touch");
    dir = Files.createDirectory(tmp.resolve("stash"));
    stash = new DirectoryStash<>(dir, Codec.utf8());
    stash.dump("plain", "value");
  }

  private void link(String name, Path target) throws IOException {
    try {
      Files.createSymbolicLink(dir.resolve(name), target);
    } catch (UnsupportedOperationException | IOException e) {
      Assumptions.abort("symbolic links not available: " + e);
    }
  }

  /** A link is a damaged entry (issue 10): refused by load, never followed, replaced by dump. */
  @Test
  void symlinkToAFileOutsideIsNeverFollowed() throws IOException {
    link("link", secret);
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> stash.load("link"));
    assertTrue(Thrown.message(e).contains("key \"link\""), Thrown.message(e));
    assertTrue(Thrown.message(e).contains("symbolic link"), Thrown.message(e));
    assertTrue(stash.exists("link"), "listed by name, as keys() does");
    assertEquals(Set.of("plain", "link"), stash.keys());

    stash.dump("link", "replacement");
    assertEquals("do not touch", Files.readString(secret), "the target is untouched");
    assertFalse(Files.isSymbolicLink(dir.resolve("link")), "the link itself was replaced");
    assertTrue(Files.isRegularFile(dir.resolve("link"), LinkOption.NOFOLLOW_LINKS));
    assertEquals(Optional.of("replacement"), stash.load("link"));
  }

  @Test
  void deleteRemovesALinkNotItsTarget() throws IOException {
    link("link", secret);
    assertTrue(stash.delete("link"));
    assertFalse(Files.exists(dir.resolve("link"), LinkOption.NOFOLLOW_LINKS));
    assertEquals("do not touch", Files.readString(secret));
  }

  @Test
  void symlinkToADirectoryOutsideIsNotEntered() throws IOException {
    link("dirlink", outside);
    assertThrows(UncheckedIOException.class, () -> stash.load("dirlink"));
    stash.clear();
    assertEquals("do not touch", Files.readString(secret));
    assertFalse(Files.exists(dir.resolve("dirlink"), LinkOption.NOFOLLOW_LINKS),
        "clear removed the link itself");
    assertEquals(Set.of(), stash.keys());
  }

  @Test
  void clearDeletesNothingThroughLinks() throws IOException {
    link("link", secret);
    stash.clear();
    assertTrue(Files.exists(secret));
    assertEquals(Set.of(), stash.keys());
  }

  /** The keys the old code refused as escaping are stored inside the directory now. */
  @Test
  void escapingKeysWriteNothingOutside() throws IOException {
    String[] keys = {"../outside/secret", "../escape", "..", "/tmp/x", "a/../../b"};
    for (String key : keys) {
      stash.dump(key, "stored");
      assertEquals(Optional.of("stored"), stash.load(key));
      assertTrue(Files.isRegularFile(dir.resolve(stash.fileName(key)), LinkOption.NOFOLLOW_LINKS));
    }
    assertEquals("do not touch", Files.readString(secret));
    assertFalse(Files.exists(tmp.resolve("escape")));
    assertFalse(Files.exists(tmp.resolve("b")));
    try (var list = Files.list(tmp)) {
      assertEquals(2, list.count(), "only outside/ and stash/ exist");
    }
    for (String key : keys) {
      assertTrue(stash.delete(key));
    }
    assertEquals(Set.of("plain"), stash.keys());
  }

  @Test
  void aDirectoryUnderAKeyNameIsDamagedAndCannotBeOverwritten() throws IOException {
    Files.createDirectory(dir.resolve("sub"));
    assertTrue(stash.exists("sub"));
    UncheckedIOException damaged =
        assertThrows(UncheckedIOException.class, () -> stash.load("sub"));
    assertTrue(Thrown.message(damaged).contains("a directory"), Thrown.message(damaged));
    assertFalse(stash.delete("sub"));
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> stash.dump("sub", "v"));
    assertTrue(Thrown.message(e).contains("key \"sub\""), Thrown.message(e));
    try (var list = Files.list(dir)) {
      assertEquals(
          Set.of("plain", "sub", DirectoryStash.FORMAT_NAME),
          list.map(p -> p.getFileName().toString())
              .filter(n -> !n.startsWith(DirectoryStash.WRITER_PREFIX)) // this JVM's registration
              .collect(java.util.stream.Collectors.toSet()),
          "no temporary file is left");
    }
  }

  @Test
  void theStashDirectoryItselfMayBeALink() throws IOException {
    Path alias = tmp.resolve("alias");
    try {
      Files.createSymbolicLink(alias, dir);
    } catch (UnsupportedOperationException | IOException e) {
      Assumptions.abort("symbolic links not available: " + e);
    }
    DirectoryStash<String> viaLink = new DirectoryStash<>(alias, Codec.utf8());
    assertEquals(Optional.of("value"), viaLink.load("plain"));
    viaLink.dump("other", "x");
    assertEquals(Set.of("plain", "other"), stash.keys());
  }
}
