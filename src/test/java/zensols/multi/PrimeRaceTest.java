package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zensols.multi.stash.Codec;
import zensols.multi.stash.DirectoryStash;
import zensols.multi.stash.MemoryStash;
import zensols.multi.stash.Stash;

/**
 * The single-flight prime, and {@code clear}/{@code invalidate} racing with a prime, under
 * controlled scheduling (Lincheck's model checker, which runs the operations from several threads
 * and explores their interleavings at every shared-memory access and lock operation), then under
 * deterministic interleavings forced with latches at the hook points of a prime, with a {@link
 * DirectoryStash}. The plain stress loops are in {@link SingleFlightTest}.
 *
 * <p>Lincheck checks that every concurrent history of the operations is linearizable: it gives the
 * results of some sequential execution of the same operations on a fresh instance. Lincheck's
 * general-purpose {@code Lincheck.runConcurrentTest} finds nothing on JDK 25 (its control, a lost
 * update, passes there while it fails on JDK 17); its data-structure API used here works on JDK
 * 25, as the control {@link #lincheckFindsACheckThenActRace()} proves in every run.
 */
class PrimeRaceTest {

  /**
   * Two threads of two operations each, then one more operation. The test doubles (the factory,
   * the memory stash and the JDK collections they use) are treated as atomic: their own thread
   * safety is tested elsewhere, and without this Lincheck 3.7 on JDK 25 mistakes the bounded
   * probe loop of {@code Set.of}'s iterator, interleaved with a thread spinning in {@code
   * ReentrantLock}, for a livelock and reports a hang.
   */
  private static ModelCheckingOptions options() {
    return new ModelCheckingOptions()
        .iterations(Integer.getInteger("zensols.multi.test.lincheckIterations", 5))
        .invocationsPerIteration(100)
        .threads(2)
        .actorsPerThread(2)
        .actorsBefore(0)
        .actorsAfter(1)
        .addGuarantee(
            forClasses(
                    CountingFactory.class.getName(),
                    MemoryStash.class.getName(),
                    "java.util.ImmutableCollections$SetN",
                    "java.util.ImmutableCollections$Set12",
                    "java.util.TreeSet",
                    "java.util.TreeMap",
                    "java.util.HashSet",
                    "java.util.HashMap",
                    "java.util.LinkedHashSet",
                    "java.util.LinkedHashMap",
                    "java.util.concurrent.ConcurrentHashMap")
                .allMethods()
                .treatAsAtomic())
        // the streamed keys of the factory stashes: stream internals and the key gate's batches
        // are single-threaded steps under the prime lock; explored step by step, their loops
        // look like a livelock to the model checker
        .addGuarantee(
            forClasses(
                    (kotlin.jvm.functions.Function1<String, Boolean>)
                        name ->
                            name.startsWith("java.util.stream.")
                                || name.startsWith("java.util.Spliterators")
                                || name.equals(KeyGate.class.getName()))
                .allMethods()
                .treatAsAtomic());
  }

  // ---- the control: the tool finds a real race here -----------------------------------------

  /** A prime without a lock: check-then-act, so two first accesses may both run the work. */
  public static final class RacyPrime {
    private volatile boolean primed;
    private volatile int runs;

    public RacyPrime() {}

    /**
     * Primes if not primed yet.
     *
     * @return how many times the work ran
     */
    @Operation
    public int prime() {
      if (!primed) {
        runs = runs + 1;
        primed = true;
      }
      return runs;
    }
  }

  @Test
  void lincheckFindsACheckThenActRace() {
    AssertionError e =
        assertThrows(AssertionError.class, () -> options().check(RacyPrime.class));
    assertTrue(Messages.of(e).contains("Invalid execution results"), Messages.of(e));
  }

  // ---- single flight ---------------------------------------------------------------------------

  /** Concurrent first accesses: the work runs once and every access sees every value. */
  public static final class SingleFlight {
    private final RangeStash stash =
        new RangeStash(4, new MemoryStash<>(),
            new MultiProcessConfig(2, WorkerCount.of(1), Processor.single()));

    public SingleFlight() {}

    /**
     * Reads the stash, which primes it.
     *
     * @return the number of keys and how many times the work ran, as "keys/runs"
     */
    @Operation
    public String size() {
      return stash.size() + "/" + stash.createDataCalls.get();
    }

    /**
     * Loads one value, which primes the stash.
     *
     * @return the value of key "2" and how many times the work ran
     */
    @Operation
    public String load() {
      return stash.load("2").map(List::toString).orElse("none") + "/"
          + stash.createDataCalls.get();
    }
  }

  @Test
  void concurrentFirstAccessesPrimeOnce() {
    options().check(SingleFlight.class);
  }

