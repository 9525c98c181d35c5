package zensols.multi.stash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 item 4: a leftover temporary file is removed when its writer is gone, decided by the
 * OS lock the writer holds (true across PID namespaces and hosts), never by its PID; a reader that
 * cannot write the directory opens it anyway.
 */
class DirectoryStashLeftoverTest {

  /** Holds an exclusive lock on a file until its standard input closes. */
  public static final class LockHolder {
    private LockHolder() {}

    /**
     * Locks the file and says "locked".
     *
     * @param args the file
     * @throws IOException if the file cannot be locked
     */
    public static void main(String[] args) throws IOException {
      try (FileChannel channel =
          FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        channel.lock();
        System.out.println("locked");
        System.out.flush();
        System.in.readAllBytes();
      }
    }
  }

  /** Opens a stash and prints its keys and the value of "k": for a reader without write access. */
  public static final class Reader {
    private Reader() {}

    /**
     * Opens the stash read-only.
     *
     * @param args the directory
     */
    public static void main(String[] args) {
      DirectoryStash<String> stash = new DirectoryStash<>(Path.of(args[0]), Codec.utf8());
      System.out.println("keys " + stash.keys() + " k=" + stash.load("k").orElse("?"));
    }
  }

  private static String classPath(Class<?>... types) {
    return Stream.of(types)
        .map(c -> c.getProtectionDomain().getCodeSource().getLocation().getPath())
        .distinct()
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Test
  void aLeftoverIsRemovedWhenNobodyHoldsItsLockEvenIfNamedAfterALiveProcess(@TempDir Path dir)
      throws Exception {
    long livePid = ProcessHandle.current().pid(); // the old rule kept this one for good
    Path namedAfterLive = dir.resolve(DirectoryStash.TEMP_PREFIX + livePid + "-00ff");
    Path pidOne = dir.resolve(DirectoryStash.TEMP_PREFIX + "1-00ff"); // PID 1 of every container
    Path plain = dir.resolve(DirectoryStash.TEMP_PREFIX + "00ff");
    for (Path temp : List.of(namedAfterLive, pidOne, plain)) {
      Files.writeString(temp, "half a value");
    }
    DirectoryStash<String> stash = new DirectoryStash<>(dir, Codec.utf8());
    assertFalse(Files.exists(namedAfterLive), "no live writer holds it: a leftover");
    assertFalse(Files.exists(pidOne));
    assertFalse(Files.exists(plain));
    assertEquals(Set.of(), stash.keys());
  }

  @Test
  void aTemporaryFileLockedByAWriterInAnotherPidNamespaceIsKept(@TempDir Path dir)
      throws Exception {
    Process gone = new ProcessBuilder("true").start();
    assertTrue(gone.waitFor(30, TimeUnit.SECONDS));
    // named after a PID that is gone here: the old rule deleted it under its live writer
    Path live = dir.resolve(DirectoryStash.TEMP_PREFIX + gone.pid() + "-00ff");
    List<String> command = new ArrayList<>();
    if (new File("/usr/bin/unshare").canExecute() && isRoot()) {
      command.addAll(List.of("unshare", "--pid", "--fork", "--mount-proc"));
    }
    command.addAll(
        List.of(java(), "-cp", classPath(LockHolder.class), LockHolder.class.getName(),
            live.toString()));
    Process holder = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        OutputStream in = holder.getOutputStream()) {
      assertEquals("locked", out.readLine(), "the writer holds its lock");
      new DirectoryStash<>(dir, Codec.utf8());
      assertTrue(Files.exists(live), "a live writer's file is never deleted");
      in.close(); // the writer ends, releasing its lock
      assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
    } finally {
      holder.destroyForcibly();
    }
    new DirectoryStash<>(dir, Codec.utf8());
    assertFalse(Files.exists(live), "removed once its writer is gone");
  }

