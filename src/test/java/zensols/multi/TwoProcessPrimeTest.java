package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import zensols.multi.stash.Codec;
import zensols.multi.stash.DirectoryStash;

/**
 * Issue 10 item 6: two JVMs started together prime the same {@value CrashRecoveryTest#ITEMS}-item
 * robust {@link DirectoryStash}; the prime lock makes the second wait for the first and find the
 * values, so that (almost) no key is computed twice. Prints the figure.
 */
class TwoProcessPrimeTest {

  private static String locationOf(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  private static Process start(Path values, Path log, Path stderr) throws Exception {
    String classPath =
        Stream.of(
                locationOf(MultiProcessStash.class),
                locationOf(CrashRecoveryTest.Child.class),
                locationOf(LoggerFactory.class))
            .distinct()
            .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if ("structured".equals(System.getProperty("zensols.multi.test.expectedBackend"))) {
      command.add("--enable-preview");
    }
    command.addAll(
        List.of("-cp", classPath, CrashRecoveryTest.Child.class.getName(), values.toString(),
            log.toString()));
    return new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
        .start();
  }

  private static List<String> computed(Path log) throws IOException {
    if (!Files.exists(log)) {
      return List.of();
    }
    return Files.readAllLines(log, StandardCharsets.UTF_8);
  }

  @Test
  void twoJvmsPrimingOneDirectoryComputeEachKeyAboutOnce(@TempDir Path tmp) throws Exception {
    Path values = tmp.resolve("values");
    Path stderr = tmp.resolve("stderr.txt");
    Path logA = tmp.resolve("a.log");
    Path logB = tmp.resolve("b.log");
    Process a = start(values, logA, stderr);
    Process b = start(values, logB, stderr);
    try {
      assertTrue(a.waitFor(5, TimeUnit.MINUTES) && b.waitFor(5, TimeUnit.MINUTES));
    } finally {
      a.destroyForcibly();
      b.destroyForcibly();
    }
    String errors = Files.exists(stderr) ? Files.readString(stderr) : "";
    assertEquals(0, a.exitValue(), errors);
    assertEquals(0, b.exitValue(), errors);
    List<String> byA = computed(logA);
    List<String> byB = computed(logB);
    Set<String> union = new HashSet<>(byA);
    union.addAll(byB);
    int duplicated = byA.size() + byB.size() - union.size();
    assertEquals(CrashRecoveryTest.ITEMS, union.size(), "every key computed");
    assertEquals(
        Set.copyOf(CrashRecoveryTest.allKeys()),
        new DirectoryStash<>(values, Codec.serializable(String.class)).keys());
    System.out.printf(
        "TwoProcessPrimeTest: JVM A computed %d keys, JVM B %d; %d of %d computed twice (%.2f%%)%n",
        byA.size(), byB.size(), duplicated, CrashRecoveryTest.ITEMS,
        100.0 * duplicated / CrashRecoveryTest.ITEMS);
    assertTrue(duplicated < CrashRecoveryTest.ITEMS / 10, "duplicated " + duplicated);
  }
}
