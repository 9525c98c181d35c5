package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With {@code chunkSize > 0} the data is read lazily: never further ahead than the chunks in
 * flight need. The data source fails as soon as it is read too far ahead.
 */
class LazinessTest {

  /**
   * Items 0..n-1 that may be read only while {@code read <= (completed + inFlight + 1) * chunkSize}:
   * {@code completed} counts chunks whose task has finished, {@code inFlight} the chunks that may
   * run at once, and the extra chunk allows one look-ahead.
   */
  static final class GuardedSource implements Iterator<Integer> {
    private final int n;
    private final int chunkSize;
    private final int inFlight;
    final AtomicInteger read = new AtomicInteger();
    final AtomicInteger completed = new AtomicInteger();
    final AtomicInteger maxAhead = new AtomicInteger();
    final AtomicReference<@Nullable String> violation = new AtomicReference<>();

    GuardedSource(int n, int chunkSize, int inFlight) {
      this.n = n;
      this.chunkSize = chunkSize;
      this.inFlight = inFlight;
    }

    @Override
    public boolean hasNext() {
      return read.get() < n;
    }

    @Override
    public Integer next() {
      if (read.get() >= n) {
        throw new NoSuchElementException();
      }
      int done = completed.get();
      int r = read.incrementAndGet();
      int allowed = (done + inFlight + 1) * chunkSize;
      maxAhead.accumulateAndGet(r - done * chunkSize, Math::max);
      if (r > allowed) {
        String message = "read item " + r + " with only " + done + " chunks completed (allowed "
            + allowed + ")";
        violation.compareAndSet(null, message);
        throw new IllegalStateException(message);
      }
      return r - 1;
    }

    Stream<Integer> stream() {
      return StreamSupport.stream(
          Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED), false);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "pool, 1, 1", "pool, 4, 1", "pool, 3, 7", "pool, 8, 16",
    "virtual, 1, 1", "virtual, 4, 3", "virtual, 64, 2",
    "single, 1, 1", "single, 4, 5"
  })
  void processorsReadTheDataOnlyAsFarAsTheChunksInFlightNeed(
      String kind, int workers, int chunkSize) {
    int n = 3000 + 7; // not a multiple of most chunk sizes
    GuardedSource source = new GuardedSource(n, chunkSize, workers);
    List<Integer> seen = new ArrayList<>();
    ProcessReport report =
        Processor.of(kind).run("lazy", Chunking.chunks(source.stream(), chunkSize, workers),
            WorkerCount.of(workers), chunk -> {
              if (ThreadLocalRandom.current().nextInt(8) == 0) {
                Thread.yield();
              }
              synchronized (seen) {
                seen.addAll(chunk.data());
              }
              source.completed.incrementAndGet();
            });
    assertEquals(null, source.violation.get());
    assertEquals(n, report.items());
    assertEquals((n + chunkSize - 1) / chunkSize, report.chunks());
    assertEquals(n, seen.size());
    assertEquals(n, seen.stream().distinct().count());
  }

  @Test
  void readingChunksOneByOneReadsOneChunkAhead() {
    int chunkSize = 10;
    GuardedSource source = new GuardedSource(1000, chunkSize, 0);
    Iterator<Chunk<Integer>> chunks = Chunking.chunks(source.stream(), chunkSize, 1).iterator();
    int taken = 0;
    while (chunks.hasNext()) {
      Chunk<Integer> chunk = chunks.next();
      assertEquals(taken, chunk.id());
      taken++;
      int t = taken;
      assertTrue(source.read.get() <= t * chunkSize + 1,
          () -> source.read.get() + " items read for " + t + " chunks");
      source.completed.incrementAndGet();
    }
    assertEquals(100, taken);
    assertEquals(null, source.violation.get());
  }

  @Test
  void theGuardDetectsAnEagerReader() {
    GuardedSource source = new GuardedSource(100, 10, 1);
    // reading everything up front (what chunkSize == 0 does) trips the guard
    try {
      assertEquals(100, source.stream().toList().size());
    } catch (IllegalStateException expected) {
      // the guard
    }
    assertTrue(source.violation.get() != null, "the guard did not notice an eager read");
  }
}
