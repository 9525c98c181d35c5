package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import zensols.multi.stash.DelegateStash;
import zensols.multi.stash.MemoryStash;
import zensols.multi.stash.SharedStash;
import zensols.multi.stash.Stash;

/**
 * {@link MultiProcessStash#prime()} holds the prime lease of a {@link SharedStash} delegate while
 * it checks the delegate and runs the work: a prime that must wait for "another process" (a lease
 * held elsewhere) then computes only what is still missing.
 */
class SharedStashLeaseTest {
  /** A delegate whose lease waits for {@link #released} and leaves a trail. */
  static final class Leased extends DelegateStash<String> implements SharedStash {
    final Trail trail;
    final CountDownLatch waiting = new CountDownLatch(1);
    final CountDownLatch released;

    Leased(Stash<String> values, Trail trail, CountDownLatch released) {
      super(values);
      this.trail = trail;
      this.released = released;
    }

    @Override
    public Lease awaitPrimeLease(String name) throws InterruptedException {
      trail.add("await " + name);
      waiting.countDown();
      released.await();
      trail.add("hold " + name);
      return () -> trail.add("release " + name);
    }

    @Override
    public void dump(String key, String value) {
      trail.add("dump " + key);
      super.dump(key, value);
    }
  }

  /** Waits until the prime asks for the lease, failing if it ends without asking. */
  private static void awaitLeaseRequest(Leased delegate, Thread priming, Trail trail)
      throws InterruptedException {
    while (!delegate.waiting.await(10, TimeUnit.MILLISECONDS)) {
      if (!priming.isAlive()) {
        fail("the prime ended without asking for the lease; trail: " + trail);
      }
    }
  }

  @Test
  void aPrimeWaitsForTheLeaseThenComputesOnlyWhatIsMissing() throws Exception {
    Trail trail = new Trail();
    CountDownLatch otherProcessDone = new CountDownLatch(1);
    MemoryStash<String> values = new MemoryStash<>();
    Leased delegate = new Leased(values, trail, otherProcessDone);
    CountingFactory factory = new CountingFactory(10);
    MultiProcessRobustStash<String> stash =
        new MultiProcessRobustStash<>(
            "s", delegate, factory,
            new MultiProcessConfig(2, WorkerCount.of(2), Processor.pool()));
    AtomicReference<Throwable> failed = new AtomicReference<>();
    Thread priming = new Thread(() -> {
      try {
        stash.prime();
      } catch (Throwable t) {
        failed.set(t);
      }
    });
    priming.start();
    awaitLeaseRequest(delegate, priming, trail);
    // "the other process" stores 7 of the 10 values while this prime waits for the lease
    for (int i = 0; i < 7; i++) {
      values.dump(Integer.toString(i), "value-" + i);
    }
    trail.add("other process done");
    otherProcessDone.countDown();
    priming.join();
    assertEquals(null, failed.get());
    assertEquals(java.util.Set.of("7", "8", "9"), factory.loadedKeys(), "only the missing keys");
    trail.assertInOrder("await s", "other process done", "hold s", "dump 7", "release s");
    trail.assertBefore("dump 9", "release s");
  }

  @Test
  void anInterruptWhileWaitingForTheLeaseCancelsThePrimeAndKeepsTheInterrupt() throws Exception {
    Trail trail = new Trail();
    Leased delegate = new Leased(new MemoryStash<>(), trail, new CountDownLatch(1));
    MultiProcessRobustStash<String> stash =
        new MultiProcessRobustStash<>("s", delegate, new CountingFactory(3));
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> interrupted = new AtomicReference<>();
    Thread priming = new Thread(() -> {
      try {
        stash.prime();
      } catch (Throwable t) {
        thrown.set(t);
        interrupted.set(Thread.currentThread().isInterrupted());
      }
    });
    priming.start();
    awaitLeaseRequest(delegate, priming, trail);
    priming.interrupt();
    priming.join();
    assertTrue(thrown.get() instanceof ProcessInterruptedException, String.valueOf(thrown.get()));
    assertEquals(Boolean.TRUE, interrupted.get());
    trail.assertNone(e -> e.startsWith("dump"), "no work ran");
  }
}
