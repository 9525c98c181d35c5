package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interrupting the thread that runs the chunks cancels the run: it returns promptly with {@link
 * ProcessInterruptedException}, the interrupt status set, and every worker ended.
 */
class InterruptTest {

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  /** What the calling thread saw. */
  private static final class Outcome {
    final AtomicReference<@Nullable Throwable> thrown = new AtomicReference<>();
    final AtomicBoolean flagAfter = new AtomicBoolean();
  }

  private static Thread caller(Outcome outcome, Runnable run) {
    return Thread.ofPlatform().name("interrupted-caller").start(() -> {
      try {
        run.run();
      } catch (Throwable t) { // NOPMD: recorded for the assertions
        outcome.thrown.set(t);
      }
      outcome.flagAfter.set(Thread.currentThread().isInterrupted());
    });
  }

  private static ProcessInterruptedException assertInterrupted(Outcome outcome, String name) {
    Throwable thrown = outcome.thrown.get();
    ProcessInterruptedException e = assertInstanceOf(ProcessInterruptedException.class, thrown,
        () -> "thrown: " + thrown);
    assertEquals(name, e.name());
    assertTrue(Workers.message(e).contains(name), Workers.message(e));
    assertTrue(outcome.flagAfter.get(), "the interrupt status was not kept");
    assertEquals(0, e.getSuppressed().length,
        () -> "cancellations were reported: " + Arrays.toString(e.getSuppressed()));
    return e;
  }

  private static void interruptWhileChunksBlock(String kind, int workerCount) throws Exception {
    Workers workers = new Workers();
    int inFlight = kind.equals("single") ? 1 : workerCount;
    CountDownLatch started = new CountDownLatch(inFlight);
    AtomicInteger cancelled = new AtomicInteger();
    Trail trail = new Trail();
    Outcome outcome = new Outcome();
    Thread caller = caller(outcome, () -> Processor.of(kind).run("intr", Workers.singletons(100),
        WorkerCount.of(workerCount), chunk -> {
          workers.record();
          trail.add("start " + chunk.id());
          started.countDown();
          try {
            Workers.blockUntilInterrupted();
            trail.add("not cancelled " + chunk.id());
          } catch (InterruptedException e) {
            cancelled.incrementAndGet();
            throw e;
          }
        }));
    Workers.await(started, "the chunks to start");
    trail.add("interrupt");
    caller.interrupt();
    Workers.assertEndsPromptly(caller);
    workers.assertAllTerminated();
    assertInterrupted(outcome, "intr");
    assertEquals(inFlight, cancelled.get());
    trail.assertNone(event -> event.startsWith("not cancelled"), "a chunk was not cancelled");
    int at = trail.indexOf("interrupt");
    assertEquals(0, trail.countAfter(at, event -> event.startsWith("start ")),
        () -> "chunks started after the interrupt: " + trail);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void anInterruptCancelsBlockedChunks(String kind) throws Exception {
    interruptWhileChunksBlock(kind, 3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void interruptStress(String kind) throws Exception {
    for (int i = 0; i < 100; i++) {
      interruptWhileChunksBlock(kind, 1 + i % 4);
    }
  }

  /**
   * Chunks that ignore interrupts cannot be stopped mid-way, but once the caller has seen its
   * interrupt no new chunk starts: the run stops long before the data is used up. (How many chunks
   * slip in before the caller wakes up depends on scheduling, so it is not asserted.)
   */
  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void afterAnInterruptNoNewChunkStartsEvenIfChunksIgnoreIt(String kind) throws Exception {
    int workerCount = 2;
    int n = 1000;
    Workers workers = new Workers();
    AtomicInteger started = new AtomicInteger();
    CountDownLatch running = new CountDownLatch(1);
    Outcome outcome = new Outcome();
    Thread caller = caller(outcome, () -> Processor.of(kind).run("stubborn",
        Workers.singletons(n), WorkerCount.of(workerCount), chunk -> {
          workers.record();
          started.incrementAndGet();
          running.countDown();
          Workers.spin(5_000_000); // 5 ms, deaf to interrupts
        }));
    Workers.await(running, "a chunk to start");
    caller.interrupt();
    Workers.assertEndsPromptly(caller);
    workers.assertAllTerminated();
    assertInterrupted(outcome, "stubborn");
    assertTrue(started.get() < n, "every chunk ran: the interrupt did not stop the run");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void anAlreadyInterruptedCallerIsCancelledAtOnce(String kind) throws Exception {
    Workers workers = new Workers();
    Outcome outcome = new Outcome();
    Thread caller = caller(outcome, () -> {
      Thread.currentThread().interrupt();
      Processor.of(kind).run("pre", Workers.singletons(50), WorkerCount.of(2), chunk -> {
        workers.record();
        Workers.blockUntilInterrupted();
      });
    });
    Workers.assertEndsPromptly(caller);
    workers.assertAllTerminated();
    assertInterrupted(outcome, "pre");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void aRunThatIsNotInterruptedLeavesTheFlagClear(String kind) {
    Processor.of(kind).run("calm", Workers.singletons(10), WorkerCount.of(2), chunk -> {});
    assertFalse(Thread.currentThread().isInterrupted());
  }
}
