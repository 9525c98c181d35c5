package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every thread a run starts has terminated when the run returns or throws. */
class ThreadLeakTest {

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual"})
  void everyWorkerHasTerminatedWhenTheRunReturnsOrThrows(String kind) {
    qt().withExamples(150)
        .forAll(integers().between(1, 8), integers().between(0, 60), booleans().all())
        .checkAssert((workerCount, n, failing) -> {
          Workers workers = new Workers();
          int failAt = failing && n > 0 ? ThreadLocalRandom.current().nextInt(n) : -1;
          ChunkTask<Integer> task = chunk -> {
            workers.record();
            if (chunk.id() == failAt) {
              throw new IllegalStateException("boom");
            }
            if (failAt >= 0) {
              Thread.sleep(ThreadLocalRandom.current().nextInt(3)); // cancelled if still running
            }
          };
          Runnable run = () -> Processor.of(kind).run("leak", Workers.singletons(n),
              WorkerCount.of(workerCount), task);
          if (failAt >= 0) {
            assertThrows(ChunkFailedException.class, run::run);
          } else {
            run.run();
          }
          workers.assertAllTerminated(); // immediately: no waiting
          Workers.assertNoLiveWorkers("leak");
        });
  }

  private static void failingRun(String kind, String name) {
    Workers workers = new Workers();
    assertThrows(ChunkFailedException.class,
        () -> Processor.of(kind).run(name, Workers.singletons(40), WorkerCount.of(4), chunk -> {
          workers.record();
          if (chunk.id() == 2) {
            throw new IllegalStateException("boom");
          }
          Workers.blockUntilInterrupted();
        }));
    workers.assertAllTerminated();
  }

  @Test
  void livePlatformThreadsAreBackToTheBaselineAfter200FailingRuns() {
    // warm up: JVM-wide threads (virtual-thread carriers, timers) are started once, before the
    // baseline is taken
    for (String kind : new String[] {"pool", "virtual"}) {
      for (int i = 0; i < 5; i++) {
        failingRun(kind, "warm");
      }
      assertThrows(DeadlineExceededException.class,
          () -> Processor.of(kind).withDeadline(Duration.ofMillis(1)).run("warm",
              Workers.singletons(4), WorkerCount.of(2), chunk -> Workers.blockUntilInterrupted()));
    }
    int baseline = Workers.livePlatformThreadCount();
    for (int i = 0; i < 200; i++) {
      failingRun(i % 2 == 0 ? "pool" : "virtual", "failing");
    }
    Workers.assertNoLiveWorkers("failing");
    // other JVM threads may come and go: wait (boundedly) for the count to settle
    Workers.await(() -> Workers.livePlatformThreadCount() <= baseline,
        () -> "live platform threads " + Workers.livePlatformThreadCount() + " > baseline "
            + baseline + ": " + Thread.getAllStackTraces().keySet());
  }
}
