package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Test helpers around the threads a run starts. */
final class Workers {
  /** Generous bound on "promptly" and on waits that should end at once; never a timing claim. */
  static final Duration PROMPTLY = Duration.ofSeconds(5);

  /** How long a chunk that waits to be cancelled waits before it gives up. */
  static final Duration LONG = Duration.ofSeconds(20);

  /** The threaded processors' kinds, for parameterized tests. */
  static final String POOL = "pool";

  static final String VIRTUAL = "virtual";

  private final Set<Thread> seen = ConcurrentHashMap.newKeySet();

  /** Records the calling thread; call it from a chunk task. */
  void record() {
    seen.add(Thread.currentThread());
  }

  Set<Thread> seen() {
    return Set.copyOf(seen);
  }

  /**
   * Asserts, without waiting, that every recorded thread but the caller (where {@link
   * SingleProcessor} runs chunks) has terminated.
   */
  void assertAllTerminated() {
    for (Thread t : seen) {
      if (t == Thread.currentThread()) {
        continue;
      }
      assertFalse(t.isAlive(), () -> "thread " + t + " is still alive");
    }
  }

  /** Chunks of one item each: 0, 1, 2, … {@code n - 1}. */
  static Stream<Chunk<Integer>> singletons(int n) {
    return IntStream.range(0, n).mapToObj(i -> new Chunk<>(i, List.of(i)));
  }

  /** An exception's message, which must be present. */
  static String message(Throwable e) {
    return Objects.requireNonNull(e.getMessage(), () -> e + " has no message");
  }

  /** An exception's cause, which must be present. */
  static Throwable cause(Throwable e) {
    return Objects.requireNonNull(e.getCause(), () -> e + " has no cause");
  }

  /** Live platform threads whose name starts with {@code prefix}. */
  static List<Thread> livePlatformThreads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
        .toList();
  }

  /** The number of live platform threads. */
  static int livePlatformThreadCount() {
    return Thread.getAllStackTraces().size();
  }

  /** Waits until {@code condition} holds, failing after {@link #PROMPTLY} with {@code what}. */
  static void await(Supplier<Boolean> condition, Supplier<String> what) {
    long end = System.nanoTime() + PROMPTLY.toNanos();
    while (!condition.get()) {
      if (System.nanoTime() - end > 0) {
        fail(what.get());
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted while waiting: " + what.get());
      }
    }
  }

  /** Awaits a latch for at most {@link #PROMPTLY}; fails the test (with {@code what}) if it does not open. */
  static void await(CountDownLatch latch, String what) throws InterruptedException {
    if (!latch.await(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS)) {
      fail("timed out waiting: " + what);
    }
  }

  /**
   * Blocks until interrupted (cancelled), for at most {@link #LONG}; returns normally if never
   * interrupted, so that a missing cancellation fails a test instead of hanging it.
   */
  static void blockUntilInterrupted() throws InterruptedException {
    new CountDownLatch(1).await(LONG.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Spins for {@code nanos} without responding to interrupts (CPU-bound, uncooperative work). */
  static void spin(long nanos) {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() - end < 0) {
      Thread.onSpinWait();
    }
  }

  /** Joins {@code t}, asserting that it ends within {@link #PROMPTLY}. */
  static void assertEndsPromptly(Thread t) throws InterruptedException {
    t.join(PROMPTLY.toMillis());
    assertFalse(t.isAlive(), () -> t + " did not end within " + PROMPTLY);
  }

  static void assertNoLiveWorkers(String name) {
    assertEquals(List.of(), livePlatformThreads(name + "-"), "live threads of run " + name);
  }

  Workers() {}
}