  // ---- clear and invalidate racing with a prime ------------------------------------------------

  /**
   * A robust stash of three keys; prime, clear, invalidate and load from several threads. The
   * operations return only what the stash's own methods return (a value read after a method
   * returned could already be changed by another thread's clear). After every explored
   * interleaving, {@link #consistent()} checks what a crash-safe stash must never show: a
   * completion mark over a delegate that lacks a value, and a next access that does not see every
   * value.
   */
  public static final class PrimeClearInvalidate {
    private static final Set<String> ALL = Set.of("0", "1", "2");
    private final CountingFactory factory = new CountingFactory(3);
    private final MemoryStash<String> delegate = new MemoryStash<>();
    private final MultiProcessRobustStash<String> stash =
        new MultiProcessRobustStash<>("race", delegate, factory,
            new MultiProcessConfig(1, WorkerCount.of(1), Processor.single()), true,
            new MemoryStash<>());

    public PrimeClearInvalidate() {}

    /** Primes. */
    @Operation
    public void prime() {
      stash.prime();
    }

    /** Clears the stash (and the factory, which ignores it). */
    @Operation
    public void clear() {
      stash.clear();
    }

    /** Recomputes what is missing. */
    @Operation
    public void invalidate() {
      stash.invalidate();
    }

    /**
     * Loads one value.
     *
     * @return the value of key "1"
     */
    @Operation
    public String load() {
      return stash.load("1").orElse("none");
    }

    /** After the operations: the mark is never over missing values; the next access sees all. */
    @Validate
    public void consistent() {
      if (delegate.isComplete() && !delegate.keys().equals(ALL)) {
        throw new IllegalStateException("marked complete with only " + delegate.keys());
      }
      if (!stash.keys().equals(ALL)) {
        throw new IllegalStateException("the next access sees " + stash.keys());
      }
      if (!delegate.isComplete()) {
        throw new IllegalStateException("a prime that saw every value did not mark it complete");
      }
    }
  }

  @Test
  void clearAndInvalidateRacingWithAPrimeLeaveAConsistentStash() {
    options().check(PrimeClearInvalidate.class);
  }

  // ---- deterministic interleavings with latches, on a DirectoryStash --------------------------

  /**
   * A factory stash whose chunk {@code 0} stops at a hook point after it dumped its first value
   * and waits until the test lets it go.
   */
  static final class GatedStash extends MultiProcessStash<Integer, String> {
    final CountDownLatch atHook = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger computed = new AtomicInteger();
    final AtomicInteger primes = new AtomicInteger();
    private volatile boolean gate = true;

    GatedStash(Stash<String> delegate) {
      super("gated", delegate, new MultiProcessConfig(2, WorkerCount.of(2), Processor.pool()));
    }

    @Override
    protected Stream<Integer> createData() {
      primes.incrementAndGet();
      return IntStream.range(0, 6).boxed();
    }

    @Override
    protected Iterable<Map.Entry<String, String>> process(List<Integer> chunk)
        throws InterruptedException {
      for (int i : chunk) {
        computed.incrementAndGet();
        delegate().dump(Integer.toString(i), "value-" + i);
        if (i == 0 && gate) {
          gate = false;
          atHook.countDown();
          assertTrue(release.await(60, TimeUnit.SECONDS), "released");
        }
      }
      return List.of();
    }
  }

  /**
   * Starts {@code call} in a thread of its own and returns once that thread is blocked (waiting
   * for the prime), so that "it did not return yet" is a fact, not a guess after a sleep; the
   * trail gets "{@code what} returned" when it returns.
   */
  private static Thread waitingCall(Trail trail, String what, Runnable call) {
    Thread thread = Thread.ofPlatform().name(what).start(() -> {
      call.run();
      trail.add(what + " returned");
    });
    Workers.await(() -> thread.getState() == Thread.State.WAITING
            || thread.getState() == Thread.State.TERMINATED,
        () -> what + " to block");
    return thread;
  }

