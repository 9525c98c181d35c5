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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link TaskScope} contract, held by the backend this JVM uses ({@code structured} in the
 * preview run) and by the fallback.
 */
class TaskScopeContractTest {

  static Stream<TaskScopeFactory> factories() {
    return Stream.of(TaskScopes.factory(), FallbackTaskScope.FACTORY).distinct();
  }

  private static final class Threads implements ThreadFactory {
    final List<Thread> created = new CopyOnWriteArrayList<>();

    @Override
    public Thread newThread(Runnable task) {
      Thread t = Thread.ofVirtual().name("contract-", created.size()).unstarted(task);
      created.add(t);
      return t;
    }

    void assertAllTerminated() {
      for (Thread t : created) {
        assertFalse(t.isAlive(), () -> t + " is alive");
      }
    }
  }

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    if (!latch.await(5, TimeUnit.SECONDS)) {
      fail("timed out");
    }
  }

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

  @ParameterizedTest
  @MethodSource("factories")
  void joinWaitsForEveryTaskAndCloseLeavesNoThread(TaskScopeFactory factory) throws Exception {
    Threads threads = new Threads();
    List<Integer> done = new CopyOnWriteArrayList<>();
    try (TaskScope scope = factory.open("contract", threads, null)) {
      for (int i = 0; i < 4; i++) {
        int id = i;
        scope.fork(() -> {
          Thread.yield();
          done.add(id);
        });
      }
      scope.join();
      assertEquals(4, done.size());
    }
    assertEquals(4, threads.created.size());
    threads.assertAllTerminated();
  }

  @ParameterizedTest
  @MethodSource("factories")
  void aFailureCancelsTheOthersBeforeJoinReturns(TaskScopeFactory factory) throws Exception {
    for (int i = 0; i < 100; i++) {
      Threads threads = new Threads();
      CountDownLatch started = new CountDownLatch(2);
      CountDownLatch cancelled = new CountDownLatch(2);
      try (TaskScope scope = factory.open("contract", threads, null)) {
        scope.fork(blocking(started, cancelled));
        scope.fork(blocking(started, cancelled));
        await(started);
        scope.fork(() -> {
          throw new IllegalStateException("boom");
        });
        scope.join();
        await(cancelled);
      }
      threads.assertAllTerminated();
    }
  }

  @ParameterizedTest
  @MethodSource("factories")
  void aPassedDeadlineCancelsAndJoinThrowsTimeout(TaskScopeFactory factory) throws Exception {
    Threads threads = new Threads();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    try (TaskScope scope = factory.open("contract", threads, Duration.ofMillis(50))) {
      scope.fork(blocking(started, cancelled));
      assertThrows(TimeoutException.class, scope::join);
    }
    assertEquals(0, cancelled.getCount(), "not cancelled by the deadline");
    threads.assertAllTerminated();
  }

  @ParameterizedTest
  @MethodSource("factories")
  void anInterruptedJoinThrowsAndCloseCancelsKeepingTheInterrupt(TaskScopeFactory factory)
      throws Exception {
    Threads threads = new Threads();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    try (TaskScope scope = factory.open("contract", threads, null)) {
      scope.fork(blocking(started, cancelled));
      await(started);
      Thread.currentThread().interrupt();
      assertThrows(InterruptedException.class, scope::join);
      Thread.currentThread().interrupt(); // as a caller that keeps the interrupt does
    }
    assertTrue(Thread.interrupted(), "close lost the interrupt");
    assertEquals(0, cancelled.getCount(), "not cancelled");
    threads.assertAllTerminated();
  }

  @ParameterizedTest
  @MethodSource("factories")
  void forkAfterJoinIsRejected(TaskScopeFactory factory) throws Exception {
    Threads threads = new Threads();
    try (TaskScope scope = factory.open("contract", threads, null)) {
      scope.fork(() -> {});
      scope.join();
      assertThrows(IllegalStateException.class, () -> scope.fork(() -> {}));
    }
    threads.assertAllTerminated();
  }

  @ParameterizedTest
  @MethodSource("factories")
  void onlyTheOwnerMayFork(TaskScopeFactory factory) throws Exception {
    Threads threads = new Threads();
    try (TaskScope scope = factory.open("contract", threads, null)) {
      CountDownLatch rejected = new CountDownLatch(1);
      Thread other = Thread.ofPlatform().start(() -> {
        try {
          scope.fork(() -> {});
        } catch (RuntimeException e) { // IllegalStateException, WrongThreadException (JEP 505)
          rejected.countDown();
        }
      });
      other.join(5000);
      assertEquals(0, rejected.getCount(), "a non-owner forked");
      scope.join();
    }
    assertEquals(0, threads.created.size());
  }
}
