package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import zensols.multi.cluster.ClusterChunk;
import zensols.multi.cluster.ClusterEngine;
import zensols.multi.cluster.ClusterProcessor;
import zensols.multi.cluster.StashRegistry;
import zensols.multi.internal.ChunkPlacement;
import zensols.multi.stash.MemoryStash;

/**
 * The one hook by which a stash learns that its chunks run elsewhere: every run of chunks carries
 * a {@link ChunkPlacement} chosen by its processor, and the stash classes follow it (no stash asks
 * which processor it has, and the registry asks each stash, not its class, what a resubmitted
 * chunk still has to compute).
 */
class ClusterPlacementTest {

  /** Runs each chunk at once through {@code members}, as a member that received it would. */
  private record LocalEngine(StashRegistry members, AtomicInteger submissions)
      implements ClusterEngine {
    LocalEngine(StashRegistry members) {
      this(members, new AtomicInteger());
    }

    @Override
    public Future<Integer> submit(ClusterChunk<?> chunk) {
      submissions.incrementAndGet();
      FutureTask<Integer> task = new FutureTask<>(() -> members.process(chunk));
      task.run();
      return task;
    }

    @Override
    public boolean isMemberLost(Throwable failure) {
      return false;
    }
  }

  /** A plain stash that counts the chunks its own instance processed. */
  private static final class Squares extends MultiProcessStash<Integer, String> {
    final AtomicInteger processed = new AtomicInteger();
    final Set<Integer> items = ConcurrentHashMap.newKeySet();
    private final int n;

    Squares(String name, MemoryStash<String> delegate, int n, MultiProcessConfig config) {
      super(name, delegate, config);
      this.n = n;
    }

    @Override
    protected Stream<Integer> createData() {
      return IntStream.range(0, n).boxed();
    }

    @Override
    protected Iterable<Map.Entry<String, String>> process(List<Integer> chunk) {
      processed.incrementAndGet();
      items.addAll(chunk);
      return chunk.stream().map(i -> Map.entry(Integer.toString(i), Integer.toString(i * i))).toList();
    }
  }

  @Test
  void everyRunCarriesThePlacementItsProcessorChose() {
    for (Processor local : List.of(Processor.pool(), Processor.virtual(), Processor.single())) {
      Set<ChunkPlacement> seen = ConcurrentHashMap.newKeySet();
      local.run("local", Stream.of(new Chunk<>(0, List.of(1)), new Chunk<>(1, List.of(2))),
          WorkerCount.of(2), chunk -> seen.add(ChunkRun.currentPlacement()));
      assertEquals(Set.of(ChunkPlacement.LOCAL), seen, local.kind());
    }
    ClusterProcessor cluster = Processor.cluster(new LocalEngine(new StashRegistry()));
    Set<ChunkPlacement> seen = ConcurrentHashMap.newKeySet();
    cluster.run("remote", Stream.of(new Chunk<>(0, List.of(1)), new Chunk<>(1, List.of(2))),
        WorkerCount.of(2), chunk -> seen.add(ChunkRun.currentPlacement()));
    assertEquals(1, seen.size());
    assertTrue(seen.iterator().next().remote(), "a cluster run places its chunks on the members");
    assertSame(ChunkPlacement.LOCAL, ChunkRun.currentPlacement(), "outside a run: local");
  }

  @Test
  void aPlainStashOnAClusterSendsEveryChunkToTheMembersInstance() {
    MemoryStash<String> shared = new MemoryStash<>();
    StashRegistry members = new StashRegistry();
    Squares member = new Squares("sq", shared, 0, MultiProcessConfig.DEFAULT);
    members.register(member);
    LocalEngine engine = new LocalEngine(members);
    Squares primer =
        new Squares("sq", shared, 10, new MultiProcessConfig(3, WorkerCount.of(2),
            Processor.cluster(engine)));
    assertEquals(10, primer.size());
    assertEquals("81", primer.load("9").orElseThrow());
    assertEquals(0, primer.processed.get(), "the priming instance processed no chunk itself");
    assertEquals(4, member.processed.get());
    assertEquals(4, engine.submissions().get());
    assertTrue(primer.chunksRanElsewhere());

    Squares local = new Squares("local", new MemoryStash<>(), 10, MultiProcessConfig.DEFAULT);
    assertEquals(10, local.size());
    assertFalse(local.chunksRanElsewhere());
  }

