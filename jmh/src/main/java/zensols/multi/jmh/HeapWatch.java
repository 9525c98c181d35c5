package zensols.multi.jmh;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The live-heap growth of a measured region, as the memory benchmarks report it: the largest heap
 * use right after any GC during the region, less the heap use after a full GC before it (what the
 * region kept reachable); the old generation's peak less its use before (what lived long enough
 * to be promoted); and the number of collections during the region (the measure needs some).
 *
 * <p>{@link #listen()} once per trial, {@link #reset()} before each region, {@link #settle()} after
 * it, then read the figures; {@link #unlisten()} at the end of the trial.
 */
final class HeapWatch {
  private static final double MB = 1024.0 * 1024.0;

  private final AtomicLong maxAfterGc = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private final List<Runnable> unregister = new ArrayList<>();
  private long baseline;
  private long oldBaseline;
  private long oldPeak;

  /** Listens to every collector's GC notifications. */
  void listen() {
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
          maxAfterGc.accumulateAndGet(used, Math::max);
          collections.incrementAndGet();
        };
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        unregister.add(
            () -> {
              try {
                emitter.removeNotificationListener(listener);
              } catch (ListenerNotFoundException e) {
                // already gone
              }
            });
      }
    }
  }

  /** Stops listening. */
  void unlisten() {
    unregister.forEach(Runnable::run);
    unregister.clear();
  }

  /** Collects the heap and takes the baselines of the region that follows. */
  void reset() throws InterruptedException {
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

  /** Ends the region: waits for the last notifications and reads the old generation's peak. */
  void settle() throws InterruptedException {
    Thread.sleep(100); // the notifications are delivered by a service thread
    oldPeak = 0;
    for (MemoryPoolMXBean pool : oldGen()) {
      oldPeak += pool.getPeakUsage().getUsed();
    }
  }

  /** The region's live-heap growth in MB (the memory targets' measure). */
  double liveGrowthMB() {
    return Math.max(0, maxAfterGc.get() - baseline) / MB;
  }

  /** The old generation's growth in MB. */
  double oldGenGrowthMB() {
    return Math.max(0, oldPeak - oldBaseline) / MB;
  }

  /** The collections during the region. */
  long gcs() {
    return collections.get();
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
}
