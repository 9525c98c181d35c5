package zensols.multi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import zensols.multi.ProcessReport;
import zensols.multi.Processor;
import zensols.multi.WorkerCount;
import zensols.multi.Chunk;
import java.util.List;
import java.util.stream.Stream;

/**
 * The build runs the suite twice and says which backend each run must use, in the system property
 * {@value #EXPECTED}: {@code fallback} without preview features, {@code structured} with {@code
 * --enable-preview} on JDK 25.
 */
class BackendTest {
  static final String EXPECTED = "zensols.multi.test.expectedBackend";

  private static String expected() {
    String expected = System.getProperty(EXPECTED);
    assumeTrue(expected != null, "system property " + EXPECTED + " is not set");
    return expected;
  }

  @Test
  void theRunUsesTheExpectedBackend() {
    String expected = expected();
    assertEquals(expected, TaskScopes.factory().backend(),
        "JDK " + Runtime.version() + ", preview features "
            + (Runtime.version().feature() == 25 ? "maybe" : "n/a"));
    assertEquals(expected, TaskScopes.factory().toString());
  }

  @Test
  void threadedProcessorsReportTheBackendAndSingleTheCaller() {
    String expected = expected();
    for (String kind : List.of("pool", "virtual")) {
      ProcessReport report = Processor.of(kind).run("backend",
          Stream.of(new Chunk<>(0, List.of(1))), WorkerCount.of(1), chunk -> {});
      assertEquals(expected, report.backend(), kind);
    }
    assertEquals("caller", Processor.single().run("backend",
        Stream.of(new Chunk<>(0, List.of(1))), WorkerCount.of(1), chunk -> {}).backend());
  }

  @Test
  void theFallbackFactoryNamesItself() {
    assertEquals(TaskScopes.FALLBACK, FallbackTaskScope.FACTORY.backend());
  }
}
