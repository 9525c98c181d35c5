import java.util.List;
import java.util.stream.Stream;
import zensols.multi.Chunk;
import zensols.multi.ProcessReport;
import zensols.multi.Processor;
import zensols.multi.WorkerCount;

/**
 * Runs one chunk on the pool processor of the zensols.multi jar on the module path and checks
 * which structured-concurrency backend the library chose: {@code BackendCheck structured} or
 * {@code BackendCheck fallback}. Run by .ci/check-backends against the packaged multi-release jar
 * (with and without --enable-preview, and with the JDK 21-24 view of the jar,
 * -Djdk.util.jar.version=24); a wrong backend or any error ends the JVM with status 1.
 */
public final class BackendCheck {
  private BackendCheck() {}

  public static void main(String[] args) {
    String expected = args[0];
    ProcessReport report =
        Processor.pool()
            .run("backend-check", Stream.of(new Chunk<>(0, List.of("a", "b"))), WorkerCount.of(2),
                chunk -> {});
    String actual = report.backend();
    String line = "Java " + Runtime.version() + " jar view "
        + System.getProperty("jdk.util.jar.version", "(runtime)") + ": backend " + actual;
    if (!actual.equals(expected)) {
      System.err.println("FAILED " + line + ", expected " + expected);
      System.exit(1);
    }
    System.out.println("ok     " + line);
  }
}
