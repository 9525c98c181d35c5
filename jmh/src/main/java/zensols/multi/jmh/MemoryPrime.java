package zensols.multi.jmh;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.openjdk.jmh.annotations.*;
import zensols.multi.MultiProcessConfig;
import zensols.multi.Processor;
import zensols.multi.WorkerCount;
import zensols.multi.stash.NoopStash;

/**
 * The memory target: 5,000,000 trivial items from a lazily generated source, chunk 1,000, into a
 * {@code NoopStash} (keeps nothing), in a fork of its own with a 256 MB heap. Reported beside the
 * time, as secondary results in MB:
 *
 * <ul>
 *   <li>{@code liveGrowthMB}: the largest heap use right after a GC during the prime, less the heap
 *       use after a full GC before it: what the prime kept reachable (the target, under 64 MB);
 *   <li>{@code oldGenGrowthMB}: the old generation's peak during the prime less its use before:
 *       what lived long enough to be promoted;
 *   <li>{@code gcs}: collections during the prime (the measure needs some).
 * </ul>
 *
 * <p>Run with {@code -prof gc} for the allocation per operation.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
    value = 1,
    jvmArgsPrepend = "--enable-preview",
    jvmArgsAppend = {"-Xms256m", "-Xmx256m", "-XX:+UseG1GC"})
@State(Scope.Benchmark)
public class MemoryPrime {
  private static final double MB = 1024.0 * 1024.0;

  @Param({"5000000"})
  public int items;

  @Param({"1000"})
  public int chunkSize;

  @Param({"pool", "virtual", "single"})
  public String processor;

  private final AtomicLong maxAfterGc = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private final List<Runnable> unregister = new ArrayList<>();
  private long baseline;
  private long oldBaseline;
  private MultiProcessConfig config;

  /** The secondary results, read by JMH after each iteration. */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Heap {
    public double liveGrowthMB;
    public double oldGenGrowthMB;
    public double gcs;

    @Setup(Level.Iteration)
    public void clean() {
      liveGrowthMB = 0;
      oldGenGrowthMB = 0;
      gcs = 0;
    }
  }

  @Setup(Level.Trial)
  public void listen() {
    Backend.check();
    config =
        new MultiProcessConfig(chunkSize, WorkerCount.allProcessors(), Processor.of(processor));
    NotificationListener listener =
        (notification, handback) -> {
          if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
              notification.getType())) {
            return;
          }
          GarbageCollectionNotificationInfo info =
              GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
          long used = 0;
          for (MemoryUsage usage : info.getGcInfo().getMemoryUsageAfterGc().values()) {
            used += usage.getUsed();
          }
          long after = used;
          maxAfterGc.accumulateAndGet(after, Math::max);
          collections.incrementAndGet();
        };
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        unregister.add(
            () -> {
              try {
                emitter.removeNotificationListener(listener);
              } catch (Exception e) {
                // ignore
              }
            });
      }
    }
  }

  @TearDown(Level.Trial)
  public void unlisten() {
    unregister.forEach(Runnable::run);
  }

  @Setup(Level.Iteration)
  public void before() throws InterruptedException {
    System.gc();
    Thread.sleep(200); // let the notifications of that GC arrive before the counters are reset
    baseline = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    oldBaseline = 0;
    for (MemoryPoolMXBean pool : oldGen()) {
      oldBaseline += pool.getUsage().getUsed();
      pool.resetPeakUsage();
    }
    maxAfterGc.set(baseline);
    collections.set(0);
  }

  private static List<MemoryPoolMXBean> oldGen() {
    List<MemoryPoolMXBean> pools = new ArrayList<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getName().contains("Old")) {
        pools.add(pool);
      }
    }
    return pools;
  }

  @Benchmark
  public Object prime(Heap heap) throws InterruptedException {
    BenchStash stash =
        new BenchStash(
            new NoopStash<>(),
            config,
            () -> IntStream.range(0, items).mapToObj(Integer::toString),
            key -> key);
    stash.prime();
    Thread.sleep(100); // the notifications are delivered by a service thread
    long oldPeak = 0;
    for (MemoryPoolMXBean pool : oldGen()) {
      oldPeak += pool.getPeakUsage().getUsed();
    }
    heap.liveGrowthMB = Math.max(0, maxAfterGc.get() - baseline) / MB;
    heap.oldGenGrowthMB = Math.max(0, oldPeak - oldBaseline) / MB;
    heap.gcs = collections.get();
    return stash;
  }
}
