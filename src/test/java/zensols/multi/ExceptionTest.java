package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a failed run throws: the chunk, the cause, what is suppressed, and what is not. */
class ExceptionTest {

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void aCheckedExceptionIsTheCauseAndTheChunkIsNamed(String kind) {
    IOException io = new IOException("disk gone");
    Workers workers = new Workers();
    var e = assertThrows(ChunkFailedException.class,
        () -> Processor.of(kind).run("named", Workers.singletons(7), WorkerCount.of(1), chunk -> {
          workers.record();
          if (chunk.id() == 4) {
            throw io;
          }
        }));
    workers.assertAllTerminated();
    assertEquals(4, e.chunkId());
    assertEquals("named", e.name());
    assertSame(io, Workers.cause(e));
    assertTrue(Workers.message(e).contains("'named'") && Workers.message(e).contains("chunk 4")
        && Workers.message(e).contains("disk gone"), Workers.message(e));
    assertInstanceOf(ProcessException.class, e);
  }

  /** Several chunks fail at the same time: one is the cause, the others are suppressed. */
  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual"})
  void simultaneousFailuresAreOneCauseAndSuppressedOthers(String kind) {
    for (int run = 0; run < 200; run++) {
      int n = 3;
      CountDownLatch ready = new CountDownLatch(n);
      Workers workers = new Workers();
      var e = assertThrows(ChunkFailedException.class,
          () -> Processor.of(kind).run("many", Workers.singletons(n), WorkerCount.of(n), chunk -> {
            workers.record();
            ready.countDown();
            Workers.await(ready, "all chunks to start"); // an interrupt here is a cancellation
            throw new IllegalStateException("boom " + chunk.id());
          }));
      workers.assertAllTerminated();
      assertEquals("boom " + e.chunkId(), Workers.message(Workers.cause(e)));
      Set<String> messages = new HashSet<>();
      messages.add(Workers.message(Workers.cause(e)));
      for (Throwable s : e.getSuppressed()) {
        assertInstanceOf(IllegalStateException.class, s, "a cancellation was suppressed");
        assertTrue(messages.add(Workers.message(s)), "reported twice: " + s);
      }
      assertTrue(e.getSuppressed().length <= n - 1, Arrays.toString(e.getSuppressed()));
    }
  }

  private static int depth(int n) {
    if (n == Integer.MAX_VALUE) {
      return n;
    }
    return depth(n + 1) + 1;
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void anErrorCancelsEverythingAndLeaksNoThread(String kind) throws Exception {
    CountDownLatch othersStarted = new CountDownLatch(kind.equals("single") ? 0 : 2);
    AtomicInteger cancelled = new AtomicInteger();
    Workers workers = new Workers();
    var e = assertThrows(ChunkFailedException.class,
        () -> Processor.of(kind).run("overflow", Workers.singletons(20), WorkerCount.of(3),
            chunk -> {
              workers.record();
              if (chunk.id() == 0) {
                Workers.await(othersStarted, "the other chunks to start");
                depth(0);
              }
              othersStarted.countDown();
              try {
                Workers.blockUntilInterrupted();
              } catch (InterruptedException ie) {
                cancelled.incrementAndGet();
                throw ie;
              }
            }));
    workers.assertAllTerminated();
    Workers.assertNoLiveWorkers("overflow");
    assertInstanceOf(StackOverflowError.class, Workers.cause(e));
    assertEquals(0, e.chunkId());
    assertEquals(0, e.getSuppressed().length);
    assertEquals(kind.equals("single") ? 0 : 2, cancelled.get());
  }

  /** Items 0..n-1 whose source throws when item {@code failAt} is read. */
  private static Stream<Integer> failingData(int n, int failAt) {
    Iterator<Integer> items = new Iterator<>() {
      int next;

      @Override
      public boolean hasNext() {
        return next < n;
      }

      @Override
      public Integer next() {
        if (next == failAt) {
          throw new UncheckedIOException(new IOException("read failed at " + failAt));
        }
        return next++;
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED),
        false);
  }

  /** The data fails while the workers read it (after the first chunks were handed out). */
  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void aFailingDataStreamFailsTheRun(String kind) {
    for (int failAt : new int[] {0, 1, 5, 17, 99}) {
      Workers workers = new Workers();
      AtomicInteger processed = new AtomicInteger();
      var e = assertThrows(ChunkFailedException.class,
          () -> Processor.of(kind).run("data", Chunking.chunks(failingData(100, failAt), 1, 2),
              WorkerCount.of(2), chunk -> {
                workers.record();
                processed.incrementAndGet();
              }),
          "fail at " + failAt);
      workers.assertAllTerminated();
      Workers.assertNoLiveWorkers("data");
      assertInstanceOf(UncheckedIOException.class, Workers.cause(e));
      assertTrue(Workers.message(Workers.cause(e)).contains("read failed at " + failAt));
      assertEquals(failAt, e.chunkId(), "the chunk being read when the data failed");
      assertTrue(processed.get() <= failAt, "chunks after the failure ran");
    }
  }

  /**
   * The data fails while the caller hands out the first chunks, and a chunk already handed out
   * waits until it is cancelled: the failure cancels it.
   */
  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual"})
  void aFailingDataStreamCancelsTheChunksInFlight(String kind) {
    Workers workers = new Workers();
    Trail trail = new Trail();
    var e = assertThrows(ChunkFailedException.class,
        () -> Processor.of(kind).run("data-inflight",
            Chunking.chunks(failingData(100, 1), 1, 4), WorkerCount.of(4), chunk -> {
              workers.record();
              trail.add("start " + chunk.id());
              try {
                Workers.blockUntilInterrupted();
                trail.add("not cancelled " + chunk.id());
              } catch (InterruptedException ie) {
                trail.add("cancelled " + chunk.id());
                throw ie;
              }
            }));
    workers.assertAllTerminated();
    assertEquals(1, e.chunkId());
    assertInstanceOf(UncheckedIOException.class, Workers.cause(e));
    assertEquals(0, e.getSuppressed().length, () -> Arrays.toString(e.getSuppressed()));
    trail.assertNone(event -> event.startsWith("not cancelled"), "a chunk was not cancelled");
    assertFalse(trail.contains("start 1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void itemsProcessedBeforeTheFailureStayProcessed(String kind) {
    List<Integer> stored = Collections.synchronizedList(new ArrayList<>());
    assertThrows(ChunkFailedException.class,
        () -> Processor.of(kind).run("partial", Workers.singletons(10), WorkerCount.of(1),
            chunk -> {
              if (chunk.id() == 6) {
                throw new IllegalStateException("boom");
              }
              stored.add(chunk.id());
            }));
    assertEquals(List.of(0, 1, 2, 3, 4, 5), stored);
  }
}
