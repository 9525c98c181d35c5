package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zensols.multi.stash.Codec;
import zensols.multi.stash.DirectoryStash;

/**
 * A robust stash over a directory the user may not write fails its prime before any work, saying
 * that the directory is not writable. As root, the probe runs as user {@code nobody} over a
 * directory owned by root; as another user, in this JVM over a directory made read-only.
 */
class ReadOnlyDelegateTest {

  /** Primes a robust stash over {@code args[0]}; prints how many values were created and why. */
  public static void main(String[] args) {
    System.out.println(probe(Path.of(args[0])));
  }

  static String probe(Path directory) {
    AtomicInteger created = new AtomicInteger();
    StashFactory<String> factory = StashFactory.of(Set.of("a", "b", "c"), key -> {
      created.incrementAndGet();
      return key;
    });
    MultiProcessRobustStash<String> stash = MultiProcess.robustStash("ro",
        new DirectoryStash<>(directory, Codec.serializable(String.class)), factory).build();
    try {
      stash.prime();
      return "created=" + created.get() + " primed";
    } catch (RuntimeException e) {
      return "created=" + created.get() + " " + Messages.of(e);
    }
  }

  @Test
  void aReadOnlyDirectoryFailsThePrimeBeforeAnyWork(@TempDir Path tmp) throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path directory = Files.createDirectory(tmp.resolve("ro"));
    String out;
    if ("root".equals(System.getProperty("user.name"))) {
      out = asNobody(tmp, directory);
    } else {
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("r-xr-xr-x"));
      out = probe(directory);
    }
    assertTrue(out.startsWith("created=0 "), out);
    assertTrue(out.contains("stash 'ro': the delegate cannot be written, so no work was started"),
        out);
    assertTrue(out.contains(directory + " is not writable"), out);
  }

  /** Runs {@link #main} as user nobody, on a copy of this JVM's class and module path. */
  private static String asNobody(Path tmp, Path directory) throws IOException, InterruptedException {
    Path copies = Files.createDirectory(tmp.resolve("cp"));
    List<String> path = new ArrayList<>();
    int n = 0;
    for (String property : List.of("jdk.module.path", "java.class.path")) {
      String value = System.getProperty(property, "");
      for (String entry : value.split(File.pathSeparator)) {
        if (entry.isEmpty() || !Files.exists(Path.of(entry))) {
          continue;
        }
        Path copy = copies.resolve(String.valueOf(n++) + (entry.endsWith(".jar") ? ".jar" : ""));
        copyTree(Path.of(entry), copy);
        path.add(copy.toString());
      }
    }
    try (var files = Files.walk(copies)) {
      for (Path p : files.toList()) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
            Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder("setpriv", "--reuid=nobody", "--regid=nogroup",
        "--clear-groups", java, "--enable-preview", "-cp", String.join(File.pathSeparator, path),
        ReadOnlyDelegateTest.class.getName(), directory.toString())
        .redirectErrorStream(true).start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), out);
    assertEquals(0, process.exitValue(), out);
    return out.lines().filter(l -> l.startsWith("created=")).findFirst().orElse(out);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      Files.copy(from, to);
      return;
    }
    try (var files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
