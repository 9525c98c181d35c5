package zensols.multi.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import zensols.multi.cluster.ClusterProcessor;
import zensols.multi.MultiProcessConfig;
import zensols.multi.MultiProcessRobustStash;
import zensols.multi.ProcessReport;
import zensols.multi.Processor;
import zensols.multi.WorkerCount;
import zensols.multi.stash.MemoryStash;

/**
 * Figures for the README, with {@code -Dcluster.bench=true}: the cost of one chunk's round trip,
 * and the throughput of ~1 ms items on two member JVMs against the local pool in this JVM, on the
 * same machine (the members share its cores).
 */
@EnabledIfSystemProperty(named = "zensols.multi.test.bench", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(600)
class ClusterBenchTest {
  private static final int MEMBERS = 2;
  private static final int POOL = 2;

  private final List<MemberProcess> members = new ArrayList<>();
  private @Nullable HazelcastInstance client;
  private @Nullable Path shared;

  @BeforeAll
  void startCluster() throws Exception {
    shared = Files.createTempDirectory("zensols-multi-bench");
    String cluster = "zensols-bench-" + UUID.randomUUID();
    int basePort = LoopbackCluster.freeBasePort();
    for (int i = 1; i <= MEMBERS; i++) {
      members.add(MemberProcess.start("bench-member-" + i, cluster, basePort, POOL, shared));
    }
    client = HazelcastClient.newHazelcastClient(LoopbackCluster.client(cluster, basePort));
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
      Files.deleteIfExists(shared);
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

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static long ownCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private long clusterCpuNanos() {
    long sum = ownCpuNanos();
    for (MemberProcess member : members) {
      sum += member.cpu().toNanos();
    }
    return sum;
  }

  /** Primes a fresh cluster stash of {@code n} items; returns its report. */
  private ProcessReport cluster(String name, int n, int chunkSize, int workers) {
    client().getMap(name).clear();
    client().getMap(name + ".complete").clear();
    ClusterProcessor processor = HazelcastClusterEngine.processor(client());
    MultiProcessRobustStash<String> stash = TestStashes.stash(client(), name, n,
        new MultiProcessConfig(chunkSize, WorkerCount.of(workers), processor), shared());
    stash.prime();
    assertEquals(n, stash.delegate().size());
    return stash.lastReport().orElseThrow();
  }

  /** A task that does nothing: the executor's own round trip. */
  static final class NothingTask implements Callable<Integer>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer call() {
      return 0;
    }
  }

  /** Runs {@code n} one-item chunks of the stash that creates nothing. */
  private ProcessReport noop(int n, int workers) {
    ClusterProcessor processor = HazelcastClusterEngine.processor(client());
    TestStashes.NoopStash stash = new TestStashes.NoopStash(client(), n,
        new MultiProcessConfig(1, WorkerCount.of(workers), processor));
    stash.clear();
    stash.prime();
    return stash.lastReport().orElseThrow();
  }

  /** Primes a local stash of {@code n} ~1 ms items on the pool in this JVM. */
  private static ProcessReport local(int n, int chunkSize, int workers) {
    MultiProcessRobustStash<String> stash = new MultiProcessRobustStash<>(TestStashes.BENCH,
        new MemoryStash<>(), new TestStashes.SpinFactory(TestStashes.BENCH, n),
        new MultiProcessConfig(chunkSize, WorkerCount.of(workers), Processor.pool()), true,
        new MemoryStash<>());
    stash.prime();
    return stash.lastReport().orElseThrow();
  }

  @Test
  void figures() throws Exception {
    // warm up both sides
    cluster(TestStashes.BENCH, 1000, 20, MEMBERS * POOL);
    local(1000, 20, 2);
    cluster(TestStashes.EMPTY, 2000, 1, 4);

    int trips = 1000;
    // what the cluster burns doing nothing, to subtract
    long idle0 = clusterCpuNanos();
    Thread.sleep(2000);
    double idlePerMs = (clusterCpuNanos() - idle0) / 2000.0;
    System.out.printf("BENCH idle cluster (client and members): %.1f%% of one core%n",
        idlePerMs / 1e4);
    // Hazelcast's own floor: a task that does nothing, sent to the members round-robin
    IExecutorService executor = client().getExecutorService(HazelcastClusterEngine.DEFAULT_EXECUTOR);
    List<Member> dataMembers = new HazelcastClusterEngine(client()).workers();
    for (int i = 0; i < trips; i++) {
      executor.submitToMember(new NothingTask(), dataMembers.get(i % dataMembers.size())).get();
    }
    long floorCpu0 = clusterCpuNanos();
    long floor0 = System.nanoTime();
    for (int i = 0; i < trips; i++) {
      executor.submitToMember(new NothingTask(), dataMembers.get(i % dataMembers.size())).get();
    }
    long floorWall = System.nanoTime() - floor0;
    long floorCpu = clusterCpuNanos() - floorCpu0;
    System.out.printf("BENCH Hazelcast executor floor (a task doing nothing), one at a time:"
            + " %.3f ms each (wall), %.3f ms CPU each; load %.1f%n",
        floorWall / 1e6 / trips, floorCpu / 1e6 / trips, load());
    // bare round trip: one chunk whose item creates no value, one at a time
    ProcessReport bare = noop(trips, 1);
    long cpu0 = clusterCpuNanos();
    bare = noop(trips, 1);
    long cpu = clusterCpuNanos() - cpu0;
    System.out.printf("BENCH bare round trip: %d chunks one at a time: %.3f ms each (wall),"
            + " %.3f ms CPU each over client and members, %.3f ms less the idle CPU; load %.1f%n",
        trips, bare.elapsed().toNanos() / 1e6 / trips, cpu / 1e6 / trips,
        (cpu - idlePerMs * bare.elapsed().toMillis()) / 1e6 / trips, load());
    cpu0 = clusterCpuNanos();
    bare = noop(4 * trips, 8);
    cpu = clusterCpuNanos() - cpu0;
    System.out.printf("BENCH bare round trips, 8 in flight: %.0f chunks/s, %.3f ms CPU each;"
            + " load %.1f%n", bare.itemsPerSecond(), cpu / 1e6 / (4 * trips), load());

    // round trip with one dump: one chunk of one item at a time
    cpu0 = clusterCpuNanos();
    ProcessReport rt = cluster(TestStashes.EMPTY, trips, 1, 1);
    cpu = clusterCpuNanos() - cpu0;
    System.out.printf("BENCH round trip with a dump: %d one-item chunks one at a time: %.3f ms"
            + " each (wall), %.3f ms CPU each over client and members, %.3f ms less the idle CPU;"
            + " load %.1f%n",
        trips, rt.elapsed().toNanos() / 1e6 / trips, cpu / 1e6 / trips,
        (cpu - idlePerMs * rt.elapsed().toMillis()) / 1e6 / trips, load());
    // the dump alone, from the client, for comparison
    IMap<String, Object> map = client().getMap("bench.put");
    long t0 = System.nanoTime();
    for (int i = 0; i < trips; i++) {
      map.set(TestStashes.key(i), "v");
    }
    System.out.printf("BENCH IMap.set from the client: %.3f ms each%n",
        (System.nanoTime() - t0) / 1e6 / trips);
    // empty chunks in parallel: the per-chunk throughput ceiling
    cpu0 = clusterCpuNanos();
    ProcessReport par = cluster(TestStashes.EMPTY, 4000, 1, 8);
    cpu = clusterCpuNanos() - cpu0;
    System.out.printf("BENCH empty chunks, 8 in flight: %.0f chunks/s, %.3f ms CPU each; load %.1f%n",
        par.itemsPerSecond(), cpu / 1e6 / 4000, load());

    // ~1 ms items: local pool vs cluster, alternating
    int n = 3000;
    for (int round = 1; round <= 2; round++) {
      for (int threads : new int[] {2, MEMBERS * POOL}) {
        for (int chunk : new int[] {10, 100}) {
          ProcessReport l = local(n, chunk, threads);
          System.out.printf("BENCH round %d local pool, %d threads, chunk %d: %.0f items/s (%d ms);"
                  + " load %.1f%n", round, threads, chunk, l.itemsPerSecond(),
              l.elapsed().toMillis(), load());
        }
      }
      for (int chunk : new int[] {1, 10, 100}) {
        int workers = chunk == 1 ? 8 : MEMBERS * POOL;
        ProcessReport c = cluster(TestStashes.BENCH, n, chunk, workers);
        System.out.printf("BENCH round %d cluster, %d members x %d threads, chunk %d, %d in flight:"
                + " %.0f items/s (%d ms); load %.1f%n", round, MEMBERS, POOL, chunk, workers,
            c.itemsPerSecond(), c.elapsed().toMillis(), load());
      }
    }
    System.out.printf("BENCH member CPU so far: %s%n",
        members.stream().map(m -> m.name() + "=" + m.cpu().toMillis() + "ms").toList());
  }
}
