package zensols.multi.stash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PreemptiveStashTest {

  /** Counts how often the has-data answer is computed. */
  static final class Counting<V> extends PreemptiveStash<V> {
    final AtomicInteger calculations = new AtomicInteger();

    Counting(Stash<V> delegate) {
      super(delegate);
    }

    @Override
    protected boolean calculateHasData() {
      calculations.incrementAndGet();
      return super.calculateHasData();
    }
  }

  @Test
  void hasDataIsComputedOnceAndCached() {
    MemoryStash<String> memory = new MemoryStash<>();
    Counting<String> stash = new Counting<>(memory);
    assertFalse(stash.hasData());
    memory.dump("a", "x");
    assertFalse(stash.hasData(), "a write behind its back is not seen until reset");
    assertEquals(1, stash.calculations.get());
    stash.reset();
    assertTrue(stash.hasData());
    assertEquals(2, stash.calculations.get());
  }

  @Test
  void dumpSetsDeleteAndClearReset() {
    MemoryStash<String> memory = new MemoryStash<>();
    Counting<String> stash = new Counting<>(memory);
    assertFalse(stash.hasData());
    stash.dump("a", "x");
    assertTrue(stash.hasData());
    assertEquals(1, stash.calculations.get(), "dump sets the answer without computing");
    assertTrue(stash.delete("a"));
    assertFalse(stash.hasData());
    assertEquals(2, stash.calculations.get());
    stash.dump("b", "y");
    stash.clear();
    assertEquals(0, memory.size());
    assertFalse(stash.hasData());
    assertEquals(3, stash.calculations.get());
  }

  @Test
  void concurrentFirstCallsComputeOnce() throws Exception {
    for (int round = 0; round < 50; round++) {
      MemoryStash<String> memory = new MemoryStash<>();
      memory.dump("a", "x");
      Counting<String> stash = new Counting<>(memory);
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Boolean>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          answers.add(
              pool.submit(
                  () -> {
                    start.await();
                    return stash.hasData();
                  }));
        }
        start.countDown();
        for (Future<Boolean> answer : answers) {
          assertTrue(answer.get());
        }
      } finally {
        pool.shutdown();
      }
      assertEquals(1, stash.calculations.get());
    }
  }
}
