package zensols.multi.jmh;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import zensols.multi.MultiProcessConfig;
import zensols.multi.ProcessReport;
import zensols.multi.Processor;
import zensols.multi.WorkerCount;
import zensols.multi.stash.NoopStash;

/**
 * Checks, once per fork, that the library runs the backend the JVM flags ask for: {@code
 * structured} (JEP 505) on JDK 25 with {@code --enable-preview}, {@code fallback} otherwise or
 * with {@code -Dzensols.multi.backend=fallback}. A benchmark that measured the wrong backend fails.
 */
final class Backend {
  private static volatile boolean checked;

  private Backend() {}

  /** The backend the JVM flags ask for. */
  static String expected() {
    boolean preview =
        ManagementFactory.getRuntimeMXBean().getInputArguments().contains("--enable-preview");
    String forced = System.getProperty("zensols.multi.backend");
    return forced != null
        ? forced
        : preview && Runtime.version().feature() == 25 ? "structured" : "fallback";
  }

  /**
   * Checks, without priming anything, that a prime already timed ran on the expected backend
   * (the cold-start benchmarks call it after their one shot, so as not to warm the library).
   *
   * @throws IllegalStateException if it did not
   */
  static void checkRan(String backend) {
    String expected = expected();
    if (!backend.equals(expected)) {
      throw new IllegalStateException("backend " + backend + ", expected " + expected);
    }
  }

  static void check() {
    if (checked) {
      return;
    }
    String expected = expected();
    BenchStash probe =
        new BenchStash(
            new NoopStash<>(),
            new MultiProcessConfig(1, WorkerCount.of(2), Processor.pool()),
            () -> Stream.of("a", "b"),
            key -> key);
    probe.prime();
    Optional<ProcessReport> report = probe.lastReport();
    String backend = report.map(ProcessReport::backend).orElse("none");
    if (!backend.equals(expected)) {
      throw new IllegalStateException(
          "backend " + backend + ", expected " + expected + " (JVM arguments "
              + List.copyOf(ManagementFactory.getRuntimeMXBean().getInputArguments()) + ")");
    }
    System.out.println("zensols.multi backend: " + backend);
    checked = true;
  }
}
