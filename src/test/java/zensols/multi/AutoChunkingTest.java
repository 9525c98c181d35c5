package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import zensols.multi.stash.MemoryStash;
import zensols.multi.cluster.ClusterChunk;
import zensols.multi.internal.ChunkPlacement;
import zensols.multi.cluster.ClusterEngine;
import zensols.multi.cluster.ClusterProcessor;
import zensols.multi.cluster.StashRegistry;

/**
 * {@link ChunkSize#auto()}: the chunker is driven with injected costs (no clock, no sleep), so the
 * sizes it chooses are deterministic; then the wiring through the processors and the stashes.
 */
class AutoChunkingTest {
  private static final long MS = 1_000_000;

  /** Items 0..n-1 that count how many were read. */
  static final class CountingSource implements Iterator<Integer> {
    final AtomicInteger read = new AtomicInteger();
    private final int n;

    CountingSource(int n) {
      this.n = n;
    }

    @Override
    public boolean hasNext() {
      return read.get() < n;
    }

    @Override
    public Integer next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return read.getAndIncrement();
    }
  }

  /** What one simulated run did. */
  record Run(List<Chunk<Integer>> chunks, int maxLookAhead) {
    List<Integer> sizes() {
      return chunks.stream().map(Chunk::size).toList();
    }
  }

  /**
   * Runs the chunker as {@code workers} workers would, each chunk costing the sum of its items'
   * costs: {@code workers} chunks are taken at once, then the oldest one finishes before the next
   * is taken. Checks the look-ahead after every chunk taken.
   */
  static Run simulate(int n, boolean sized, int workers, long target, IntToLongFunction cost) {
    CountingSource source = new CountingSource(n);
    AdaptiveChunker<Integer> chunker =
        new AdaptiveChunker<>(source, sized ? n : -1, workers, null);
    chunker.targetNanos(target);
    List<Chunk<Integer>> chunks = new ArrayList<>();
    Deque<Chunk<Integer>> inFlight = new ArrayDeque<>();
    int taken = 0;
    int maxLookAhead = 0;
    while (chunker.hasNext()) {
      if (inFlight.size() == workers) {
        Chunk<Integer> done = inFlight.removeFirst();
        chunker.finished(done.size(), done.data().stream().mapToLong(cost::applyAsLong).sum());
      }
      Chunk<Integer> chunk = chunker.next();
      taken += chunk.size();
      maxLookAhead = Math.max(maxLookAhead, source.read.get() - taken);
      chunks.add(chunk);
      inFlight.addLast(chunk);
    }
    return new Run(chunks, maxLookAhead);
  }

  private static void assertIdsInOrderAndDataBack(List<Chunk<Integer>> chunks, int n) {
    for (int i = 0; i < chunks.size(); i++) {
      assertEquals(i, chunks.get(i).id());
    }
    assertEquals(IntStream.range(0, n).boxed().toList(),
        chunks.stream().flatMap(c -> c.data().stream()).toList());
  }

  @Test
  void cheapItemsGrowToTheLargestChunkWhenTheTotalIsUnknown() {
    Run run = simulate(200_000, false, 1, AdaptiveChunker.TARGET_NANOS, i -> 100);
    List<Integer> sizes = run.sizes();
    assertEquals(1, sizes.get(0));
    for (int i = 1; i < sizes.size() - 1; i++) {
      assertTrue(sizes.get(i) >= sizes.get(i - 1) && sizes.get(i) <= 2 * sizes.get(i - 1),
          () -> "not a slow start: " + sizes);
    }
    assertTrue(sizes.contains(AdaptiveChunker.MAX_SIZE), sizes::toString);
    assertTrue(sizes.stream().allMatch(s -> s <= AdaptiveChunker.MAX_SIZE), sizes::toString);
    assertIdsInOrderAndDataBack(run.chunks(), 200_000);
  }

  @Test
  void cheapItemsOfAKnownTotalGiveEveryWorkerSeveralChunks() {
    int n = 1_000_000;
    int workers = 4;
    Run run = simulate(n, true, workers, AdaptiveChunker.TARGET_NANOS, i -> 100);
    List<Integer> sizes = run.sizes();
    int largest = sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
    assertTrue(largest >= 10_000, () -> "did not grow: " + sizes);
    assertTrue(largest <= n / (AdaptiveChunker.CHUNKS_PER_WORKER * workers) + 1, sizes::toString);
    assertTrue(sizes.size() >= AdaptiveChunker.CHUNKS_PER_WORKER * workers, sizes::toString);
    // guided: the chunks shrink towards the end, down to a quarter of a millisecond of work
    int last = sizes.get(sizes.size() - 2);
    int floor = Math.min(AdaptiveChunker.MAX_SIZE, 40_000) / AdaptiveChunker.TAIL_DIVISOR;
    assertTrue(last < largest && last >= floor,
        () -> "tail " + last + " of " + sizes);
    assertIdsInOrderAndDataBack(run.chunks(), n);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 8, 1000})
  void expensiveItemsStayInChunksOfOne(int workers) {
    Run run = simulate(500, true, workers, AdaptiveChunker.TARGET_NANOS, i -> 20 * MS);
    assertTrue(run.sizes().stream().allMatch(s -> s == 1), () -> run.sizes().toString());
    Run unsized = simulate(500, false, workers, AdaptiveChunker.TARGET_NANOS, i -> 5 * MS);
    assertTrue(unsized.sizes().stream().allMatch(s -> s == 1), () -> unsized.sizes().toString());
  }

  @Test
  void itemsOfAMillisecondGetChunksOfAboutTheTarget() {
    // 4 ms target, 1 ms items: 4 items per chunk, once the cost is known
    Run run = simulate(2000, false, 2, AdaptiveChunker.TARGET_NANOS, i -> MS);
    List<Integer> sizes = run.sizes();
    assertTrue(sizes.subList(5, sizes.size() - 1).stream().allMatch(s -> s == 4), sizes::toString);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4})
  void aTenFoldSlowdownHalfWayShrinksTheChunksAtOnce(int workers) {
    int n = 40_000;
    // 10 µs per item, then 100 µs: 400 items per 4 ms chunk, then 40
    Run run = simulate(n, false, workers, AdaptiveChunker.TARGET_NANOS,
        i -> i < n / 2 ? 10_000 : 100_000);
    List<Chunk<Integer>> chunks = run.chunks();
    int firstSlow = indexOfFirstChunkReaching(chunks, n / 2);
    int beforeSize = chunks.get(firstSlow - 1).size();
    assertTrue(beforeSize >= 300 && beforeSize <= 400, () -> "before: " + run.sizes());
    // chunk firstSlow holds both costs; the chunks taken before it finished are sized for the old
    // cost, those taken before the first all-slow chunk (firstSlow + 1) finished for the mix, and
    // every later one for the new cost
    for (int i = firstSlow + 1; i < firstSlow + 1 + workers; i++) {
      assertTrue(chunks.get(i).size() <= beforeSize, () -> run.sizes().toString());
    }
    for (int i = firstSlow + 1 + workers; i < chunks.size(); i++) {
      int size = chunks.get(i).size();
      int at = i;
      assertTrue(size <= 40, () -> "chunk " + at + " has " + size + ": " + run.sizes());
    }
    assertTrue(chunks.get(chunks.size() - 2).size() >= 30, () -> "after: " + run.sizes());
    assertIdsInOrderAndDataBack(chunks, n);
  }

  @Test
  void aTenFoldSpeedUpHalfWayGrowsTheChunksWithinAFewChunks() {
    int n = 40_000;
    Run run = simulate(n, false, 2, AdaptiveChunker.TARGET_NANOS,
        i -> i < n / 2 ? 100_000 : 10_000);
    List<Chunk<Integer>> chunks = run.chunks();
    int firstFast = indexOfFirstChunkReaching(chunks, n / 2);
    assertTrue(chunks.get(firstFast - 1).size() <= 40, () -> run.sizes().toString());
    int grown = chunks.subList(firstFast, Math.min(chunks.size(), firstFast + 12)).stream()
        .mapToInt(Chunk::size).max().orElseThrow();
    assertTrue(grown >= 300, () -> "after: " + run.sizes());
  }

  private static int indexOfFirstChunkReaching(List<Chunk<Integer>> chunks, int item) {
    for (int i = 0; i < chunks.size(); i++) {
      if (chunks.get(i).data().get(chunks.get(i).size() - 1) >= item) {
        return i;
      }
    }
    throw new AssertionError("no chunk reaches item " + item);
  }

  @Test
  void idsAreInOrderTheDataComesBackAndNothingIsReadAhead() {
    qt().withExamples(200)
        .forAll(integers().between(0, 5000), integers().between(1, 16),
            integers().between(0, 20_000_000))
        .checkAssert((n, workers, cost) -> {
          Run run = simulate(n, n % 2 == 0, workers, AdaptiveChunker.TARGET_NANOS,
              i -> (long) cost * (1 + i % 3));
          assertIdsInOrderAndDataBack(run.chunks(), n);
          assertEquals(0, run.maxLookAhead(), "items read beyond the chunks taken");
          assertTrue(run.sizes().stream().allMatch(s -> s >= 1 && s <= AdaptiveChunker.MAX_SIZE));
        });
  }

  @Test
  void aConsumerWithoutProcessorIsMeasuredBetweenItsChunks() {
    AtomicLong clock = new AtomicLong();
    AdaptiveChunker<Integer> chunker =
        new AdaptiveChunker<>(new CountingSource(100_000), -1, 1, clock::get);
    List<Integer> sizes = new ArrayList<>();
    while (chunker.hasNext()) {
      Chunk<Integer> chunk = chunker.next();
      sizes.add(chunk.size());
      clock.addAndGet(chunk.size() * 1_000L); // 1 µs per item
    }
    // 4 ms at 1 µs per item: 4,000 items, reached by doubling
    assertEquals(List.of(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4000),
        sizes.subList(0, 13));
    assertEquals(4000, sizes.get(20));
  }

  @Test
  void theStreamClosesTheDataAndRejectsBadWorkers() {
    AtomicInteger closed = new AtomicInteger();
    try (Stream<Chunk<Integer>> chunks =
        Chunking.chunks(Stream.of(1, 2, 3).onClose(closed::incrementAndGet), ChunkSize.auto(), 2)) {
      assertEquals(List.of(1, 2, 3), chunks.flatMap(c -> c.data().stream()).toList());
    }
    assertEquals(1, closed.get());
    assertEquals(0, Chunking.chunks(Stream.<Integer>empty(), ChunkSize.auto(), 3).count());
    var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Chunking.chunks(Stream.of(1), ChunkSize.auto(), 0));
    assertTrue(Workers.message(e).contains("0"), Workers.message(e));
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void aProcessorFeedsTheDurationsBackSoCheapChunksGrow(String kind) {
    int n = 100_000;
    Set<Integer> seen = ConcurrentHashMap.newKeySet();
    List<Integer> sizes = java.util.Collections.synchronizedList(new ArrayList<>());
    ProcessReport report = Processor.of(kind).run("auto-" + kind,
        Chunking.chunks(IntStream.range(0, n).boxed(), ChunkSize.auto(), 2), WorkerCount.of(2),
        chunk -> {
          sizes.add(chunk.size());
          seen.addAll(chunk.data());
        });
    assertEquals(n, report.items());
    assertEquals(n, seen.size());
    // without feedback every chunk would hold one item: 100,000 chunks
    assertTrue(report.chunks() < 5_000, () -> report.chunks() + " chunks: " + sizes);
    assertTrue(sizes.stream().anyMatch(s -> s >= 1000), sizes::toString);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void stashesPrimeWithAuto(String kind) {
    MultiProcessConfig config =
        new MultiProcessConfig(ChunkSize.auto(), WorkerCount.of(3), Processor.of(kind));
    // the original's range stash: one value per chunk, holding the chunk; together the data
    MemoryStash<List<Integer>> delegate = new MemoryStash<>();
    RangeStash range = new RangeStash(10_000, delegate, config);
    assertEquals(10_000, range.values().mapToInt(List::size).sum());
    assertEquals(range.lastReport().orElseThrow().chunks(), range.keys().size());
    // factory and robust stashes: every key, failures recorded, progress per item
    CountingFactory factory = new CountingFactory(2_000);
    factory.failing.add("7");
    AtomicLong lastDone = new AtomicLong();
    MultiProcessRobustStash<String> robust =
        new MultiProcessRobustStash<>("robust-auto", new MemoryStash<>(), factory, config);
    robust.addProgressListener(new ProgressListener() {
      @Override
      public void itemsDone(String stash, long done, java.util.OptionalLong total) {
        lastDone.accumulateAndGet(done, Math::max);
        assertEquals(java.util.OptionalLong.of(2_000), total);
      }
    });
    assertEquals(1_999, robust.keys().size() - robust.failures().keys().size());
    assertEquals(2_000, lastDone.get());
    assertEquals(List.of("7"), robust.iterFailures().stream().map(Failure::key).toList());
    MultiProcessFactoryStash<String> plain = new MultiProcessFactoryStash<>("factory-auto",
        new MemoryStash<>(), new CountingFactory(500), config, EnablePreemptive.FALSE);
    Map<String, String> expected = IntStream.range(0, 500).boxed()
        .collect(Collectors.toMap(i -> Integer.toString(i), i -> "value-" + i));
    assertEquals(expected.keySet(), plain.keys());
    assertEquals("value-42", plain.load("42").orElseThrow());
  }

  /** An engine that runs each chunk at once, in the submitting thread, as a member would. */
  private record LocalEngine(StashRegistry members) implements ClusterEngine {
    @Override
    public java.util.concurrent.Future<Integer> submit(ClusterChunk<?> chunk) {
      java.util.concurrent.FutureTask<Integer> task =
          new java.util.concurrent.FutureTask<>(() -> members.process(chunk));
      task.run();
      return task;
    }

    @Override
    public boolean isMemberLost(Throwable failure) {
      return false;
    }
  }

  @Test
  void aClusterAimsAtLongerChunksAndPrimesWithAuto() {
    ClusterProcessor cluster = Processor.cluster(new LocalEngine(new StashRegistry()));
    ChunkPlacement remote =
        new ChunkPlacement() {
          @Override
          public int run(String stash, Chunk<?> chunk, java.util.concurrent.Callable<Integer> local) {
            throw new UnsupportedOperationException();
          }

          @Override
          public boolean remote() {
            return true;
          }
        };
    assertEquals(AdaptiveChunker.CLUSTER_TARGET_NANOS, new ChunkObserver(remote).targetNanos());
    assertEquals(
        AdaptiveChunker.TARGET_NANOS, new ChunkObserver(ChunkPlacement.LOCAL).targetNanos());
    assertEquals(5 * AdaptiveChunker.TARGET_NANOS, AdaptiveChunker.CLUSTER_TARGET_NANOS);
    // the chunker takes its run's target when the run first reads it
    ChunkObserver observer = new ChunkObserver(remote);
    AdaptiveChunker<Integer> chunker = new AdaptiveChunker<>(new CountingSource(10), -1, 1, null);
    observer.bind();
    try {
      assertTrue(chunker.hasNext());
    } finally {
      observer.unbind();
    }
    assertEquals(null, ChunkObserver.current());
    chunker.finished(1, 1_000_000); // 1 ms per item: 20 items per 20 ms chunk, after slow start
    chunker.finished(16, 16_000_000);
    assertEquals(20, chunker.nextSize());

    MemoryStash<String> shared = new MemoryStash<>();
    CountingFactory factory = new CountingFactory(300);
    StashRegistry members = new StashRegistry();
    members.register(new MultiProcessFactoryStash<>("f-auto", shared, factory));
    MultiProcessFactoryStash<String> primer = new MultiProcessFactoryStash<>("f-auto", shared,
        factory, new MultiProcessConfig(ChunkSize.auto(), WorkerCount.of(3),
            Processor.cluster(new LocalEngine(members))), EnablePreemptive.FALSE);
    assertEquals(300, primer.size());
    assertEquals(300, factory.totalLoads());
    assertTrue(primer.lastReport().orElseThrow().chunks() < 300);
  }
}
