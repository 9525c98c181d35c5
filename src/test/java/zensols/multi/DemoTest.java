package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo (src/demo) as a user who is not root runs it: compiled against this build's classes,
 * run as {@code nobody} through {@code setpriv} when the build runs as root (as the user itself
 * otherwise), over a directory with an unreadable file and an unreadable subdirectory. Unreadable
 * files are failures the demo lists, an unreadable directory is skipped, and nothing crashes.
 */
class DemoTest {
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

  private Path stage;

  @BeforeEach
  void stage() throws IOException {
    stage = Files.createTempDirectory("zensols-multi-demo-test");
    Files.setPosixFilePermissions(stage, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @AfterEach
  void cleanUp() throws IOException {
    try (Stream<Path> paths = Files.walk(stage)) {
      for (Path p : paths.toList()) {
        p.toFile().setReadable(true, false);
        p.toFile().setExecutable(true, false);
      }
    }
    try (Stream<Path> paths = Files.walk(stage)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static Path codeSource(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** Copies a directory or jar into the stage, readable by everyone. */
  private Path copy(Path source, String name) throws IOException {
    Path target = stage.resolve(name);
    if (Files.isDirectory(source)) {
      try (Stream<Path> paths = Files.walk(source)) {
        for (Path p : paths.toList()) {
          Path to = target.resolve(source.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(to);
          } else {
            Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    } else {
      Files.copy(source, target);
    }
    worldReadable(target);
    return target;
  }

  private static void worldReadable(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.toList()) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
            Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
  }

  private static String run(List<String> command, Path dir) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true);
    builder.environment().put("LC_ALL", "C"); // the demo's output must not need a UTF-8 locale
    Process process = builder.start();
    byte[] out;
    try (var in = process.getInputStream()) {
      out = in.readAllBytes();
    }
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the process did not end");
    String text = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + text);
    return text;
  }

  @Test
  void theDemoRunsForAUserWhoIsNotRoot() throws Exception {
    assumeTrue(!ROOT || Files.isExecutable(SETPRIV), "running as root without setpriv");
    Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    Path demoSources = base.resolve("src/demo/java");
    assumeTrue(Files.isDirectory(demoSources), "no demo sources at " + demoSources);
    Path javaHome = Path.of(System.getProperty("java.home"));

    Path library = copy(codeSource(MultiProcessStash.class), "library");
    Path slf4j = copy(codeSource(org.slf4j.Logger.class), "slf4j-api.jar");
    Path demo = stage.resolve("demo-classes");
    String modulePath = library + java.io.File.pathSeparator + slf4j;
    run(List.of(javaHome.resolve("bin/javac").toString(), "--release", "21", "-encoding",
        "UTF-8", "-d", demo.toString(), "--module-path", modulePath,
        "--module-source-path", demoSources.toString(), "--module", "zensols.multi.demo"), stage);
    worldReadable(demo);

    // the input: two readable files, one unreadable file, one unreadable directory
    Path input = Files.createDirectories(stage.resolve("input"));
    Files.writeString(input.resolve("a.txt"), "one\ntwo\n");
    Files.createDirectories(input.resolve("sub"));
    Files.writeString(input.resolve("sub/b.txt"), "three\n");
    Files.writeString(input.resolve("secret.txt"), "hidden\n");
    Path locked = Files.createDirectories(input.resolve("locked"));
    Files.writeString(locked.resolve("c.txt"), "unseen\n");
    worldReadable(input);
    Files.setPosixFilePermissions(input.resolve("secret.txt"), PosixFilePermissions.fromString("---------"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    Path work = Files.createDirectories(stage.resolve("work"));
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));

    List<String> command = new ArrayList<>();
    if (ROOT) {
      command.addAll(List.of(SETPRIV.toString(), "--reuid=nobody", "--regid=nogroup",
          "--clear-groups"));
    }
    command.addAll(List.of(javaHome.resolve("bin/java").toString(),
        "--module-path", demo + java.io.File.pathSeparator + modulePath,
        "--module", "zensols.multi.demo/zensols.multi.demo.Main",
        input.toString(), "--out", "out", "--pages", "20", "--delay-ms", "1", "--workers", "10",
        "--compare", "10"));

    String first = run(command, work);
    assertFalse(first.contains("Exception in thread"), first);
    assertFalse(first.contains("ItemFailedException"), first);
    assertTrue(first.contains("files: cannot list " + locked + " (AccessDeniedException): skipped"),
        first);
    assertTrue(first.contains("files: 3 items, 3 computed in "), first);
    assertTrue(first.contains(", 1 chunk, 1 thread\n"), first);
    assertTrue(first.contains("files: 14 bytes, 3 lines, 1 failure\n"), first);
    assertTrue(first.contains("files: failed: secret.txt: java.io.UncheckedIOException: "), first);
    assertTrue(first.contains("AccessDeniedException"), first);
    assertTrue(first.contains("pages: 20 items, 20 computed in "), first);
    assertTrue(first.matches("(?s).*pages: the same 10 pages \\(1 ms wait each\\): sequentially "
        + "[0-9.]+ s, on virtual threads with 10 workers [0-9.]+ s: [0-9.]+x faster.*"), first);

    // a second run finds everything, failures included, and computes nothing
    String second = run(command, work);
    assertTrue(second.contains("files: 3 items, 0 computed (all found in the stash)"), second);
    assertTrue(second.contains("files: 14 bytes, 3 lines, 1 failure\n"), second);
    assertTrue(second.contains("pages: 20 items, 0 computed (all found in the stash)"), second);

    // each input keeps its own stash
    List<String> other = new ArrayList<>(command);
    other.set(other.indexOf(input.toString()), input.resolve("sub").toString());
    String third = run(other, work);
    assertTrue(third.contains("files: 1 item, 1 computed in "), third);
    try (Stream<Path> stores = Files.list(work.resolve("out"))) {
      assertEquals(2, stores.filter(p -> p.getFileName().toString().startsWith("files-")
          && !p.getFileName().toString().endsWith(".failures")).count());
    }
  }
}
