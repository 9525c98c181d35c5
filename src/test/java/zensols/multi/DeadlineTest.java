package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import zensols.multi.stash.MemoryStash;
import org.junit.jupiter.params.provider.ValueSource;

/** A processor's deadline cancels the run with {@link DeadlineExceededException}. */
class DeadlineTest {
  private static final Duration DEADLINE = Duration.ofMillis(150);

  /** How much later than its deadline a run may end: generous, relative to the deadline. */
  private static final Duration SLACK = Duration.ofMillis(500);

  /**
   * A lazy data stream that takes 2 s to read (20 ms per item, interruptible as IO is): the
   * deadline bounds the whole prime, reading the data included, also with chunk size 0, where all
   * of the data is read before any chunk runs.
   */
  @ParameterizedTest
  @CsvSource({"pool,0", "pool,5", "virtual,0", "virtual,5"})
  void theDeadlineBoundsReadingTheData(String kind, int chunkSize) {
    Duration deadline = Duration.ofMillis(200);
    AtomicInteger read = new AtomicInteger();
    LambdaStash<Integer> stash = new LambdaStash<>("slow-data", new MemoryStash<>(),
        new MultiProcessConfig(chunkSize, WorkerCount.of(2), Processor.of(kind).withDeadline(deadline)),
        self -> IntStream.range(0, 100).boxed().peek(i -> {
          read.incrementAndGet();
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("reading cancelled", e);
          }
        }),
        (self, chunk) -> LambdaStash.values(chunk));
    long start = System.nanoTime();
    var e = assertThrows(DeadlineExceededException.class, stash::size);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertEquals("slow-data", e.name());
    assertTrue(took.compareTo(deadline.plus(SLACK)) < 0, "took " + took + ", read " + read.get());
    assertTrue(read.get() < 100, "every item was read");
    assertFalse(Thread.currentThread().isInterrupted(), "a deadline is not an interrupt");
    Workers.assertNoLiveWorkers("slow-data");
  }

  /** One chunk longer than the deadline, nothing after it: the run did its work. */
  @Test
  void singleCompletesARunWhoseChunksAllFinishedAfterTheDeadline() {
    MemoryStash<String> delegate = new MemoryStash<>();
    LambdaStash<Integer> stash = new LambdaStash<>("late-but-done", delegate,
        new MultiProcessConfig(0, WorkerCount.of(1), Processor.single().withDeadline(Duration.ofMillis(100))),
        self -> IntStream.range(0, 3).boxed(),
        (self, chunk) -> {
          Thread.sleep(300);
          return LambdaStash.values(chunk);
        });
    assertEquals(3, stash.size());
    assertTrue(delegate.isComplete(), "the completion mark is written");
  }

  /** Every chunk but the last is done before the deadline: the next one still does not start. */
  @Test
  void singleStartsNoChunkAfterTheDeadline() {
    AtomicInteger started = new AtomicInteger();
    assertThrows(DeadlineExceededException.class,
        () -> Processor.single().withDeadline(Duration.ofMillis(100)).run("late",
            Workers.singletons(3), WorkerCount.of(1), chunk -> {
              started.incrementAndGet();
              Thread.sleep(300);
            }));
    assertEquals(1, started.get());
  }

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
    assertTrue(took.compareTo(DEADLINE.plus(SLACK)) < 0, "took " + took);
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
