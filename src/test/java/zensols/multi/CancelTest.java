package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The first failing chunk cancels the others, and no chunk starts after it. */
class CancelTest {
  private static final int STRESS = 200;

  /**
   * Two workers: chunk 0 waits until chunk 1 has started, then throws; chunk 1 blocks until it is
   * interrupted. Returns the trail; asserts everything about the failure.
   */
  private static Trail firstFailureScenario(String kind, boolean secondRealFailure)
      throws Exception {
    Trail trail = new Trail();
    Workers workers = new Workers();
    CountDownLatch chunk1Started = new CountDownLatch(1);
    IllegalStateException boom = new IllegalStateException("boom 0");
    IllegalStateException second = new IllegalStateException("cleanup of 1 failed");
    ChunkTask<Integer> task = chunk -> {
      workers.record();
      int id = chunk.id();
      trail.add("start " + id);
      switch (id) {
        case 0 -> {
          Workers.await(chunk1Started, "chunk 1 to start");
          trail.add("fail 0");
          throw boom;
        }
        case 1 -> {
          chunk1Started.countDown();
          try {
            Workers.blockUntilInterrupted();
            trail.add("not cancelled 1");
          } catch (InterruptedException e) {
            trail.add("cancelled 1");
            if (secondRealFailure) {
              throw second;
            }
            throw e;
          }
        }
        default -> trail.add("ran " + id);
      }
    };
    var e = assertThrows(ChunkFailedException.class,
        () -> Processor.of(kind).run("cancel-stash", Workers.singletons(10), WorkerCount.of(2),
            task));
    workers.assertAllTerminated();

    assertEquals(0, e.chunkId());
    assertEquals("cancel-stash", e.name());
    assertTrue(Workers.message(e).contains("cancel-stash"), Workers.message(e));
    assertTrue(Workers.message(e).contains("chunk 0"), Workers.message(e));
    assertSame(boom, Workers.cause(e));
    if (secondRealFailure) {
      assertEquals(1, e.getSuppressed().length, () -> Arrays.toString(e.getSuppressed()));
      assertSame(second, e.getSuppressed()[0]);
    } else {
      assertEquals(0, e.getSuppressed().length,
          () -> "cancellation reported: " + Arrays.toString(e.getSuppressed()));
    }
    trail.assertInOrder("start 0", "fail 0", "cancelled 1");
    trail.assertBefore("start 1", "fail 0");
    trail.assertNone(event -> event.startsWith("start ") && !event.equals("start 0")
        && !event.equals("start 1"), "a chunk started after the failure");
    trail.assertNone(event -> event.startsWith("not cancelled"), "chunk 1 was not cancelled");
    return trail;
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual"})
  void firstFailureCancelsTheOthersAndNoNewChunkStarts(String kind) throws Exception {
    Trail trail = firstFailureScenario(kind, false);
    assertEquals(4, trail.events().size(), trail::toString);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual"})
  void aSecondRealFailureIsSuppressed(String kind) throws Exception {
    firstFailureScenario(kind, true);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual"})
  void firstFailureStress(String kind) throws Exception {
    for (int i = 0; i < STRESS; i++) {
      firstFailureScenario(kind, i % 2 == 1);
    }
  }

  /**
   * Many short chunks, one fails at a random point. Once a chunk has seen the cancellation (its
   * interrupt), the run is stopped: each other worker may still start the one chunk it had already
   * taken, no more.
   */
  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual"})
  void noChunkStartsAfterAFailureStress(String kind) {
    for (int i = 0; i < STRESS; i++) {
      int workerCount = 2 + i % 4;
      int failing = ThreadLocalRandom.current().nextInt(30);
      Trail trail = new Trail();
      Workers workers = new Workers();
      AtomicInteger started = new AtomicInteger();
      AtomicBoolean witness = new AtomicBoolean();
      CountDownLatch witnessBlocked = new CountDownLatch(1);
      var e = assertThrows(ChunkFailedException.class,
          () -> Processor.of(kind).run("stress", Workers.singletons(500),
              WorkerCount.of(workerCount), chunk -> {
                workers.record();
                started.incrementAndGet();
                trail.add("start " + chunk.id());
                if (chunk.id() == failing) {
                  Workers.await(witnessBlocked, "a chunk beside the failing one");
                  throw new IllegalStateException("boom " + failing);
                }
                if (chunk.id() > failing && witness.compareAndSet(false, true)) {
                  // the first chunk after the failing one waits for the cancellation
                  witnessBlocked.countDown();
                  try {
                    Workers.blockUntilInterrupted();
                  } catch (InterruptedException ie) {
                    trail.add("cancelled witness");
                    throw ie;
                  }
                  return;
                }
                try {
                  Thread.sleep(0, 1 + ThreadLocalRandom.current().nextInt(300_000));
                } catch (InterruptedException ie) {
                  trail.add("cancelled " + chunk.id());
                  throw ie;
                }
              }));
      workers.assertAllTerminated();
      assertEquals(failing, e.chunkId());
      assertEquals("boom " + failing, Workers.message(Workers.cause(e)));
      assertEquals(0, e.getSuppressed().length, () -> Arrays.toString(e.getSuppressed()));
      // the witness, running beside the failing chunk, always sees the cancellation
      int cancelledAt = trail.indexOf("cancelled witness");
      long after = trail.countAfter(cancelledAt, event -> event.startsWith("start "));
      // a worker that had passed the "not stopped" check just before the stop may still start
      // its chunk: at most one per other worker, never one more after that
      assertTrue(after <= workerCount - 2,
          () -> after + " chunks started after the cancellation with " + workerCount
              + " workers: " + trail);
      assertTrue(started.get() < 500, "every chunk ran");
    }
  }

  /**
   * A worker that is reading the next chunk when the run stops (a failure elsewhere) does not start
   * the chunk it took: a chunk starts only if the run is not stopped, checked after taking it.
   */
  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual"})
  void aChunkTakenWhileTheRunStopsDoesNotStart(String kind) throws Exception {
    Trail trail = new Trail();
    CountDownLatch reading2 = new CountDownLatch(1);
    Iterator<Chunk<Integer>> source = new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < 4;
      }

      @Override
      public Chunk<Integer> next() {
        int id = next++;
        if (id == 2) {
          // reading chunk 2 takes until the run is cancelled, and ignores the interrupt
          reading2.countDown();
          boolean interrupted = false;
          while (!interrupted) {
            try {
              Workers.blockUntilInterrupted();
              break;
            } catch (InterruptedException e) {
              interrupted = true;
            }
          }
          trail.add("read 2 after the cancellation");
          Thread.currentThread().interrupt();
        }
        return new Chunk<>(id, List.of(id));
      }
    };
    Stream<Chunk<Integer>> chunks = StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(source, Spliterator.ORDERED), false);
    var e = assertThrows(ChunkFailedException.class,
        () -> Processor.of(kind).run("taken-late", chunks, WorkerCount.of(2), chunk -> {
          trail.add("start " + chunk.id());
          if (chunk.id() == 0) {
            Workers.await(reading2, "chunk 2 to be read");
            throw new IllegalStateException("boom 0");
          }
        }));
    assertEquals(0, e.chunkId());
    trail.assertBefore("start 0", "read 2 after the cancellation");
    trail.assertBefore("start 1", "read 2 after the cancellation");
    trail.assertNone(event -> event.equals("start 2") || event.equals("start 3"),
        "a chunk started after the run stopped");
  }

  /** Every worker blocks until cancelled, then one fails: all are cancelled, none reported. */
  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual"})
  void allBlockedChunksAreCancelled(String kind) throws Exception {
    for (int i = 0; i < 50; i++) {
      int workerCount = 8;
      CountDownLatch allStarted = new CountDownLatch(workerCount);
      AtomicInteger cancelled = new AtomicInteger();
      Workers workers = new Workers();
      var e = assertThrows(ChunkFailedException.class,
          () -> Processor.of(kind).run("all", Workers.singletons(100), WorkerCount.of(workerCount),
              chunk -> {
                workers.record();
                allStarted.countDown();
                if (chunk.id() == workerCount - 1) {
                  Workers.await(allStarted, "all workers to start");
                  throw new IllegalStateException("last one");
                }
                try {
                  Workers.blockUntilInterrupted();
                } catch (InterruptedException ie) {
                  cancelled.incrementAndGet();
                  throw ie;
                }
              }));
      workers.assertAllTerminated();
      assertEquals(workerCount - 1, e.chunkId());
      assertEquals(workerCount - 1, cancelled.get());
      assertEquals(0, e.getSuppressed().length, () -> Arrays.toString(e.getSuppressed()));
    }
  }
}
