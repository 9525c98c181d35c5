package zensols.multi.stash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 item 1: a directory written by version 0.1 (a file named after its key) reads where the
 * names agree, and {@link DirectoryStash#migrateLegacyNames(Path)} renames the others.
 */
class DirectoryStashMigrationTest {

  @TempDir Path dir;

  @Test
  void plainOldNamesReadAsTheyAreAndMigrationRenamesTheOthers() throws IOException {
    // what 0.1 wrote: keys as file names (it refused '/', a leading '.' and control characters)
    for (String oldKey : new String[] {"42", "doc-7", "café", "a b", "CON", "a%20b", "x."}) {
      Files.writeString(dir.resolve(oldKey), "value of " + oldKey);
    }
    Files.writeString(dir.resolve(".complete"), "complete\n");
    DirectoryStash<String> before = new DirectoryStash<>(dir, Codec.utf8());
    assertEquals(Set.of("42", "doc-7"), before.keys(), "plain names read as they are");
    assertEquals(Optional.of("value of 42"), before.load("42"));
    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> before.load("a b"));
    assertTrue(Thrown.message(refused).contains("migrateLegacyNames"), Thrown.message(refused));
    assertThrows(IllegalStateException.class, () -> before.dump("café", "new"));

    assertEquals(5, DirectoryStash.migrateLegacyNames(dir));
    DirectoryStash<String> after = new DirectoryStash<>(dir, Codec.utf8());
    Set<String> all = Set.of("42", "doc-7", "café", "a b", "CON", "a%20b", "x.");
    assertEquals(all, after.keys());
    for (String key : all) {
      assertEquals(Optional.of("value of " + key), after.load(key));
    }
    assertEquals(0, DirectoryStash.migrateLegacyNames(dir), "idempotent");
  }

  @Test
  void anOldDirectoryOfPlainNamesIsAdoptedAsItIs() throws IOException {
    Files.writeString(dir.resolve("k1"), "v1");
    DirectoryStash<String> stash = new DirectoryStash<>(dir, Codec.utf8());
    assertTrue(Files.exists(dir.resolve(DirectoryStash.FORMAT_NAME)));
    stash.dump("a b", "v2");
    assertEquals(Set.of("k1", "a b"), new DirectoryStash<>(dir, Codec.utf8()).keys());
  }
}
