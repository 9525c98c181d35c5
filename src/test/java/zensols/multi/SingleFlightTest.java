package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import zensols.multi.stash.MemoryStash;

/** Concurrent first accesses prime once; clear and invalidate racing with a prime stay consistent. */
class SingleFlightTest {
  private static final int THREADS = 16;
  private static final int ROUNDS = 500;

  @Test
  void sixteenThreadsAtOncePrimeOnce() throws Exception {
    try (ExecutorService threads = Executors.newFixedThreadPool(THREADS)) {
      for (int round = 0; round < ROUNDS; round++) {
        RangeStash stash =
            new RangeStash(9, new MemoryStash<>(),
                new MultiProcessConfig(3, WorkerCount.of(2), Processor.pool()));
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<Integer>> sizes = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int which = t;
          sizes.add(
              threads.submit(
                  () -> {
                    start.await();
                    return switch (which % 4) {
                      case 0 -> stash.size();
                      case 1 -> stash.keys().size();
                      case 2 -> stash.load("3").map(List::size).orElse(-1);
                      default -> stash.exists("6") ? 3 : -1;
                    };
                  }));
        }
        for (Future<Integer> size : sizes) {
          assertEquals(3, size.get(), "round " + round);
        }
        assertEquals(1, stash.createDataCalls.get(), "round " + round);
        assertEquals(3, stash.processCalls.get(), "round " + round);
      }
    }
  }

  @Test
  void clearAndInvalidateRacingWithAPrimeLeaveAConsistentStash() throws Exception {
    try (ExecutorService threads = Executors.newFixedThreadPool(3)) {
      for (int round = 0; round < 200; round++) {
        CountingFactory factory = new CountingFactory(20);
        MemoryStash<String> delegate = new MemoryStash<>();
        MultiProcessRobustStash<String> stash =
            new MultiProcessRobustStash<>("race", delegate, factory,
                new MultiProcessConfig(3, WorkerCount.of(2), Processor.pool()), true,
                new MemoryStash<>());
        CyclicBarrier start = new CyclicBarrier(3);
        Future<?> prime = threads.submit(() -> { start.await(); stash.prime(); return null; });
        Future<?> invalidate =
            threads.submit(() -> { start.await(); stash.invalidate(); return null; });
        Future<?> clear = threads.submit(() -> { start.await(); stash.clear(); return null; });
        prime.get();
        invalidate.get();
        clear.get();
        // whatever order the three took, the next access sees every value
        assertEquals(20, stash.size(), "round " + round);
        assertEquals(factory.keys(), delegate.keys(), "round " + round);
        assertEquals(factory.keys(), stash.keys(), "round " + round);
      }
    }
  }
}
