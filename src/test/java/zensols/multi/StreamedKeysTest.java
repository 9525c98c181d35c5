package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import zensols.multi.stash.MemoryStash;
import zensols.multi.stash.ReadOnlyStash;
import zensols.multi.stash.Stash;

/**
 * Issue 15 item 1: the factory and robust stashes prime from the factory's lazy {@link
 * Stash#keyStream()} chunk by chunk, never calling the materialising {@code keys()}; the robust
 * stash finds missing keys a batch at a time ({@link Stash#missingKeys(List)}); each key is
 * computed once per prime even when the stream repeats it; every stream is closed.
 */
class StreamedKeysTest {

  /**
   * A factory {@code Stash} that streams its keys (the subclass path): {@code keys()} fails the
   * test; counts loads per key, streams opened and closed; a stream can be made to throw.
   */
  static class StreamingFactory extends ReadOnlyStash<String> {
    private final List<String> keys;
    final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final AtomicInteger keySetCalls = new AtomicInteger();
    /** The opening (1, 2, …) whose stream throws at {@link #throwAt}; 0 for none. */
    volatile int throwOnOpening;

    volatile int throwAt = -1;
    /** Keys whose load blocks until interrupted, after counting down {@link #blocked}. */
    volatile Set<String> blocking = Set.of();

    final CountDownLatch blocked = new CountDownLatch(1);

    StreamingFactory(List<String> keys) {
      this.keys = List.copyOf(keys);
    }

    @Override
    public Set<String> keys() {
      keySetCalls.incrementAndGet();
      throw new AssertionError("the materialising keys() was called on the streaming path");
    }

    @Override
    public Stream<String> keyStream() {
      int opening = opened.incrementAndGet();
      boolean throwing = opening == throwOnOpening;
      return IntStream.range(0, keys.size())
          .mapToObj(
              i -> {
                if (throwing && i == throwAt) {
                  throw new IllegalStateException("the key source broke at position " + i);
                }
                return keys.get(i);
              })
          .onClose(closed::incrementAndGet);
    }

