package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import zensols.multi.stash.MemoryStash;
import zensols.multi.stash.ReadOnlyStash;

/**
 * Behaviour pinned after review: a socket timeout is a failure, not an interrupt; failures of
 * reading the data are chunk failures whatever the chunk size; an interrupt is prompt while a
 * worker reads the data; a failed reprocess or clear loses nothing.
 */
class ReviewRegressionTest {

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  private static RuntimeException socketTimeout() {
    return new UncheckedIOException(new SocketTimeoutException("Read timed out"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void aSocketTimeoutIsAFailureNotAnInterrupt(String kind) {
    ChunkFailedException e =
        assertThrows(ChunkFailedException.class,
            () -> Processor.of(kind).run("timeouts",
                Chunking.chunks(Stream.of(1, 2, 3), 1, 1), WorkerCount.of(1),
                chunk -> {
                  throw socketTimeout();
                }));
    assertInstanceOf(UncheckedIOException.class, e.getCause());
    assertFalse(Thread.currentThread().isInterrupted(), "nobody interrupted the caller");
  }

  @Test
  void aRobustStashRecordsASocketTimeoutAsAFailure() {
    MultiProcessRobustStash<String> stash =
        new MultiProcessRobustStash<>("robust", new MemoryStash<>(), new Flaky("1"),
            new MultiProcessConfig(1, WorkerCount.of(2), Processor.pool()));
    assertEquals(3, stash.size());
    assertEquals(List.of("1"), stash.iterFailures().stream().map(Failure::key).toList());
    assertTrue(stash.iterFailures().get(0).stackTrace().contains("SocketTimeoutException"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void failingToCreateTheDataIsAChunkFailureNamingTheStash(int chunkSize) {
    MultiProcessStash<Integer, Integer> stash =
        new MultiProcessStash<>("no-data", new MemoryStash<>(),
            new MultiProcessConfig(chunkSize, WorkerCount.of(2), Processor.pool())) {
          @Override
          protected Stream<Integer> createData() {
            throw new IllegalStateException("the corpus is gone");
          }

          @Override
          protected Iterable<Map.Entry<String, Integer>> process(List<Integer> chunk) {
            return List.of();
          }
        };
    ChunkFailedException e = assertThrows(ChunkFailedException.class, stash::prime);
    assertEquals("no-data", e.name());
    assertEquals("the corpus is gone", Messages.of(java.util.Objects.requireNonNull(e.getCause())));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void failingToReadTheDataIsAChunkFailureNamingTheStash(int chunkSize) {
    ChunkFailedException e =
        assertThrows(ChunkFailedException.class,
            () -> new RangeLike(chunkSize, IntStream.range(0, 10).boxed().map(i -> {
              if (i == 5) {
                throw new IllegalStateException("item 5 is unreadable");
              }
              return i;
            })).prime());
    assertEquals("range-like", e.name());
    assertInstanceOf(IllegalStateException.class, e.getCause());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual"})
  void anInterruptIsPromptWhileAWorkerReadsTheData(String kind) throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    Iterator<Integer> slow =
        new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public Integer next() {
            if (next == 1) {
              reading.countDown();
              try {
                Thread.sleep(Workers.LONG.toMillis()); // a slow source, interruptible
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("read interrupted", e);
              }
            }
            return next++;
          }
        };
    Stream<Integer> data =
        StreamSupport.stream(Spliterators.spliteratorUnknownSize(slow, Spliterator.ORDERED), false);
    AtomicReference<@Nullable Throwable> thrown = new AtomicReference<>();
    Thread caller =
        Thread.ofPlatform().start(() -> {
          try {
            Processor.of(kind).run("slow-read", Chunking.chunks(data, 1, 1), WorkerCount.of(1),
                chunk -> { });
          } catch (Throwable t) { // NOPMD: recorded for the assertions
            thrown.set(t);
          }
        });
    assertTrue(reading.await(Workers.PROMPTLY.toMillis(), TimeUnit.MILLISECONDS));
    long start = System.nanoTime();
    caller.interrupt();
    caller.join(Workers.LONG.toMillis() / 2);
    assertFalse(caller.isAlive(), "the run waited for the slow read");
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Workers.PROMPTLY) < 0);
    assertInstanceOf(ProcessInterruptedException.class, thrown.get());
  }

  @Test
  void aReprocessThatFailsLeavesTheKeysToBeComputedAgain() {
    CountingFactory factory = new CountingFactory(4);
    factory.failing.add("2");
    MemoryStash<String> delegate = new MemoryStash<>();
    MultiProcessRobustStash<String> stash =
        new MultiProcessRobustStash<>("robust", delegate, factory,
            new MultiProcessConfig(1, WorkerCount.of(1), Processor.single()), true,
            new MemoryStash<>()) {
          private boolean broken = true;

          @Override
          protected Optional<String> loadFromFactory(String key) {
            if (key.equals("2") && !factory.failing.contains("2") && broken) {
              broken = false;
              throw new OutOfMemoryError("simulated: not protected");
            }
            return super.loadFromFactory(key);
          }
        };
    assertEquals(4, stash.size());
    factory.failing.clear();
    assertThrows(ChunkFailedException.class, stash::reprocessFailures);
    assertEquals(Set.of("0", "1", "2", "3"), stash.keys(), "the key is computed again, not lost");
    assertEquals("value-2", stash.load("2").orElseThrow());
  }

  @Test
  void clearingARobustStashClearsTheFailuresEvenWhenTheFactoryRefuses() {
    MemoryStash<Failure> failures = new MemoryStash<>();
    ReadOnlyStash<String> strict = new Flaky("0", true);
    MultiProcessRobustStash<String> stash =
        new MultiProcessRobustStash<>("robust", new MemoryStash<>(), strict,
            MultiProcessConfig.FACTORY_DEFAULT, true, failures);
    assertEquals(3, stash.size());
    assertEquals(1, failures.size());
    assertThrows(UnsupportedOperationException.class, stash::clear);
    assertEquals(0, failures.size());
  }

  /** Keys 0, 1, 2; the failing key times out. */
  private static final class Flaky extends ReadOnlyStash<String> {
    private final String failing;

    Flaky(String failing) {
      this(failing, false);
    }

    Flaky(String failing, boolean strict) {
      super(strict);
      this.failing = failing;
    }

    @Override
    public Optional<String> load(String key) {
      if (key.equals(failing)) {
        throw socketTimeout();
      }
      return Optional.of("v" + key);
    }

    @Override
    public boolean exists(String key) {
      return keys().contains(key);
    }

    @Override
    public Set<String> keys() {
      return Set.of("0", "1", "2");
    }
  }

  /** A stash over the given data, each item under its own key. */
  private static final class RangeLike extends MultiProcessStash<Integer, Integer> {
    private final Stream<Integer> data;

    RangeLike(int chunkSize, Stream<Integer> data) {
      super("range-like", new MemoryStash<>(),
          new MultiProcessConfig(chunkSize, WorkerCount.of(2), Processor.pool()));
      this.data = data;
    }

    @Override
    protected Stream<Integer> createData() {
      return data;
    }

    @Override
    protected Iterable<Map.Entry<String, Integer>> process(List<Integer> chunk) {
      return chunk.stream().map(i -> Map.entry("k" + i, i)).toList();
    }
  }
}
