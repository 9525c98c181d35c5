package zensols.multi.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import zensols.multi.ChunkFailedException;
import zensols.multi.cluster.ClusterProcessor;
import zensols.multi.MultiProcessConfig;
import zensols.multi.MultiProcessRobustStash;
import zensols.multi.ProcessInterruptedException;
import zensols.multi.ProcessReport;
import zensols.multi.WorkerCount;

/**
 * Three member JVMs on 127.0.0.1 and a client in the test JVM that primes robust stashes on them;
 * the last test kills a member with SIGKILL while a prime runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class ClusterPrimeTest {
  private static final int MEMBERS = 3;
  private static final int POOL = 2;

  private final List<MemberProcess> members = new ArrayList<>();
  private @Nullable HazelcastInstance client;
  private @Nullable Path shared;

  @BeforeAll
  void startCluster() throws Exception {
    shared = Files.createTempDirectory("zensols-multi-shared");
    String cluster = "zensols-test-" + UUID.randomUUID();
    int basePort = LoopbackCluster.freeBasePort();
    long start = System.nanoTime();
    for (int i = 1; i <= MEMBERS; i++) {
      members.add(MemberProcess.start("member-" + i, cluster, basePort, POOL, shared));
    }
    client = HazelcastClient.newHazelcastClient(LoopbackCluster.client(cluster, basePort));
    System.out.printf("cluster: %d members up in %d ms: %s%n", MEMBERS,
        (System.nanoTime() - start) / 1_000_000, members);
    assertEquals(MEMBERS, new HazelcastClusterEngine(client()).workers().size());
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (client != null) {
      client.shutdown();
    }
    for (MemberProcess member : members) {
      member.close();
    }
    if (shared != null) {
      try (Stream<Path> paths = Files.walk(shared)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private HazelcastInstance client() {
    HazelcastInstance local = client;
    if (local == null) {
      throw new IllegalStateException("no client");
    }
    return local;
  }

  private Path shared() {
    Path local = shared;
    if (local == null) {
      throw new IllegalStateException("no shared directory");
    }
    return local;
  }

  private static Set<String> keys(int n) {
    return IntStream.range(0, n).mapToObj(TestStashes::key).collect(Collectors.toSet());
  }

  private MultiProcessRobustStash<String> stash(String name, int items, ClusterProcessor processor,
      int chunkSize, int workers) {
    return TestStashes.stash(client(), name, items,
        new MultiProcessConfig(chunkSize, WorkerCount.of(workers), processor), shared());
  }

  private long computed() throws IOException, InterruptedException {
    long sum = 0;
    for (MemberProcess member : members) {
      if (member.isAlive()) {
        sum += member.computed();
      }
    }
    return sum;
  }

  /** Every value is there once, under its key, and nothing else; no failure recorded. */
  private static void assertExactly(int n, MultiProcessRobustStash<String> stash) {
    Set<String> expected = keys(n);
    assertEquals(n, stash.delegate().size(), "values in the delegate");
    assertEquals(expected, new TreeSet<>(stash.delegate().keys()));
    for (String key : expected) {
      assertEquals(TestStashes.value(key), stash.delegate().load(key).orElseThrow(), key);
    }
    assertEquals(Set.of(), stash.failures().keys(), "failures");
  }

  /** The keys that resubmitted chunks of {@code stash} computed, from the members' logs. */
  private long recomputedKeys(String stash) throws IOException {
    Pattern line = Pattern.compile(
        "stash '" + stash + "': resubmitted chunk \\d+ \\(attempt \\d+\\): (\\d+) of \\d+ items");
    long sum = 0;
    for (MemberProcess member : members) {
      Path log = Path.of(System.getProperty("zensols.multi.test.logs", "target/cluster-logs"),
          member.name() + ".log");
      for (String text : Files.readAllLines(log)) {
        Matcher m = line.matcher(text);
        if (m.find()) {
          sum += Long.parseLong(m.group(1));
        }
      }
    }
    return sum;
  }

  @Test
  @Order(1)
  void primesEveryKeyOnceOnTheMembers() throws Exception {
    int n = 3000;
    ClusterProcessor processor = HazelcastClusterEngine.processor(client());
    MultiProcessRobustStash<String> stash = stash(TestStashes.PLAIN, n, processor, 50, MEMBERS * POOL);
    long before = computed();
    stash.prime();
    ProcessReport report = stash.lastReport().orElseThrow();
    long computed = computed() - before;
    System.out.printf("plain: %d items in %d chunks in %d ms (%.0f items/s), %d computed%n",
        report.items(), report.chunks(), report.elapsed().toMillis(), report.itemsPerSecond(),
        computed);
    assertEquals("cluster", report.processor());
    assertEquals(n / 50, report.chunks());
    assertExactly(n, stash);
    assertEquals(n, computed, "every item computed once, on the members");
    assertEquals(0, processor.resubmittedChunks());
    for (MemberProcess member : members) {
      assertTrue(member.computed() > 0, member + " took no chunk");
    }
    // a second instance finds the delegate complete: no work
    MultiProcessRobustStash<String> again = stash(TestStashes.PLAIN, n, processor, 50, 6);
    assertEquals(n, again.keys().size());
    assertTrue(again.lastReport().isEmpty());
  }

  @Test
  @Order(2)
  void directoryStashOnSharedStorage() throws Exception {
    int n = 1000;
    MultiProcessRobustStash<String> stash = stash(TestStashes.FILES, n,
        HazelcastClusterEngine.processor(client()), 25, MEMBERS * POOL);
    stash.prime();
    assertExactly(n, stash);
    try (Stream<Path> files = Files.list(shared().resolve(TestStashes.FILES))) {
      assertEquals(n, files.filter(p -> p.getFileName().toString().startsWith("k")).count());
    }
  }

  @Test
  @Order(3)
  void firstRealFailureCancelsTheRest() throws Exception {
    int n = 2000;
    MultiProcessRobustStash<String> stash = stash(TestStashes.FAILING, n,
        HazelcastClusterEngine.processor(client()), 20, MEMBERS * POOL);
    ChunkFailedException e = assertThrows(ChunkFailedException.class, stash::prime);
    System.out.println("failing: " + e);
    assertTrue(e.getMessage() != null && e.getMessage().contains(TestStashes.FAILING),
        String.valueOf(e.getMessage()));
    assertEquals(2, e.chunkId(), "the chunk of " + TestStashes.POISON);
    int stored = stash.delegate().size();
    assertTrue(stored < n - 200, "the rest was cancelled, but " + stored + " were stored");
    assertFalse(stash.delegate().exists(TestStashes.POISON));
    // settled: every remote task was cancelled (and interrupted) before prime() threw; at most a
    // dump under way on a member at that moment lands after it
    Thread.sleep(500);
    int later = stash.delegate().size();
    System.out.printf("failing: %d values stored when prime() threw, %d later%n", stored, later);
    assertTrue(later - stored <= MEMBERS * POOL, stored + " then " + later);
  }

  @Test
  @Order(4)
  void interruptCancelsTheRemoteWork() throws Exception {
    int n = 600; // 20 ms of CPU each: 12 s of work
    MultiProcessRobustStash<String> stash = stash(TestStashes.SLOW, n,
        HazelcastClusterEngine.processor(client()), 10, MEMBERS * POOL);
    AtomicReference<@Nullable Throwable> outcome = new AtomicReference<>();
    Thread primer = new Thread(() -> {
      try {
        stash.prime();
      } catch (Throwable t) {
        outcome.set(t);
      }
    }, "primer");
    primer.start();
    while (stash.delegate().size() < 20) {
      Thread.sleep(20);
    }
    long interruptedAt = System.nanoTime();
    primer.interrupt();
    primer.join(30_000);
    assertFalse(primer.isAlive());
    assertInstanceOf(ProcessInterruptedException.class, outcome.get());
    long settledMillis = (System.nanoTime() - interruptedAt) / 1_000_000;
    long computedThen = computed();
    Thread.sleep(600);
    long computedLater = computed();
    int stored = stash.delegate().size();
    System.out.printf("interrupt: prime() ended %d ms after the interrupt; %d of %d stored%n",
        settledMillis, stored, n);
    System.out.printf("interrupt: members computed %d items in the 600 ms after it%n",
        computedLater - computedThen);
    assertTrue(computedLater - computedThen <= MEMBERS * POOL,
        "members still computing after the cancel: " + (computedLater - computedThen));
    assertTrue(stored < n / 2, stored + " stored");
  }

  @Test
  @Order(5)
  void killedMemberMidRunLosesAndDuplicatesNoKey() throws Exception {
    int n = 4000;
    ClusterProcessor processor = HazelcastClusterEngine.processor(client());
    MultiProcessRobustStash<String> stash = stash(TestStashes.KILLED, n, processor, 40, MEMBERS * POOL);
    IMap<String, Object> map = client().getMap(TestStashes.KILLED);
    LongAdder overwritten = new LongAdder();
    map.addEntryListener((EntryUpdatedListener<String, Object>) e -> overwritten.increment(), false);
    AtomicReference<@Nullable Throwable> outcome = new AtomicReference<>();
    Thread primer = new Thread(() -> {
      try {
        stash.prime();
      } catch (Throwable t) {
        outcome.set(t);
      }
    }, "primer");
    MemberProcess victim = members.get(MEMBERS - 1);
    long start = System.nanoTime();
    primer.start();
    while (map.size() < n / 4 && primer.isAlive()) {
      Thread.sleep(5);
    }
    int atKill = map.size();
    victim.kill();
    System.out.printf("killed %s with SIGKILL at %d of %d values, %d ms into the prime%n", victim,
        atKill, n, (System.nanoTime() - start) / 1_000_000);
    primer.join(Duration.ofMinutes(3).toMillis());
    assertFalse(primer.isAlive());
    if (outcome.get() != null) {
      throw new AssertionError("the prime failed", outcome.get());
    }
    ProcessReport report = stash.lastReport().orElseThrow();
    Thread.sleep(300); // let the last entry events arrive
    System.out.printf(
        "kill test: %d items in %d chunks in %d ms; %d chunks resubmitted, in which %d keys were"
            + " missing and computed again; %d values dumped twice (update events)%n",
        report.items(), report.chunks(), report.elapsed().toMillis(),
        processor.resubmittedChunks(), recomputedKeys(TestStashes.KILLED), overwritten.sum());
    assertExactly(n, stash);
    assertTrue(processor.resubmittedChunks() >= 1, "the killed member's chunks were resubmitted");
    assertEquals(MEMBERS - 1, new HazelcastClusterEngine(client()).workers().size());
    // a new instance: complete, from the stash's contents
    assertEquals(n, stash(TestStashes.KILLED, n, processor, 40, 6).keys().size());
  }
}