    @Override
    public Optional<String> load(String key) {
      if (!keys.contains(key)) {
        return Optional.empty();
      }
      loads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      if (blocking.contains(key)) {
        blocked.countDown();
        try {
          new CountDownLatch(1).await(Workers.LONG.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
      return Optional.of("v-" + key);
    }

    @Override
    public boolean exists(String key) {
      return keys.contains(key);
    }

    /** Every key loaded exactly once. */
    void assertEachLoadedOnce(Set<String> expected) {
      assertEquals(expected, loads.keySet(), "the keys loaded");
      loads.forEach((key, n) -> assertEquals(1, n.get(), () -> "loads of \"" + key + "\""));
    }

    void assertAllClosed() {
      assertTrue(opened.get() > 0, "a stream was opened");
      assertEquals(opened.get(), closed.get(), "every stream that was opened was closed");
    }
  }

  /** A delegate that fails the test if its key set is asked for; counts batch lookups. */
  static final class NoKeySet implements Stash<String> {
    final MemoryStash<String> values = new MemoryStash<>();
    final AtomicInteger batches = new AtomicInteger();
    final AtomicInteger lookedUp = new AtomicInteger();

    @Override
    public Optional<String> load(String key) {
      return values.load(key);
    }

    @Override
    public boolean exists(String key) {
      return values.exists(key);
    }

    @Override
    public List<String> missingKeys(List<String> keys) {
      batches.incrementAndGet();
      lookedUp.addAndGet(keys.size());
      return Stash.super.missingKeys(keys);
    }

    @Override
    public void dump(String key, String value) {
      values.dump(key, value);
    }

    @Override
    public boolean delete(String key) {
      return values.delete(key);
    }

    @Override
    public void clear() {
      values.clear();
    }

    @Override
    public Set<String> keys() {
      throw new AssertionError("the delegate's keys() was called: a set difference");
    }

    @Override
    public int size() {
      return values.size();
    }
  }

  /** A factory stash that records its chunks in the order they ran. */
  static final class Recording extends MultiProcessFactoryStash<String> {
    final List<List<String>> chunks = new CopyOnWriteArrayList<>();

    Recording(Stash<String> delegate, Stash<String> factory, MultiProcessConfig config) {
      super("streamed", delegate, factory, config, EnablePreemptive.FALSE);
    }

    @Override
    protected Iterable<Map.Entry<String, String>> process(List<String> chunk) {
      chunks.add(List.copyOf(chunk));
      return super.process(chunk);
    }
  }

  private static List<String> keys(int n) {
    return IntStream.range(0, n).mapToObj(i -> "k" + i).toList();
  }

  private static MultiProcessConfig config(String kind, int chunkSize) {
    return new MultiProcessConfig(chunkSize, WorkerCount.of(3), Processor.of(kind));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"pool", "virtual", "single"})
  void aFactoryPrimeStreamsTheKeysInChunksAndComputesEachOnce(String kind) {
    List<String> keys = new ArrayList<>(keys(1000));
    Collections.reverse(keys); // not sorted: the stream's own order is the order of the prime
    StreamingFactory factory = new StreamingFactory(keys);
    MemoryStash<String> delegate = new MemoryStash<>();
    Recording stash = new Recording(delegate, factory, config(kind, 7));

    stash.prime();

    factory.assertEachLoadedOnce(Set.copyOf(keys));
    assertEquals(0, factory.keySetCalls.get(), "keys() of the factory");
    assertEquals(1000, delegate.size());
    assertEquals(Optional.of("v-k5"), delegate.load("k5"));
    assertTrue(delegate.isComplete(), "the completion mark");
    List<Integer> sizes = stash.chunks.stream().map(List::size).sorted().toList();
    assertEquals(143, sizes.size(), "1000 keys in chunks of 7");
    assertEquals(6, sizes.get(0), "1000 = 142 × 7 + 6: the last chunk");
    assertEquals(7, sizes.get(1), "every other chunk is full");
    factory.assertAllClosed();
    if (kind.equals("single")) {
      List<String> order = stash.chunks.stream().flatMap(List::stream).toList();
      assertEquals(keys, order, "chunks in the key stream's order");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"pool", "virtual", "single"})
  void aRobustResumeOverAHalfFilledDelegateComputesExactlyTheMissingKeys(String kind) {
    List<String> keys = keys(2000);
    StreamingFactory factory = new StreamingFactory(keys);
    NoKeySet delegate = new NoKeySet();
    for (int i = 0; i < keys.size(); i += 2) {
      delegate.dump(keys.get(i), "old-" + keys.get(i));
    }
    MultiProcessRobustStash<String> stash =
        new MultiProcessRobustStash<>(
            "streamed-robust", delegate, factory, config(kind, 16), true, new MemoryStash<>());

    stash.prime();

    Set<String> odd =
        IntStream.range(0, keys.size())
            .filter(i -> i % 2 == 1)
            .mapToObj(keys::get)
            .collect(Collectors.toSet());
    factory.assertEachLoadedOnce(odd);
    assertEquals(0, factory.keySetCalls.get(), "keys() of the factory");
    assertEquals(Optional.of("old-k0"), delegate.load("k0"), "a present value is kept");
    assertEquals(Optional.of("v-k1"), delegate.load("k1"));
    assertEquals(2000, delegate.size());
    assertTrue(delegate.batches.get() > 1, "looked up a batch at a time");
    assertEquals(1000, stash.lastReport().orElseThrow().itemsComputed());
    factory.assertAllClosed();

    // a later instance finds nothing missing, reading the stream without computing anything
    StreamingFactory again = new StreamingFactory(keys);
    MultiProcessRobustStash<String> next =
        new MultiProcessRobustStash<>(
            "streamed-robust", delegate, again, config(kind, 16), true, new MemoryStash<>());
    assertEquals(Optional.of("v-k3"), next.load("k3"));
    assertTrue(again.loads.isEmpty(), "nothing computed: " + again.loads.keySet());
    again.assertAllClosed();
  }

  /** Every key three times: adjacent, within a chunk, and far apart. */
  private static List<String> repeated(int n) {
    List<String> keys = new ArrayList<>();
    for (String key : keys(n)) {
      keys.add(key);
      keys.add(key);
    }
    keys.addAll(keys(n));
    return keys;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"pool", "virtual", "single"})
  void repeatedKeysAreComputedOnceInAFactoryPrime(String kind) {
    StreamingFactory factory = new StreamingFactory(repeated(700));
    MemoryStash<String> delegate = new MemoryStash<>();
    Recording stash = new Recording(delegate, factory, config(kind, 5));

    stash.prime();

    factory.assertEachLoadedOnce(Set.copyOf(keys(700)));
    assertTrue(delegate.isComplete(), "the prime completed");
    assertEquals(700, stash.lastReport().orElseThrow().items());
    factory.assertAllClosed();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"pool", "virtual", "single"})
  void repeatedKeysAreComputedOnceWhenAFactoryStashPrimesAgainOverValues(String kind) {
    StreamingFactory factory = new StreamingFactory(repeated(300));
    MemoryStash<String> delegate = new MemoryStash<>();
    delegate.dump("k7", "stale"); // left by a prime that did not finish: recomputed
    Recording stash = new Recording(delegate, factory, config(kind, 4));

    stash.prime();

    factory.assertEachLoadedOnce(Set.copyOf(keys(300)));
    assertEquals(Optional.of("v-k7"), delegate.load("k7"));
    assertTrue(delegate.isComplete());
    factory.assertAllClosed();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"pool", "virtual", "single"})
  void repeatedKeysAreComputedOnceInARobustPrime(String kind) {
    StreamingFactory factory = new StreamingFactory(repeated(600));
    NoKeySet delegate = new NoKeySet();
    delegate.dump("k1", "old");
    MultiProcessRobustStash<String> stash =
        new MultiProcessRobustStash<>(
            "streamed-robust", delegate, factory, config(kind, 3), true, new MemoryStash<>());

    stash.prime();

    Set<String> expected = new java.util.HashSet<>(keys(600));
    expected.remove("k1");
    factory.assertEachLoadedOnce(expected);
    assertEquals(599, stash.lastReport().orElseThrow().itemsComputed());
    assertEquals(600, delegate.size());
    factory.assertAllClosed();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"pool", "virtual", "single"})
  void aStreamThatThrowsMidwayFailsThePrimeAndTheNextPrimeComputesOnlyWhatIsMissing(
      String kind) {
    List<String> keys = keys(3000);
    StreamingFactory factory = new StreamingFactory(keys);
    // opening 1: isDataComplete's scan; 2: the check of every key; 3: the work
    factory.throwOnOpening = 3;
    factory.throwAt = 1500;
    NoKeySet delegate = new NoKeySet();
    MultiProcessRobustStash<String> stash =
        new MultiProcessRobustStash<>(
            "streamed-robust", delegate, factory, config(kind, 10), true, new MemoryStash<>());

    ChunkFailedException e = assertThrows(ChunkFailedException.class, stash::prime);
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertTrue(Messages.of(java.util.Objects.requireNonNull(e.getCause())).contains("position 1500"), Messages.of(java.util.Objects.requireNonNull(e.getCause())));
    factory.assertAllClosed();
    int before = delegate.values.size();
    assertTrue(before > 0 && before <= 1500, "values before the break are kept: " + before);
    for (String key : delegate.values.keys()) {
      assertTrue(keys.indexOf(key) < 1500, () -> "a stored key before the break: " + key);
    }

    factory.throwOnOpening = 0;
    Map<String, AtomicInteger> firstLoads = Map.copyOf(factory.loads);
    factory.loads.clear();
    stash.prime(); // a later call tries again: only the missing keys

    Set<String> rest = new java.util.HashSet<>(keys);
    rest.removeAll(firstLoads.keySet().stream().filter(delegate.values::exists).toList());
    factory.assertEachLoadedOnce(rest);
    assertEquals(3000, delegate.size());
    factory.assertAllClosed();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"pool", "virtual", "single"})
  void aStreamThatThrowsWhileTheKeysAreCheckedFailsBeforeAnyWork(String kind) {
    StreamingFactory factory = new StreamingFactory(keys(100));
    factory.throwOnOpening = 1; // a factory stash: 1 is the check of every key
    factory.throwAt = 60;
    MemoryStash<String> delegate = new MemoryStash<>();
    Recording stash = new Recording(delegate, factory, config(kind, 10));

    ChunkFailedException e = assertThrows(ChunkFailedException.class, stash::prime);
    assertTrue(Messages.of(java.util.Objects.requireNonNull(e.getCause())).contains("position 60"), Messages.of(java.util.Objects.requireNonNull(e.getCause())));
    assertTrue(factory.loads.isEmpty(), "nothing computed");
    assertEquals(0, delegate.size());
    factory.assertAllClosed();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"pool", "virtual", "single"})
  void theStreamIsClosedWhenAChunkFails(String kind) {
    List<String> keys = keys(200);
    StreamingFactory factory =
        new StreamingFactory(keys) {
          @Override
          public Optional<String> load(String key) {
            if (key.equals("k42")) {
              throw new IllegalArgumentException("no value for k42");
            }
            return super.load(key);
          }
        };
    Recording stash = new Recording(new MemoryStash<>(), factory, config(kind, 8));

    ChunkFailedException e = assertThrows(ChunkFailedException.class, stash::prime);
    assertInstanceOf(IllegalArgumentException.class, e.getCause());
    factory.assertAllClosed();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"pool", "virtual", "single"})
  void theStreamIsClosedWhenThePrimeIsCancelled(String kind) throws InterruptedException {
    StreamingFactory factory = new StreamingFactory(keys(500));
    factory.blocking = Set.of("k30");
    Recording stash = new Recording(new MemoryStash<>(), factory, config(kind, 10));
    AtomicReference<@Nullable Throwable> thrown = new AtomicReference<>();
    Thread primer =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    stash.prime();
                  } catch (Throwable t) { // NOPMD: the test inspects it
                    thrown.set(t);
                  }
                });
    assertTrue(
        factory.blocked.await(Workers.PROMPTLY.toMillis(), TimeUnit.MILLISECONDS),
        "a chunk reached the blocking key");
    primer.interrupt();
    primer.join(Workers.LONG.toMillis());
    assertFalse(primer.isAlive(), "the prime ended");
    assertInstanceOf(ProcessInterruptedException.class, thrown.get());
    factory.assertAllClosed();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"pool", "virtual", "single"})
  void aStashFactoryOfAStreamPrimesWithoutCollectingItsKeys(String kind) {
    AtomicInteger streams = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    Map<String, AtomicInteger> created = new ConcurrentHashMap<>();
    IntPredicate always = i -> true;
    StashFactory<Integer> factory =
        StashFactory.ofStream(
            () -> {
              streams.incrementAndGet();
              return IntStream.range(0, 5000)
                  .filter(always)
                  .mapToObj(Integer::toString)
                  .onClose(closed::incrementAndGet);
            },
            key -> {
              created.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
              return Integer.parseInt(key) * 2;
            });
    MemoryStash<Integer> delegate = new MemoryStash<>();
    MultiProcessRobustStash<Integer> stash =
        MultiProcess.robustStash("of-stream", delegate, factory)
            .chunkSize(100)
            .workers(WorkerCount.of(2))
            .processor(Processor.of(kind))
            .build();

    assertEquals(Optional.of(84), stash.load("42"));
    assertEquals(5000, created.size());
    created.forEach((key, n) -> assertEquals(1, n.get(), key));
    assertEquals(3, streams.get(), "the scan, the check and the work");
    assertEquals(streams.get(), closed.get(), "every stream closed");
    assertTrue(factory.contains("4999"));
    assertFalse(factory.contains("5000"));
    assertEquals(5000, factory.keys().size());
  }

  @Test
  void missingKeysKeepsTheOrderAndRepeats() {
    MemoryStash<String> stash = new MemoryStash<>();
    stash.dump("b", "1");
    assertEquals(List.of("c", "a", "c"), stash.missingKeys(List.of("c", "b", "a", "c")));
    assertEquals(List.of(), stash.missingKeys(List.of()));
    List<@Nullable String> withNull = new ArrayList<>();
    withNull.add(null);
    @SuppressWarnings("NullAway") // a null key is what is tested
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> stash.missingKeys(castNonNull(withNull)));
    assertTrue(Messages.of(e).contains("key"), Messages.of(e));
  }

  @SuppressWarnings("unchecked")
  private static List<String> castNonNull(List<@Nullable String> list) {
    return (List<String>) (List<?>) list;
  }

  @Test
  void theDefaultKeyStreamSortsTheKeys() {
    MemoryStash<String> stash = new MemoryStash<>();
    for (String key : List.of("b", "c", "a")) {
      stash.dump(key, key);
    }
    assertEquals(List.of("a", "b", "c"), stash.keyStream().toList());
    assertEquals(
        List.of("x", "y"),
        StashFactory.of(Set.of("y", "x"), key -> key).keyStream().toList());
  }
}
