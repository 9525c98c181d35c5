package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import zensols.multi.stash.MemoryStash;

/** A prime that fails is one attempt: the threads that waited for it get its failure. */
class OneAttemptTest {
  private static final int WAITERS = 7;

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void waitersOfAFailedPrimeShareItsFailureAndALaterCallTriesAgain(String kind)
      throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    LambdaStash<Integer> stash = new LambdaStash<>("fails-once", new MemoryStash<>(),
        new MultiProcessConfig(2, WorkerCount.of(2), Processor.of(kind)),
        self -> {
          runs.incrementAndGet();
          started.countDown();
          try {
            Workers.await(release, "the waiters to wait");
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return IntStream.range(0, 4).boxed();
        },
        (self, chunk) -> {
          throw new IllegalStateException("boom in run " + runs.get());
        });
    AtomicReferenceArray<Throwable> thrown = new AtomicReferenceArray<>(WAITERS + 1);
    List<Thread> threads = new ArrayList<>();
    threads.add(Thread.ofPlatform().start(() -> thrown.set(0, sizeFailure(stash))));
    Workers.await(started, "the first prime to start");
    for (int i = 1; i <= WAITERS; i++) {
      int which = i;
      threads.add(Thread.ofPlatform().start(() -> thrown.set(which, sizeFailure(stash))));
    }
    for (Thread t : threads.subList(1, threads.size())) {
      Workers.await(() -> t.getState() == Thread.State.WAITING, () -> t + " to wait");
    }
    release.countDown();
    for (Thread t : threads) {
      Workers.assertEndsPromptly(t);
    }
    assertEquals(1, runs.get(), "the work ran once for every thread that waited for it");
    ChunkFailedException first = assertInstanceOf(ChunkFailedException.class, thrown.get(0));
    for (int i = 0; i <= WAITERS; i++) {
      ChunkFailedException e = assertInstanceOf(ChunkFailedException.class, thrown.get(i));
      assertEquals("fails-once", e.name());
      assertSame(Workers.cause(first), Workers.cause(e), "the attempt's failure");
      assertEquals("boom in run 1", Workers.message(Workers.cause(e)));
      if (i > 0) {
        assertNotSame(first, e, "each waiter gets an exception thrown in its own thread");
      }
    }
    var again = assertThrows(ChunkFailedException.class, stash::size);
    assertEquals(2, runs.get(), "a later call tries again");
    assertEquals("boom in run 2", Workers.message(Workers.cause(again)));
  }

  /** An attempt cancelled by its caller's interrupt is not a failure: a waiter primes. */
  @ParameterizedTest
  @ValueSource(strings = {"pool", "single"})
  void aPrimeCancelledByItsCallersInterruptIsRunAgainByAWaiter(String kind) throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(1);
    LambdaStash<Integer> stash = new LambdaStash<>("interrupted-once", new MemoryStash<>(),
        new MultiProcessConfig(2, WorkerCount.of(2), Processor.of(kind)),
        self -> IntStream.range(0, 4).boxed(),
        (self, chunk) -> {
          if (runs.incrementAndGet() == 1) {
            started.countDown();
            Workers.blockUntilInterrupted();
          }
          return LambdaStash.values(chunk);
        });
    AtomicReferenceArray<Object> results = new AtomicReferenceArray<>(2);
    Thread primer = Thread.ofPlatform().start(() -> results.set(0, sizeOrFailure(stash)));
    Workers.await(started, "the first prime to start");
    Thread waiter = Thread.ofPlatform().start(() -> results.set(1, sizeOrFailure(stash)));
    Workers.await(() -> waiter.getState() == Thread.State.WAITING, () -> "the waiter to wait");
    primer.interrupt();
    Workers.assertEndsPromptly(primer);
    Workers.assertEndsPromptly(waiter);
    assertInstanceOf(ProcessInterruptedException.class, results.get(0));
    assertEquals(4, results.get(1), "the waiter primed after the interrupted attempt");
    assertTrue(runs.get() >= 3, "runs " + runs.get());
  }

  private static Throwable sizeFailure(LambdaStash<Integer> stash) {
    try {
      stash.size();
      return new AssertionError("size() returned");
    } catch (Throwable e) { // NOPMD: what the test looks at
      return e;
    }
  }

  private static Object sizeOrFailure(LambdaStash<Integer> stash) {
    try {
      return stash.size();
    } catch (Throwable e) { // NOPMD: what the test looks at
      return e;
    }
  }
}
