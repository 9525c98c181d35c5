package zensols.multi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link FallbackTaskScope}, the backend on final Java 21 APIs, on its own. */
class FallbackTaskScopeTest {
  private static final long PROMPTLY_MS = 5_000;

  /** Records the threads the scope creates. */
  private static final class Threads implements ThreadFactory {
    final List<Thread> created = new CopyOnWriteArrayList<>();

    @Override
    public Thread newThread(Runnable task) {
      Thread t = Thread.ofPlatform().name("fallback-test-", created.size()).unstarted(task);
      created.add(t);
      return t;
    }

    void assertAllTerminated() {
      for (Thread t : created) {
        assertFalse(t.isAlive(), () -> t + " is alive");
      }
    }
  }

  private final Threads threads = new Threads();

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  private TaskScope open(@Nullable Duration timeout) {
    return FallbackTaskScope.FACTORY.open("test-scope", threads, timeout);
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    if (!latch.await(PROMPTLY_MS, TimeUnit.MILLISECONDS)) {
      fail("timed out");
    }
  }

  /** Blocks until interrupted (for at most 20 s); counts the interrupt into {@code cancelled}. */
  private static Runnable blocking(CountDownLatch started, CountDownLatch cancelled) {
    return () -> {
      started.countDown();
      try {
        new CountDownLatch(1).await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        cancelled.countDown();
      }
    };
  }

  @Test
  void joinWaitsForEveryTask() throws Exception {
    List<Integer> done = new CopyOnWriteArrayList<>();
    try (TaskScope scope = open(null)) {
      for (int i = 0; i < 5; i++) {
        int id = i;
        scope.fork(() -> {
          try {
            Thread.sleep(10L * id);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          done.add(id);
        });
      }
      scope.join();
      assertEquals(5, done.size(), "join returned before every task finished: " + done);
    }
    assertEquals(5, threads.created.size());
    threads.assertAllTerminated();
  }

  @Test
  void theFirstFailureCancelsTheOthersAndJoinReturns() throws Exception {
    AtomicBoolean ran = new AtomicBoolean();
    CountDownLatch started = new CountDownLatch(2);
    CountDownLatch cancelled = new CountDownLatch(2);
    try (TaskScope scope = open(null)) {
      scope.fork(blocking(started, cancelled));
      scope.fork(blocking(started, cancelled));
      await(started);
      scope.fork(() -> {
        throw new IllegalStateException("boom");
      });
      await(cancelled); // cancelled by the failure, before join and close
      // tasks forked after the cancellation never start
      scope.fork(() -> ran.set(true));
      scope.join();
    }
    // close() has waited for every thread the scope started: a late run would have happened
    threads.assertAllTerminated();
    assertFalse(ran.get(), "a task forked after the cancellation ran");
  }

  @Test
  void anErrorCancelsTheOthersToo() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    try (TaskScope scope = open(null)) {
      scope.fork(blocking(started, cancelled));
      await(started);
      scope.fork(() -> {
        throw new AssertionError("an error");
      });
      scope.join();
      await(cancelled);
    }
    threads.assertAllTerminated();
  }

  @Test
  void closeCancelsAndWaitsForEveryThread() throws Exception {
    CountDownLatch started = new CountDownLatch(2);
    CountDownLatch cancelled = new CountDownLatch(2);
    AtomicBoolean finished = new AtomicBoolean();
    try (TaskScope scope = open(null)) {
      scope.fork(blocking(started, cancelled));
      scope.fork(() -> {
        started.countDown();
        // deaf to the interrupt for a while: close must still wait for it
        long end = System.nanoTime() + 100_000_000L;
        while (System.nanoTime() - end < 0) {
          Thread.onSpinWait();
        }
        finished.set(true);
        cancelled.countDown();
      });
      await(started);
    }
    assertTrue(finished.get(), "close returned before a thread ended");
    threads.assertAllTerminated();
    assertEquals(0, cancelled.getCount());
  }

  @Test
  void closeIsNotInterruptibleAndKeepsTheInterrupt() throws Exception {
    AtomicBoolean finished = new AtomicBoolean();
    CountDownLatch started = new CountDownLatch(1);
    TaskScope scope = open(null);
    scope.fork(() -> {
      started.countDown();
      long end = System.nanoTime() + 100_000_000L;
      while (System.nanoTime() - end < 0) {
        Thread.onSpinWait();
      }
      finished.set(true);
    });
    await(started);
    Thread.currentThread().interrupt();
    scope.close();
    assertTrue(Thread.currentThread().isInterrupted(), "close lost the interrupt");
    assertTrue(finished.get(), "close returned before the thread ended");
    threads.assertAllTerminated();
    scope.close(); // idempotent
  }

