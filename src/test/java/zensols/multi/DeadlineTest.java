package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A processor's deadline cancels the run with {@link DeadlineExceededException}. */
class DeadlineTest {
  private static final Duration DEADLINE = Duration.ofMillis(150);

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual"})
  void aPassedDeadlineCancelsBlockedChunks(String kind) throws Exception {
    Workers workers = new Workers();
    AtomicInteger cancelled = new AtomicInteger();
    Trail trail = new Trail();
    long start = System.nanoTime();
    var e = assertThrows(DeadlineExceededException.class,
        () -> Processor.of(kind).withDeadline(DEADLINE).run("slow", Workers.singletons(50),
            WorkerCount.of(3), chunk -> {
              workers.record();
              try {
                Workers.blockUntilInterrupted();
                trail.add("not cancelled " + chunk.id());
              } catch (InterruptedException ie) {
                cancelled.incrementAndGet();
                throw ie;
              }
            }));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    workers.assertAllTerminated();
    assertTrue(took.compareTo(Workers.PROMPTLY) < 0, "took " + took);
    assertEquals(DEADLINE, e.deadline());
    assertEquals("slow", e.name());
    assertTrue(Workers.message(e).contains("slow") && Workers.message(e).contains(DEADLINE.toString()),
        Workers.message(e));
    assertEquals(3, cancelled.get());
    assertEquals(0, e.getSuppressed().length, () -> Arrays.toString(e.getSuppressed()));
    trail.assertNone(event -> event.startsWith("not cancelled"), "a chunk was not cancelled");
    assertFalse(Thread.currentThread().isInterrupted(), "a deadline is not an interrupt");
  }

  /** Chunks deaf to interrupts: the deadline still stops new chunks from starting. */
  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void aPassedDeadlineStopsNewChunks(String kind) {
    int n = 1000;
    Workers workers = new Workers();
    AtomicInteger started = new AtomicInteger();
    assertThrows(DeadlineExceededException.class,
        () -> Processor.of(kind).withDeadline(Duration.ofMillis(100)).run("stubborn",
            Workers.singletons(n), WorkerCount.of(2), chunk -> {
              workers.record();
              started.incrementAndGet();
              Workers.spin(5_000_000); // 5 ms, deaf to interrupts
            }));
    workers.assertAllTerminated();
    assertTrue(started.get() < n, "every chunk ran: the deadline did not stop the run");
    assertFalse(Thread.currentThread().isInterrupted());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void aRunWithinItsDeadlineCompletes(String kind) {
    ProcessReport report = Processor.of(kind).withDeadline(Duration.ofSeconds(30)).run("quick",
        Workers.singletons(20), WorkerCount.of(2), chunk -> {});
    assertEquals(20, report.chunks());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual"})
  void deadlineStress(String kind) {
    for (int i = 0; i < 30; i++) {
      Workers workers = new Workers();
      int failAt = i;
      assertThrows(DeadlineExceededException.class,
          () -> Processor.of(kind).withDeadline(Duration.ofMillis(1 + failAt % 5)).run("stress",
              Workers.singletons(100), WorkerCount.of(4), chunk -> {
                workers.record();
                Workers.blockUntilInterrupted();
              }));
      workers.assertAllTerminated();
    }
  }
}
