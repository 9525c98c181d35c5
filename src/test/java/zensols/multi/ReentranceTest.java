package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import zensols.multi.stash.MemoryStash;

/**
 * Reading a stash from inside its own work fails at once with {@link IllegalStateException}
 * naming the stash and pointing at {@code delegate()}: it never deadlocks or recurses. Each call
 * runs in a thread of its own, bounded, so that a deadlock fails the test instead of hanging it.
 */
class ReentranceTest {

  /** Runs {@code call} in a new thread; returns what it threw, failing if it hung or returned. */
  static Throwable thrownBy(Callable<?> call) throws InterruptedException {
    AtomicReference<@Nullable Throwable> thrown = new AtomicReference<>();
    AtomicReference<@Nullable Object> returned = new AtomicReference<>();
    Thread t = Thread.ofPlatform().daemon(true).name("reentrance-caller").start(() -> {
      try {
        returned.set(call.call());
      } catch (Throwable e) { // NOPMD: what the test looks at
        thrown.set(e);
      }
    });
    t.join(Workers.PROMPTLY.toMillis());
    if (t.isAlive()) {
      fail("the call deadlocked: " + List.of(t.getStackTrace()));
    }
    Throwable e = thrown.get();
    if (e == null) {
      fail("the call returned " + returned.get() + " instead of failing");
    }
    return e;
  }

  private static MultiProcessConfig config(String kind) {
    return new MultiProcessConfig(2, WorkerCount.of(2), Processor.of(kind));
  }