  @Test
  void joinOnInterruptThrowsAndCloseCancels() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    TaskScope scope = open(null);
    try {
      scope.fork(blocking(started, cancelled));
      await(started);
      Thread.currentThread().interrupt();
      assertThrows(InterruptedException.class, scope::join);
      // as JEP 505's join: the owner records the cancellation before the tasks see it
      assertEquals(1, cancelled.getCount(), "join cancelled the scope");
    } finally {
      scope.close();
    }
    await(cancelled); // cancelled by close
    threads.assertAllTerminated();
  }

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails the test
  void aThreadThatCannotStartIsNotWaitedFor() throws Exception {
    AtomicInteger made = new AtomicInteger();
    ThreadFactory failing =
        task -> {
          Thread t = Thread.ofPlatform().unstarted(task);
          if (made.incrementAndGet() == 2) {
            return new Thread(task) {
              @Override
              public synchronized void start() {
                throw new OutOfMemoryError("unable to create native thread: injected");
              }
            };
          }
          return t;
        };
    CountDownLatch ran = new CountDownLatch(1);
    try (TaskScope scope = FallbackTaskScope.FACTORY.open("nostart", failing, null)) {
      scope.fork(ran::countDown);
      assertThrows(OutOfMemoryError.class, () -> scope.fork(() -> {}));
      scope.join(); // returns: the task that never started is not waited for
    }
    await(ran);
  }

  @Test
  void joinPastTheDeadlineCancelsAndThrows() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    try (TaskScope scope = open(Duration.ofMillis(50))) {
      scope.fork(blocking(started, cancelled));
      var e = assertThrows(TimeoutException.class, scope::join);
      assertTrue(String.valueOf(e.getMessage()).contains("test-scope"), e::getMessage);
      await(cancelled);
    }
    threads.assertAllTerminated();
  }

  @Test
  void joinWithinTheDeadlineReturns() throws Exception {
    try (TaskScope scope = open(Duration.ofSeconds(30))) {
      scope.fork(() -> {});
      scope.join();
    }
    threads.assertAllTerminated();
  }

  @Test
  void onlyTheOwnerMayForkJoinOrClose() throws Exception {
    try (TaskScope scope = open(null)) {
      AtomicReference<@Nullable Throwable> fork = new AtomicReference<>();
      AtomicReference<@Nullable Throwable> join = new AtomicReference<>();
      AtomicReference<@Nullable Throwable> close = new AtomicReference<>();
      Thread other = Thread.ofPlatform().start(() -> {
        fork.set(catching(() -> scope.fork(() -> {})));
        join.set(catching(scope::join));
        close.set(catching(scope::close));
      });
      other.join(PROMPTLY_MS);
      assertFalse(other.isAlive());
      for (var thrown : List.of(fork, join, close)) {
        Throwable t = thrown.get();
        assertTrue(t instanceof IllegalStateException, () -> "thrown: " + t);
        assertTrue(String.valueOf(t.getMessage()).contains("test-scope"), t::getMessage);
      }
      assertEquals(0, threads.created.size(), "a non-owner forked a task");
      scope.fork(() -> {});
      scope.join();
    }
    threads.assertAllTerminated();
  }

  private interface Action {
    void run() throws Exception;
  }

  private static @Nullable Throwable catching(Action action) {
    try {
      action.run();
      return null;
    } catch (Throwable t) { // NOPMD: the point
      return t;
    }
  }

  @Test
  void forkAfterCloseOrJoinIsRejected() throws Exception {
    TaskScope joined = open(null);
    joined.fork(() -> {});
    joined.join();
    assertThrows(IllegalStateException.class, () -> joined.fork(() -> {}));
    joined.close();
    assertThrows(IllegalStateException.class, () -> joined.fork(() -> {}));
    threads.assertAllTerminated();
  }

  @Test
  @SuppressWarnings("NullAway") // a factory that breaks its contract
  void aThreadFactoryReturningNullIsRejected() {
    ThreadFactory none = task -> null;
    try (TaskScope scope = FallbackTaskScope.FACTORY.open("null-factory", none, null)) {
      var e = assertThrows(IllegalStateException.class, () -> scope.fork(() -> {}));
      assertTrue(String.valueOf(e.getMessage()).contains("null-factory"), e::getMessage);
    }
  }

  @Test
  void stress() throws Exception {
    for (int i = 0; i < 200; i++) {
      Threads local = new Threads();
      CountDownLatch started = new CountDownLatch(3);
      CountDownLatch cancelled = new CountDownLatch(3);
      try (TaskScope scope = FallbackTaskScope.FACTORY.open("stress", local, null)) {
        for (int j = 0; j < 3; j++) {
          scope.fork(blocking(started, cancelled));
        }
        if (i % 2 == 0) {
          await(started);
        }
        scope.fork(() -> {
          throw new IllegalStateException("boom");
        });
        scope.join();
      }
      local.assertAllTerminated();
      // every task that started was cancelled; tasks not yet started never ran
      assertEquals(started.getCount(), cancelled.getCount());
    }
  }
}
