package zensols.multi.stash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a directory removes the temporary files of processes that are gone, and leaves those
 * of running processes, whose writes are in flight.
 */
class DirectoryStashLeftoverTest {

  @Test
  void openingKeepsTheTemporaryFilesOfRunningProcessesOnly(@TempDir Path dir) throws Exception {
    Process gone = new ProcessBuilder("true").start();
    assertTrue(gone.waitFor(30, TimeUnit.SECONDS));
    long deadPid = gone.pid();
    long livePid = ProcessHandle.current().pid();
    Path live = dir.resolve(DirectoryStash.TEMP_PREFIX + livePid + "-00ff");
    Path dead = dir.resolve(DirectoryStash.TEMP_PREFIX + deadPid + "-00ff");
    Path unnamed = dir.resolve(DirectoryStash.TEMP_PREFIX + "00ff");
    for (Path temp : new Path[] {live, dead, unnamed}) {
      Files.writeString(temp, "half a value");
    }

    DirectoryStash<String> stash = new DirectoryStash<>(dir, Codec.utf8());

    assertTrue(Files.exists(live), "an in-flight write of a running process is left alone");
    assertFalse(Files.exists(dead), "the leftover of a process that is gone is removed");
    assertFalse(Files.exists(unnamed), "a leftover not named after a process is removed");
    assertEquals(Set.of(), stash.keys());
  }

  @Test
  void aWriteNamesItsTemporaryFileAfterThisProcess(@TempDir Path dir) throws Exception {
    String prefix = DirectoryStash.TEMP_PREFIX + ProcessHandle.current().pid() + "-";
    DirectoryStash<String> stash =
        new DirectoryStash<>(
            dir,
            new Codec<>() {
              @Override
              public void write(String value, java.io.OutputStream out) throws java.io.IOException {
                try (var names = Files.list(dir)) {
                  assertTrue(
                      names.anyMatch(p -> p.getFileName().toString().startsWith(prefix)),
                      "temporary file named " + prefix + "…");
                }
                out.write(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
              }

              @Override
              public String read(java.io.InputStream in) throws java.io.IOException {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
              }
            });
    stash.dump("k", "v");
    assertEquals("v", stash.load("k").orElseThrow());
  }
}
