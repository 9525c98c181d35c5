package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zensols.multi.stash.Codec;
import zensols.multi.stash.DirectoryStash;

/**
 * Issue 10 item 6: two JVMs started together prime the same {@value CrashRecoveryTest#ITEMS}-item
 * robust {@link DirectoryStash}; the prime lock makes the second wait for the first and find the
 * values, so that (almost) no key is computed twice. Prints the figure.
 */
class TwoProcessPrimeTest {

  @Test
  void twoJvmsPrimingOneDirectoryComputeEachKeyAboutOnce(@TempDir Path tmp) throws Exception {
    Path values = tmp.resolve("values");
    Path stderr = tmp.resolve("stderr.txt");
    Path logA = tmp.resolve("a.log");
    Path logB = tmp.resolve("b.log");
    Process a = CrashRecoveryTest.startChild(values, logA, stderr);
    Process b = CrashRecoveryTest.startChild(values, logB, stderr);
    try {
      assertTrue(a.waitFor(5, TimeUnit.MINUTES) && b.waitFor(5, TimeUnit.MINUTES));
    } finally {
      a.destroyForcibly();
      b.destroyForcibly();
    }
    String errors = Files.exists(stderr) ? Files.readString(stderr) : "";
    assertEquals(0, a.exitValue(), errors);
    assertEquals(0, b.exitValue(), errors);
    List<String> byA = CrashRecoveryTest.computedKeys(logA);
    List<String> byB = CrashRecoveryTest.computedKeys(logB);
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