  /**
   * Issue 15 item 3: writers hold one lock per JVM and directory, on their registration file
   * {@code .writer-<token>}, not one per temporary file; a cleaner keeps the temporary files of a
   * registration it cannot lock and removes them (and the registration) once it can.
   */
  @Test
  void theTemporaryFilesOfAWriterWhoseRegistrationIsLockedAreKept(@TempDir Path dir)
      throws Exception {
    String token = "00c0ffee12345678";
    Path registration = dir.resolve(DirectoryStash.WRITER_PREFIX + token);
    Path live = dir.resolve(DirectoryStash.TEMP_PREFIX + token + "-7");
    Files.writeString(live, "half a val");
    Path deadRegistration = dir.resolve(DirectoryStash.WRITER_PREFIX + "00000000deadbeef");
    Path dead = dir.resolve(DirectoryStash.TEMP_PREFIX + "00000000deadbeef-1");
    Files.writeString(deadRegistration, "");
    Files.writeString(dead, "half");
    Process holder =
        new ProcessBuilder(
                java(), "-cp", classPath(LockHolder.class), LockHolder.class.getName(),
                registration.toString())
            .redirectErrorStream(true)
            .start();
    try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        OutputStream in = holder.getOutputStream()) {
      assertEquals("locked", out.readLine(), "the writer holds its registration");
      new DirectoryStash<>(dir, Codec.utf8());
      assertTrue(Files.exists(live), "a live writer's file is never deleted");
      assertTrue(Files.exists(registration));
      assertFalse(Files.exists(dead), "a writer that is gone: its file is a leftover");
      assertFalse(Files.exists(deadRegistration), "and so is its registration");
      in.close(); // the writer ends, releasing its lock
      assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
    } finally {
      holder.destroyForcibly();
    }
    new DirectoryStash<>(dir, Codec.utf8());
    assertFalse(Files.exists(live), "removed once its writer is gone");
    assertFalse(Files.exists(registration));
  }

  @Test
  void aTemporaryFileThisJvmIsWritingIsKept(@TempDir Path dir) throws Exception {
    DirectoryStash<String> stash =
        new DirectoryStash<>(
            dir,
            new Codec<>() {
              @Override
              public void write(String value, OutputStream out) throws IOException {
                // another instance opens the directory mid-write
                new DirectoryStash<>(dir, Codec.utf8());
                out.write(value.getBytes(StandardCharsets.UTF_8));
              }

              @Override
              public String read(java.io.InputStream in) throws IOException {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
              }
            });
    stash.dump("k", "v");
    assertEquals(Optional.of("v"), stash.load("k"));
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  @Test
  void aReaderThatCannotWriteTheDirectoryOpensItWithLeftoversPresent(@TempDir Path tmp)
      throws Exception {
    Assumptions.assumeTrue(isRoot() && new File("/usr/bin/setpriv").canExecute(),
        "needs root to run the reader as nobody");
    Path dir = tmp.resolve("values");
    DirectoryStash<String> writer = new DirectoryStash<>(dir, Codec.utf8());
    writer.dump("k", "value");
    Path leftover = dir.resolve(DirectoryStash.TEMP_PREFIX + "dead");
    Files.writeString(leftover, "half");
    // the class path, copied where nobody can read it (the build's own directory may be private)
    Path lib = Files.createDirectory(tmp.resolve("lib"));
    List<String> classPath = new ArrayList<>();
    int n = 0;
    for (Class<?> type :
        List.of(DirectoryStash.class, Reader.class, org.slf4j.LoggerFactory.class)) {
      Path source = Path.of(classPath(type));
      Path copy = lib.resolve((n++) + "-" + source.getFileName());
      try (Stream<Path> files = Files.walk(source)) {
        for (Path p : files.toList()) {
          Files.copy(p, copy.resolve(source.relativize(p).toString()));
        }
      }
      classPath.add(copy.toString());
    }
    try (Stream<Path> files = Files.walk(tmp)) {
      for (Path p : files.filter(Files::isDirectory).toList()) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
    Process reader =
        new ProcessBuilder(
                "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                java(), "-cp", String.join(File.pathSeparator, classPath), Reader.class.getName(), dir.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(reader.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(reader.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, reader.exitValue(), output);
    assertTrue(output.contains("keys [k] k=value"), output);
    assertTrue(Files.exists(leftover), "the reader could not, and did not, delete it");
  }
}