  @Test
  void aResubmittedChunkComputesOnlyWhatTheStashDoesNotHoldYet() throws Exception {
    MemoryStash<String> delegate = new MemoryStash<>();
    MemoryStash<Failure> failures = new MemoryStash<>();
    CountingFactory factory = new CountingFactory(6);
    MultiProcessRobustStash<String> robust =
        new MultiProcessRobustStash<>("r", delegate, factory, MultiProcessConfig.FACTORY_DEFAULT,
            true, failures);
    StashRegistry registry = new StashRegistry().register(robust);
    delegate.dump("0", "value-0"); // stored by the lost member
    failures.dump("1", Failure.of("1", new IllegalStateException("failed on the lost member")));
    List<String> keys = List.of("0", "1", "2", "3");

    // the first submission computes the whole chunk
    assertEquals(4, registry.process(new ClusterChunk<>("r", 0, keys, 0)));
    assertEquals(new TreeSet<>(keys), factory.loadedKeys());

    // a resubmission computes only the keys with neither a value nor a recorded failure
    factory.loads.clear();
    delegate.delete("1"); // "1" is then settled by its recorded failure only
    delegate.delete("2");
    delegate.delete("3");
    assertEquals(2, registry.process(new ClusterChunk<>("r", 0, keys, 1)));
    assertEquals(Set.of("2", "3"), factory.loadedKeys());

    // nothing left: nothing computed
    factory.loads.clear();
    assertEquals(0, registry.process(new ClusterChunk<>("r", 0, keys, 2)));
    assertEquals(Set.of(), factory.loadedKeys());

    // a factory stash counts values only: a key without a value is computed again
    CountingFactory plainFactory = new CountingFactory(3);
    MemoryStash<String> plainDelegate = new MemoryStash<>();
    plainDelegate.dump("0", "value-0");
    registry.register(new MultiProcessFactoryStash<>("f", plainDelegate, plainFactory));
    assertEquals(2, registry.process(new ClusterChunk<>("f", 0, List.of("0", "1", "2"), 1)));
    assertEquals(Set.of("1", "2"), plainFactory.loadedKeys());

    // a stash whose items are not its keys cannot tell: it computes the whole chunk again
    MemoryStash<String> squaresDelegate = new MemoryStash<>();
    Squares squares = new Squares("sq", squaresDelegate, 0, MultiProcessConfig.DEFAULT);
    registry.register(squares);
    assertEquals(3, registry.process(new ClusterChunk<>("sq", 0, List.of(1, 2, 3), 1)));
    assertEquals(Set.of(1, 2, 3), squares.items);
  }

  @Test
  void withoutDeadlineKeepsTheProcessorsOtherSettings() {
    Duration nine = Duration.ofSeconds(9);
    for (Processor local : List.of(Processor.pool(), Processor.virtual(), Processor.single())) {
      assertSame(local, local.withoutDeadline());
      Processor timed = local.withDeadline(nine);
      assertEquals(local, timed.withoutDeadline());
      assertEquals(local.kind(), timed.withoutDeadline().kind());
    }
    ClusterProcessor cluster =
        Processor.cluster(new LocalEngine(new StashRegistry())).withMaxAttempts(3);
    ClusterProcessor timed = cluster.withDeadline(nine);
    ClusterProcessor untimed = timed.withoutDeadline();
    assertNotSame(timed, untimed);
    assertEquals(cluster, untimed);
    assertEquals(3, untimed.maxAttempts());
    assertSame(cluster.engine(), untimed.engine());
    // and the settings text "no deadline" reaches it through the same method
    MultiProcessConfig config = new MultiProcessConfig(5, WorkerCount.of(2), timed);
    assertEquals(untimed, MultiProcessConfig.from(
        Map.of(MultiProcessConfig.DEADLINE, MultiProcessConfig.NO_DEADLINE), config).processor());
    // naming the kind the defaults already have keeps that processor, its deadline included
    assertEquals(timed, MultiProcessConfig.from(
        Map.of(MultiProcessConfig.PROCESSOR, " Cluster "), config).processor());
    MultiProcessConfig pool = new MultiProcessConfig(5, WorkerCount.of(2), Processor.pool()
        .withDeadline(nine));
    assertEquals(pool, MultiProcessConfig.from(Map.of(MultiProcessConfig.PROCESSOR, "pool"), pool));
  }
}
