package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zensols.multi.stash.Codec;
import zensols.multi.stash.DirectoryStash;

/**
 * Issue 10 item 5: what a damaged or tampered directory does to a {@link DirectoryStash} and to a
 * robust stash over it. Each case is also a row of SECURITY.md.
 */
class DamagedDirectoryTest {

  @TempDir Path tmp;

  private Path dir() {
    return tmp.resolve("values");
  }

  private DirectoryStash<String> stash() {
    return new DirectoryStash<>(dir(), Codec.serializable(String.class));
  }

  private MultiProcessRobustStash<String> robust(CountingFactory factory) {
    return new MultiProcessRobustStash<>(
        "damaged", stash(), factory, new MultiProcessConfig(2, WorkerCount.of(2), Processor.pool()));
  }

  @Test
  void aDirectoryAtAKeysFileNameIsRecordedAsAFailureAndTheRestCompletes() throws IOException {
    Files.createDirectories(dir().resolve("3"));
    CountingFactory factory = new CountingFactory(6);
    MultiProcessRobustStash<String> robust = robust(factory);
    robust.prime(); // the old code failed here on every run
    for (String key : List.of("0", "1", "2", "4", "5")) {
      assertEquals(Optional.of("value-" + key), robust.load(key));
    }
    ItemFailedException e = assertThrows(ItemFailedException.class, () -> robust.load("3"));
    assertTrue(Messages.of(e).contains("\"3\""), Messages.of(e));
    assertEquals(List.of("3"), robust.iterFailures().stream().map(Failure::key).toList());
    assertTrue(robust.failures().exists("3"), "the failure survives a restart");
  }

  @Test
  void aStrayFileIsNotAKeyAndDoesNotCount() throws IOException {
    DirectoryStash<String> stash = stash();
    stash.dump("k", "v");
    Files.writeString(dir().resolve("not a key"), "stray"); // a name no key encodes to
    Files.writeString(dir().resolve(".DS_Store"), "stray");
    Files.writeString(dir().resolve("caf\u00e9"), "stray"); // non-ASCII: never a name of a key
    assertEquals(Set.of("k"), stash().keys());
    assertEquals(1, stash().size());
  }

  @Test
  void aGarbageFailureRecordIsSkippedWithAWarning() throws IOException {
    CountingFactory factory = new CountingFactory(4);
    factory.failing.add("1");
    factory.failing.add("2");
    MultiProcessRobustStash<String> robust = robust(factory);
    robust.prime();
    assertEquals(2, robust.iterFailures().size());
    Path failures = tmp.resolve("values.failures");
    Files.writeString(failures.resolve("1"), "\u0000garbage, not a failure record");
    MultiProcessRobustStash<String> reopened = robust(factory);
    List<Failure> listed = reopened.iterFailures(); // the old code threw here
    assertEquals(List.of("2"), listed.stream().map(Failure::key).toList());
  }

  @Test
  void aValueFileWithASecondHardLinkIsRefused() throws IOException {
    Path outside = Files.writeString(tmp.resolve("outside-secret"), "secret");
    DirectoryStash<String> stash = stash();
    stash.dump("k", "v");
    Files.delete(dir().resolve("k"));
    try {
      Files.createLink(dir().resolve("k"), outside);
    } catch (UnsupportedOperationException | IOException e) {
      Assumptions.abort("hard links not available: " + e);
    }
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> stash.load("k"));
    assertTrue(Messages.of(e).contains("2 hard links"), Messages.of(e));
    assertTrue(Messages.of(e).contains("key \"k\""), Messages.of(e));
  }

  @Test
  void aFifoAtAKeysFileNameNeverBlocksALoad() throws Exception {
    Files.createDirectories(dir());
    Path fifo = dir().resolve("k");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    Assumptions.assumeTrue(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0,
        "mkfifo not available");
    DirectoryStash<String> stash = stash();
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> stash.load("k"));
    assertTrue(Messages.of(e).contains("special file"), Messages.of(e));
    assertTrue(stash.keys().contains("k"));
    assertTrue(stash.delete("k"), "delete removes the FIFO");
    assertFalse(Files.exists(fifo));
  }
}
