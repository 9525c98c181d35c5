package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import zensols.multi.stash.MemoryStash;

/**
 * The first prime of a fresh JVM (issue 15): in a JVM where no Flight Recorder recording was ever
 * started, it loads neither the library's event classes nor the Flight Recorder's metadata (about
 * 150 classes, tens of milliseconds in a fresh JVM); a recording started later still records the
 * next prime's events. Run in a child JVM, with its class loading logged.
 */
class ColdPathTest {

  /** Run in a child JVM: a first prime, then a recording and a second prime. */
  public static final class Child {
    private Child() {}

    /**
     * Primes 10 items, prints {@code PRIMED}, then records a second prime and prints the names
     * of the recorded events.
     *
     * @param args the recording file
     */
    public static void main(String[] args) throws Exception {
      PrintStream out =
          new PrintStream(
              new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
              StandardCharsets.UTF_8);
      MultiProcessConfig config = new MultiProcessConfig(0, WorkerCount.of(2), Processor.pool());
      RangeStash first = new RangeStash(10, new MemoryStash<>(), config);
      first.prime();
      out.println("PRIMED " + first.lastReport().orElseThrow().items());
      Path file = Path.of(args[0]);
      try (Recording recording = new Recording()) {
        recording.enable("zensols.multi.Prime");
        recording.enable("zensols.multi.Chunk");
        recording.start();
        RangeStash second = new RangeStash(10, new MemoryStash<>(), config);
        second.prime();
        recording.stop();
        recording.dump(file);
      }
      for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
        out.println("EVENT " + e.getEventType().getName());
      }
    }
  }

  private static String locationOf(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  @Test
  void firstPrimeLoadsNoFlightRecorderEventUntilARecordingStarts(@TempDir Path dir)
      throws Exception {
    String classPath =
        Stream.of(
                locationOf(MultiProcessStash.class),
                locationOf(Child.class),
                locationOf(LoggerFactory.class))
            .distinct()
            .collect(Collectors.joining(File.pathSeparator));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path classLog = dir.resolve("classes.log");
    Path output = dir.resolve("out.txt");
    Process child =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-Xlog:class+load=info:file=" + classLog,
                    "-cp",
                    classPath,
                    Child.class.getName(),
                    dir.resolve("second.jfr").toString()))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child JVM finished");
    List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
    assertEquals(0, child.exitValue(), () -> String.join("\n", lines));
    assertTrue(lines.contains("PRIMED 10"), () -> String.join("\n", lines));

    List<String> loaded = Files.readAllLines(classLog, StandardCharsets.UTF_8);
    int primed = -1;
    int recording = -1;
    for (int i = 0; i < loaded.size(); i++) {
      if (primed < 0 && loaded.get(i).contains(" zensols.multi.RangeStash ")) {
        primed = i;
      }
      if (loaded.get(i).contains(" jdk.jfr.Recording ")) {
        recording = i;
      }
    }
    assertTrue(primed >= 0 && recording > primed, "the first prime ran before the recording");
    List<String> beforeRecording = loaded.subList(0, recording);
    assertEquals(
        List.of(),
        beforeRecording.stream()
            .filter(
                l -> l.contains(" zensols.multi.jfr.") || l.contains(" jdk.jfr.internal.Metadata"))
            .toList(),
        "classes the first prime loaded for events no recording could take");

    List<String> events = lines.stream().filter(l -> l.startsWith("EVENT ")).toList();
    assertEquals(1, events.stream().filter(l -> l.equals("EVENT zensols.multi.Prime")).count(),
        () -> "the second prime, recorded: " + events);
    assertEquals(2, events.stream().filter(l -> l.equals("EVENT zensols.multi.Chunk")).count(),
        () -> "its two chunks, recorded: " + events);
  }
}
