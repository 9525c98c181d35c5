package zensols.multi.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo (src/demo) as a user who is not root runs it: this module's classes on the module path
 * with the build's core, sqlite module, sqlite-jdbc and slf4j (copied where that user can read
 * them), run as {@code nobody} through {@code setpriv} when the build runs as root (as the user
 * itself otherwise), under {@code LC_ALL=C}, over a directory with an unreadable file and an
 * unreadable subdirectory, once per store ({@code --store directory} and {@code --store sqlite}).
 * Unreadable files are failures the demo lists, an unreadable directory is skipped, nothing
 * crashes, and the JVM prints no warning (native access is enabled for sqlite-jdbc on JDK 22+).
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

  private static String property(String name) {
    String value = System.getProperty(name);
    assertTrue(value != null && !value.isBlank(), "system property " + name + " is not set");
    return value;
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

  @ParameterizedTest
  @ValueSource(strings = {"directory", "sqlite"})
  void theDemoRunsForAUserWhoIsNotRoot(String store) throws Exception {
    assumeTrue(!ROOT || Files.isExecutable(SETPRIV), "running as root without setpriv");
    Path javaHome = Path.of(System.getProperty("java.home"));

    // the module path: the demo's classes and its runtime dependencies, readable by everyone
    List<String> modulePath = new ArrayList<>();
    modulePath.add(copy(Path.of(property("zensols.multi.demo.classes")), "demo-classes").toString());
    int n = 0;
    for (String entry : property("zensols.multi.demo.path").split(File.pathSeparator)) {
      Path source = Path.of(entry);
      modulePath.add(copy(source, (n++) + "-" + source.getFileName()).toString());
    }

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
    command.add(javaHome.resolve("bin/java").toString());
    // --enable-preview on JDK 25, --enable-native-access=org.xerial.sqlitejdbc on JDK 22+
    Arrays.stream(System.getProperty("zensols.multi.demo.jvmArgs", "").trim().split("\\s+"))
        .filter(arg -> !arg.isEmpty())
        .forEach(command::add);
    command.addAll(List.of("--module-path", String.join(File.pathSeparator, modulePath),
        "--module", "zensols.multi.demo/zensols.multi.demo.Main",
        input.toString(), "--out", "out", "--store", store, "--pages", "20", "--delay-ms", "1",
        "--workers", "10", "--compare", "10"));

    String first = run(command, work);
    assertFalse(first.contains("Exception in thread"), first);
    assertFalse(first.contains("ItemFailedException"), first);
    assertFalse(first.contains("WARNING"), first); // e.g. JDK 24+'s restricted-method warning
    Path db = work.resolve("out/demo.db");
    if (store.equals("sqlite")) {
      assertTrue(first.contains("files: indexing " + input + " into out/demo.db (table files-input-"),
          first);
      assertTrue(first.contains("into out/demo.db (table pages)"), first);
      assertTrue(Files.isRegularFile(db), "no " + db);
    } else {
      assertTrue(first.contains("files: indexing " + input + " into out/files-input-"), first);
      assertFalse(Files.exists(db), db + " exists");
    }
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
      // sqlite: the stashes are tables of demo.db, no directory of their own
      assertEquals(store.equals("sqlite") ? 0 : 2, stores.filter(p -> p.getFileName().toString()
          .startsWith("files-") && !p.getFileName().toString().endsWith(".failures")).count());
    }
    // and the stash of the first input is still whole: nothing computed again
    String fourth = run(command, work);
    assertTrue(fourth.contains("files: 3 items, 0 computed (all found in the stash)"), fourth);
    assertTrue(fourth.contains("files: 14 bytes, 3 lines, 1 failure\n"), fourth);
  }
}
