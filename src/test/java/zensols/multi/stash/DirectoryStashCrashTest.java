package zensols.multi.stash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A process killed with SIGKILL in the middle of a write leaves the previous value intact. */
class DirectoryStashCrashTest {

  /** Run in a child JVM: writes "old", then starts overwriting it and hangs half-way. */
  public static final class Writer {
    private Writer() {}

    /**
     * Writes the old value, then half of the new one, prints {@code MID} and waits to be killed.
     *
     * @param args the stash directory
     */
    public static void main(String[] args) throws Exception {
      Path dir = Path.of(args[0]);
      PrintStream report = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out),
          true, StandardCharsets.UTF_8);
      new DirectoryStash<>(dir, Codec.utf8()).dump("key", "old value");
      Codec<String> hanging =
          new Codec<>() {
            @Override
            public void write(String value, OutputStream out) throws IOException {
              out.write(value.substring(0, value.length() / 2).getBytes(StandardCharsets.UTF_8));
              out.flush();
              report.println("MID");
              try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(2));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }

            @Override
            public String read(InputStream in) throws IOException {
              return Codec.utf8().read(in);
            }
          };
      new DirectoryStash<>(dir, hanging).dump("key", "new value that never lands");
    }
  }

  private static String locationOf(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  @Test
  void killedMidWriteLeavesOldValueAndRemovableWriterFiles(@TempDir Path dir) throws Exception {
    String classPath =
        Stream.of(
                locationOf(DirectoryStash.class),
                locationOf(Writer.class),
                locationOf(LoggerFactory.class))
            .distinct()
            .collect(Collectors.joining(File.pathSeparator));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                List.of(java.toString(), "-cp", classPath, Writer.class.getName(), dir.toString()))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertEquals("MID", out.readLine(), "the child reached the middle of the write");
      assertTrue(child.isAlive());
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    } finally {
      child.destroyForcibly();
    }
    Set<String> before;
    try (Stream<Path> list = Files.list(dir)) {
      before = list.map(p -> p.getFileName().toString())
          .filter(n -> !n.equals(DirectoryStash.FORMAT_NAME))
          .collect(Collectors.toSet());
    }
    // the value is encoded before its temporary file is created: the killed writer left the
    // value and its registration; a temporary file of it, as a kill after the open would leave
    assertEquals(2, before.size(), "the value and the writer's registration: " + before);
    String registration =
        before.stream().filter(n -> n.startsWith(DirectoryStash.WRITER_PREFIX)).findFirst()
            .orElseThrow(() -> new AssertionError(before.toString()));
    Path temp =
        dir.resolve(DirectoryStash.TEMP_PREFIX
            + registration.substring(DirectoryStash.WRITER_PREFIX.length()) + "-2");
    Files.writeString(temp, "new va");

    DirectoryStash<String> reopened = new DirectoryStash<>(dir, Codec.utf8());
    assertEquals(Optional.of("old value"), reopened.load("key"));
    assertEquals(Set.of("key"), reopened.keys());
    try (Stream<Path> list = Files.list(dir)) {
      assertEquals(
          Set.of("key", DirectoryStash.FORMAT_NAME),
          list.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
    }
  }
}
