package zensols.multi.stash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 item 7: {@code keys()} lists names only and keeps its listing while the directory is
 * unchanged; a change by anyone is seen, even one within the timestamp granularity.
 */
class DirectoryStashListingTest {

  @TempDir Path dir;

  private void quiet() throws IOException {
    Files.setLastModifiedTime(dir, FileTime.from(Instant.now().minusSeconds(60)));
  }

  /** A change that leaves the directory's mtime as it was (a coarse clock, or a forged one). */
  private void addBehindTheMtime(String name) throws IOException {
    FileTime before = Files.getLastModifiedTime(dir);
    Files.writeString(dir.resolve(name), "v");
    Files.setLastModifiedTime(dir, before);
  }

  @Test
  void aRepeatedCallOnAnUnchangedDirectoryReusesTheListing() throws IOException {
    DirectoryStash<String> stash = new DirectoryStash<>(dir, Codec.utf8());
    stash.dump("a", "1");
    quiet();
    assertEquals(Set.of("a"), stash.keys());
    addBehindTheMtime("hidden");
    assertEquals(Set.of("a"), stash.keys(), "the kept listing was used: no new listing");
    DirectoryStash<String> uncached =
        DirectoryStash.builder(dir, Codec.utf8()).cacheKeys(false).build();
    assertEquals(Set.of("a", "hidden"), uncached.keys());
  }

  @Test
  void anotherWritersChangeIsSeen() throws IOException {
    DirectoryStash<String> stash = new DirectoryStash<>(dir, Codec.utf8());
    stash.dump("a", "1");
    quiet();
    assertEquals(Set.of("a"), stash.keys());
    new DirectoryStash<>(dir, Codec.utf8()).dump("b", "2");
    assertEquals(Set.of("a", "b"), stash.keys());
    new DirectoryStash<>(dir, Codec.utf8()).delete("a");
    assertEquals(Set.of("b"), stash.keys());
  }

  @Test
  void aListingTakenRightAfterAChangeIsNotKeptSoAChangeInTheSameTickIsSeen()
      throws IOException {
    DirectoryStash<String> stash = new DirectoryStash<>(dir, Codec.utf8());
    stash.dump("a", "1"); // the directory changed just now
    assertEquals(Set.of("a"), stash.keys());
    addBehindTheMtime("b"); // same mtime: the naive cache would miss it
    assertEquals(Set.of("a", "b"), stash.keys());
  }

  @Test
  void thisInstancesOwnWritesAreSeenAtOnce() throws IOException {
    DirectoryStash<String> stash = new DirectoryStash<>(dir, Codec.utf8());
    stash.dump("a", "1");
    quiet();
    assertEquals(Set.of("a"), stash.keys());
    stash.dump("b", "2");
    FileTime now = Files.getLastModifiedTime(dir);
    assertEquals(Set.of("a", "b"), stash.keys());
    stash.delete("a");
    Files.setLastModifiedTime(dir, now);
    assertEquals(Set.of("b"), stash.keys());
    stash.clear();
    assertEquals(Set.of(), stash.keys());
  }
}