  @Test
  void clearDuringAPrimeWaitsForItThenTheNextAccessPrimesAgain(@TempDir Path dir)
      throws Exception {
    DirectoryStash<String> delegate = new DirectoryStash<>(dir, Codec.utf8());
    GatedStash stash = new GatedStash(delegate);
    Trail trail = new Trail();
    try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
      Future<?> prime = threads.submit(stash::prime);
      assertTrue(stash.atHook.await(60, TimeUnit.SECONDS));
      Thread clearing = waitingCall(trail, "clear", stash::clear);
      // the clear cannot get past the prime lock while the prime waits at its hook
      trail.assertNone(event -> event.equals("clear returned"), "clear did not wait");
      assertTrue(delegate.exists("0"), "and has not removed anything yet");
      trail.add("released");
      stash.release.countDown();
      prime.get(60, TimeUnit.SECONDS);
      Workers.assertEndsPromptly(clearing);
    }
    trail.assertInOrder("released", "clear returned");
    assertEquals(Set.of(), delegate.keys(), "the clear ran after the prime and removed it all");
    assertFalse(delegate.isComplete(), "with the completion mark");
    assertEquals(1, stash.primes.get());
    assertEquals(Set.of("0", "1", "2", "3", "4", "5"), stash.keys());
    assertTrue(delegate.isComplete());
    assertEquals(2, stash.primes.get(), "primed again after the clear, once");
  }

  @Test
  void readersDuringAPrimeWaitForItAndSeeEveryValue(@TempDir Path dir) throws Exception {
    DirectoryStash<String> delegate = new DirectoryStash<>(dir, Codec.utf8());
    GatedStash stash = new GatedStash(delegate);
    Trail trail = new Trail();
    java.util.concurrent.atomic.AtomicReference<Object> keys =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicReference<Object> size =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicReference<Object> load =
        new java.util.concurrent.atomic.AtomicReference<>();
    try (ExecutorService threads = Executors.newFixedThreadPool(1)) {
      Future<?> prime = threads.submit(stash::prime);
      assertTrue(stash.atHook.await(60, TimeUnit.SECONDS));
      List<Thread> readers = List.of(
          waitingCall(trail, "keys", () -> keys.set(stash.keys())),
          waitingCall(trail, "size", () -> size.set(stash.size())),
          waitingCall(trail, "load", () -> load.set(stash.load("5"))));
      trail.assertNone(event -> event.endsWith("returned"), "a reader did not wait");
      trail.add("released");
      stash.release.countDown();
      prime.get(60, TimeUnit.SECONDS);
      for (Thread reader : readers) {
        Workers.assertEndsPromptly(reader);
      }
    }
    trail.assertInOrder("released", "keys returned");
    trail.assertInOrder("released", "size returned");
    trail.assertInOrder("released", "load returned");
    assertEquals(Set.of("0", "1", "2", "3", "4", "5"), keys.get());
    assertEquals(6, size.get());
    assertEquals(Optional.of("value-5"), load.get());
    assertEquals(1, stash.primes.get(), "the readers did not prime again");
    assertEquals(6, stash.computed.get());
  }

  @Test
  void invalidateDuringAPrimeWaitsAndComputesNothingTwice(@TempDir Path dir) throws Exception {
    DirectoryStash<String> delegate = new DirectoryStash<>(dir, Codec.utf8());
    CountingFactory factory = new CountingFactory(40);
    CountDownLatch atHook = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    HookedFactory gated =
        new HookedFactory(factory, (key, value) -> {
          if (key.equals("0")) {
            atHook.countDown();
            try {
              assertTrue(release.await(60, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return value;
        });
    MultiProcessRobustStash<String> stash =
        new MultiProcessRobustStash<>("gated", delegate, gated,
            new MultiProcessConfig(4, WorkerCount.of(2), Processor.pool()));
    Trail trail = new Trail();
    try (ExecutorService threads = Executors.newFixedThreadPool(1)) {
      Future<?> prime = threads.submit(stash::prime);
      assertTrue(atHook.await(60, TimeUnit.SECONDS));
      Thread invalidating = waitingCall(trail, "invalidate", stash::invalidate);
      trail.assertNone(event -> event.equals("invalidate returned"), "invalidate did not wait");
      trail.add("released");
      release.countDown();
      prime.get(60, TimeUnit.SECONDS);
      Workers.assertEndsPromptly(invalidating);
    }
    trail.assertInOrder("released", "invalidate returned");
    assertEquals(40, factory.totalLoads(), "every key computed once, none twice");
    assertEquals(40, stash.size());
    assertTrue(delegate.isComplete());
  }

  @Test
  void deleteDuringAPrimeIsRecomputedByInvalidate(@TempDir Path dir) throws Exception {
    DirectoryStash<String> delegate = new DirectoryStash<>(dir, Codec.utf8());
    GatedStash stash = new GatedStash(delegate);
    try (ExecutorService threads = Executors.newFixedThreadPool(1)) {
      Future<?> prime = threads.submit(stash::prime);
      assertTrue(stash.atHook.await(60, TimeUnit.SECONDS));
      assertTrue(delegate.exists("0"));
      assertTrue(stash.delete("0"), "a delete does not wait for the prime");
      stash.release.countDown();
      prime.get(60, TimeUnit.SECONDS);
    }
    assertEquals(Optional.empty(), stash.get("0"), "deleted while priming: gone");
    stash.clear();
    assertEquals(Set.of("0", "1", "2", "3", "4", "5"), stash.keys());
  }
}