  private static void assertNamesTheStashAndDelegate(Throwable e, String name) {
    IllegalStateException ise = assertInstanceOf(IllegalStateException.class, e, () -> e.toString());
    String message = Workers.message(ise);
    assertTrue(message.contains("'" + name + "'") && message.contains("delegate()"), message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void readingTheStashFromProcessFailsAtOnce(String kind) throws Exception {
    LambdaStash<Integer> stash = new LambdaStash<>("reads-itself", new MemoryStash<>(),
        config(kind), self -> IntStream.range(0, 6).boxed(),
        (self, chunk) -> self.exists("0") ? List.of() : LambdaStash.values(chunk));
    Throwable e = thrownBy(stash::size);
    ChunkFailedException failed = assertInstanceOf(ChunkFailedException.class, e, e::toString);
    assertEquals("reads-itself", failed.name());
    assertNamesTheStashAndDelegate(Workers.cause(failed), "reads-itself");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void readingTheStashFromCreateDataFailsAtOnce(String kind) throws Exception {
    LambdaStash<Integer> stash = new LambdaStash<>("filters-itself", new MemoryStash<>(),
        config(kind),
        self -> IntStream.range(0, 6).boxed().filter(i -> !self.exists(Integer.toString(i))),
        (self, chunk) -> LambdaStash.values(chunk));
    Throwable e = thrownBy(stash::keys);
    ChunkFailedException failed = assertInstanceOf(ChunkFailedException.class, e, e::toString);
    assertNamesTheStashAndDelegate(Workers.cause(failed), "filters-itself");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void aProgressListenerThatReadsTheStashFailsAtOnceAndIsLoggedNotAFailedChunk(String kind)
      throws Exception {
    LambdaStash<Integer> stash = new LambdaStash<>("listened", new MemoryStash<>(),
        config(kind), self -> IntStream.range(0, 6).boxed(),
        (self, chunk) -> LambdaStash.values(chunk));
    java.util.Queue<Throwable> seen = new java.util.concurrent.ConcurrentLinkedQueue<>();
    stash.addProgressListener(new ProgressListener() {
      @Override
      public void itemsDone(String name, long done, OptionalLong total) {
        try {
          stash.size();
        } catch (RuntimeException e) {
          seen.add(e);
          throw e;
        }
      }
    });
    Thread caller = Thread.ofPlatform().daemon(true).start(stash::prime);
    caller.join(Workers.PROMPTLY.toMillis());
    assertTrue(!caller.isAlive(), "the listener's read deadlocked the prime");
    assertTrue(!seen.isEmpty(), "the listener was called");
    for (Throwable e : seen) {
      assertNamesTheStashAndDelegate(e, "listened");
    }
    assertEquals(6, stash.size(), "the listener's failure is logged, not a failed chunk");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void aFactoryLoadThatReadsTheStashFailsAtOnce(String kind) throws Exception {
    AtomicReference<@Nullable MultiProcessFactoryStash<String>> self = new AtomicReference<>();
    HookedFactory factory = new HookedFactory(new CountingFactory(6), (key, value) ->
        key.equals("3") ? java.util.Objects.requireNonNull(self.get()).load("2") : value);
    MultiProcessFactoryStash<String> stash = new MultiProcessFactoryStash<>("factory-reads",
        new MemoryStash<>(), factory, config(kind), EnablePreemptive.FALSE);
    self.set(stash);
    Throwable e = thrownBy(stash::size);
    ChunkFailedException failed = assertInstanceOf(ChunkFailedException.class, e, e::toString);
    assertNamesTheStashAndDelegate(Workers.cause(failed), "factory-reads");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "single"})
  void aFactoryLoadOnDemandThatReadsTheStashFailsAtOnce(String kind) throws Exception {
    AtomicReference<@Nullable MultiProcessFactoryStash<String>> self = new AtomicReference<>();
    CountDownLatch primed = new CountDownLatch(1);
    HookedFactory factory = new HookedFactory(new CountingFactory(6), (key, value) ->
        primed.getCount() == 0 ? java.util.Objects.requireNonNull(self.get()).load(key) : value);
    MultiProcessFactoryStash<String> stash = new MultiProcessFactoryStash<>("on-demand-reads",
        new MemoryStash<>(), factory, config(kind), EnablePreemptive.FALSE);
    self.set(stash);
    assertEquals(6, stash.size());
    primed.countDown();
    stash.delete("4");
    assertNamesTheStashAndDelegate(thrownBy(() -> stash.load("4")), "on-demand-reads");
  }

  /** No false positive: other threads that wait for the prime, and later reads, read normally. */
  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void threadsThatWaitForThePrimeAndThreadsStartedByItReadNormally(String kind)
      throws Exception {
    CountDownLatch inWork = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch primeDone = new CountDownLatch(1);
    AtomicReference<@Nullable Object> startedByWork = new AtomicReference<>();
    AtomicReference<@Nullable Thread> child = new AtomicReference<>();
    LambdaStash<Integer> stash = new LambdaStash<>("waited-for", new MemoryStash<>(),
        config(kind), self -> IntStream.range(0, 6).boxed(),
        (self, chunk) -> {
          if (chunk.contains(0)) {
            // a thread started by the work that reads only after the prime: not the work
            child.set(Thread.ofPlatform().start(() -> {
              try {
                primeDone.await();
                startedByWork.set(self.size());
              } catch (Throwable e) { // NOPMD: what the test looks at
                startedByWork.set(e);
              }
            }));
            inWork.countDown();
            release.await();
          }
          return LambdaStash.values(chunk);
        });
    Thread primer = Thread.ofPlatform().start(stash::prime);
    Workers.await(inWork, "the work to start");
    AtomicReference<@Nullable Object> waiter = new AtomicReference<>();
    Thread reader = Thread.ofPlatform().start(() -> {
      try {
        waiter.set(stash.load("5"));
      } catch (Throwable e) { // NOPMD: what the test looks at
        waiter.set(e);
      }
    });
    Workers.await(() -> reader.getState() == Thread.State.WAITING, () -> "the reader to wait");
    release.countDown();
    Workers.assertEndsPromptly(primer);
    primeDone.countDown();
    Workers.assertEndsPromptly(reader);
    Workers.assertEndsPromptly(java.util.Objects.requireNonNull(child.get()));
    assertEquals(Optional.of("value-5"), waiter.get());
    assertEquals(6, startedByWork.get());
  }

  /** A stash whose work reads another stash primes that one from inside its own work. */
  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void workThatReadsAnotherStashIsNotReentrance(String kind) throws Exception {
    RangeStash other = new RangeStash(4, new MemoryStash<>(), config(kind));
    LambdaStash<Integer> stash = new LambdaStash<>("reads-another", new MemoryStash<>(),
        config(kind), self -> IntStream.range(0, 6).boxed(),
        (self, chunk) -> List.of(Map.entry(chunk.get(0).toString(), "other " + other.size())));
    assertEquals(3, stash.size());
    assertEquals(Optional.of("other 2"), stash.load("0"), "the other stash has 2 chunks of 2");
  }
}
