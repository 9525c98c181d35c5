package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A thread that cannot start ({@code unable to create native thread}, injected through the thread
 * factory) stops the run, accounts for its chunk and fails as a {@link ProcessException} naming
 * the stash.
 */
class ThreadStartFailureTest {

  @ParameterizedTest
  @CsvSource({"pool,false", "virtual,false", "pool,true", "virtual,true"})
  void aThreadThatCannotStartStopsTheRunAndNamesTheStash(String kind, boolean withDeadline)
      throws Exception {
    OutOfMemoryError noThread =
        new OutOfMemoryError("unable to create native thread: possibly out of memory");
    ThreadFactory threads = "pool".equals(kind)
        ? Thread.ofPlatform().daemon(true).name("no-thread-worker-", 0).factory()
        : Thread.ofVirtual().name("no-thread-vworker-", 0).factory();
    AtomicInteger made = new AtomicInteger();
    ThreadFactory failing = task -> {
      if (made.incrementAndGet() == 2) {
        throw noThread;
      }
      return threads.newThread(task);
    };
    Trail trail = new Trail();
    Workers workers = new Workers();
    @Nullable Duration deadline = withDeadline ? Duration.ofSeconds(30) : null;
    Processor processor = "pool".equals(kind)
        ? new PoolProcessor(deadline) : new VirtualProcessor(deadline);
    // caught here, not by assertThrows: JUnit rethrows an OutOfMemoryError as unrecoverable
    Throwable thrown = null;
    try {
      ChunkRun.inThreads(processor, "no-thread", Workers.singletons(40), WorkerCount.of(4),
            chunk -> {
              workers.record();
              trail.add("start " + chunk.id());
              try {
                Workers.blockUntilInterrupted();
                trail.add("not cancelled " + chunk.id());
              } catch (InterruptedException ie) {
                trail.add("cancelled " + chunk.id());
                throw ie;
              }
            }, failing);
    } catch (Throwable t) { // NOPMD: what the test looks at
      thrown = t;
    }
    ChunkFailedException e = assertInstanceOf(ChunkFailedException.class, thrown,
        "not a ChunkFailedException: " + thrown);
    workers.assertAllTerminated();
    assertEquals("no-thread", e.name());
    assertSame(noThread, e.getCause());
    assertEquals(1, e.chunkId(), "the chunk the thread was to run is the one that failed");
    assertTrue(Workers.message(e).contains("no-thread"), Workers.message(e));
    trail.assertNone(event -> event.startsWith("start ") && !event.equals("start 0"),
        "a chunk started after the failure");
    trail.assertNone(event -> event.startsWith("not cancelled"), "chunk 0 was not cancelled");
    assertEquals(2, made.get(), "no thread was asked for after the failure");
  }
}
