package zensols.multi.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zensols.multi.stash.Codec;

/**
 * The flag README gives for the class path, {@code --enable-native-access=ALL-UNNAMED}, silences
 * JDK 24+'s warning about sqlite-jdbc's native library; without it the warning shows (so the
 * check can fail). This test JVM itself runs on the module path with {@code
 * --enable-native-access=org.xerial.sqlitejdbc} (see the pom; the build log shows no warning);
 * {@link #main} opens a stash.
 */
class NativeAccessTest {
  /**
   * Opens a stash in the file {@code args[0]} and stores one value.
   *
   * @param args the file
   */
  public static void main(String[] args) {
    try (SqliteStash<String> s = SqliteStash.open(Path.of(args[0]), "n", Codec.utf8())) {
      s.dump("k", "v");
    }
  }

  private static String run(Path tmp, boolean flag) throws Exception {
    ProcessBuilder pb = ChildJvm.command(NativeAccessTest.class, List.of(tmp.resolve(flag + ".db").toString()));
    List<String> command = new ArrayList<>(pb.command());
    if (!flag) {
      command.removeIf(a -> a.startsWith("--enable-native-access"));
    }
    Path err = tmp.resolve("stderr-" + flag);
    Process p = new ProcessBuilder(command).redirectErrorStream(false)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(err.toFile()).start();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    String text = ChildJvm.readQuietly(err);
    assertEquals(0, p.exitValue(), text);
    return text;
  }

  @Test
  void theClassPathFlagSilencesTheWarningThatShowsWithoutIt(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(Runtime.version().feature() >= 24, "JDK 24+ warns");
    String with = run(tmp, true);
    assertFalse(with.contains("restricted method"), with);
    String without = run(tmp, false);
    assertTrue(without.contains("restricted method")
        && without.contains("--enable-native-access=ALL-UNNAMED"), without);
  }
}
