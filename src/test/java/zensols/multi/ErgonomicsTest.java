package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zensols.multi.stash.DirectoryStash;
import zensols.multi.stash.MemoryStash;
import zensols.multi.stash.Codec;

/**
 * Issue 11, items 2 and 3: reading a robust stash's good values and failures without try/catch,
 * the report's counts, a factory that returns null, a delegate that cannot be written, progress
 * per item, a listener that throws, removing a listener, the progress interval and the grammar of
 * the log lines.
 */
class ErgonomicsTest {

  private static final MultiProcessConfig ONE_CHUNK =
      new MultiProcessConfig(0, WorkerCount.of(1), Processor.single());

  private static StashFactory<String> failingOn(Set<String> keys, String bad) {
    return StashFactory.of(keys, key -> {
      if (key.equals(bad)) {
        throw new IOException("cannot create " + key);
      }
      return "value of " + key;
    });
  }

  // ---- item 2: failure ergonomics ----

  @Test
  void goodValuesAndFailuresAreReadWithoutTryCatch() {
    MemoryStash<String> delegate = new MemoryStash<>();
    MultiProcessRobustStash<String> stash =
        MultiProcess.robustStash("r", delegate, failingOn(Set.of("a", "b", "c"), "b")).build();
    assertEquals(3, stash.size(), "size() counts the failed key");
    assertThrows(ItemFailedException.class, () -> stash.values().toList());
    assertEquals(Set.of("a", "c"), stash.goodKeys());
    assertEquals(List.of("value of a", "value of c"), stash.goodValues().toList());
    assertEquals(List.of(Map.entry("a", "value of a"), Map.entry("c", "value of c")),
        stash.goodItems().toList());
    assertEquals(List.of("b"), stash.iterFailures().stream().map(Failure::key).toList());
  }

  @Test
  void theReportCountsComputedPresentAndFailed() {
    MemoryStash<String> delegate = new MemoryStash<>();
    delegate.dump("a", "value of a"); // already present
    MultiProcessRobustStash<String> stash =
        MultiProcess.robustStash("r", delegate, failingOn(Set.of("a", "b", "c", "d"), "b"))
            .build();
    stash.prime();
    ProcessReport report = stash.lastReport().orElseThrow();
    assertEquals(3, report.items(), report::toString);
    assertEquals(2, report.itemsComputed(), report::toString);
    assertEquals(1, report.itemsPresent(), report::toString);
    assertEquals(1, report.itemsFailed(), report::toString);
  }

  @Test
  void aFactoryThatReturnsNullFailsFastNamingTheKeyAndIsNotRecorded() {
    MemoryStash<Failure> failures = new MemoryStash<>();
    AtomicInteger created = new AtomicInteger();
    @SuppressWarnings("NullAway") // the broken factory under test
    StashFactory<String> broken = StashFactory.of(Set.of("a", "b", "c", "d"), key -> {
      created.incrementAndGet();
      return null;
    });
    MultiProcessRobustStash<String> stash =
        MultiProcess.robustStash("nulls", new MemoryStash<>(), broken)
            .config(ONE_CHUNK).failures(failures).build();
    ChunkFailedException e = assertThrows(ChunkFailedException.class, stash::prime);
    Throwable cause = Workers.cause(e);
    assertInstanceOf(NullPointerException.class, cause);
    assertTrue(Messages.of(cause).contains("key \"a\""), Messages.of(cause));
    assertEquals(1, created.get(), "failed at the first key, not once per key");
    assertEquals(Set.of(), failures.keys(), "not recorded as an item's failure");
  }

  /** A delegate that says it cannot be written: the prime fails before the data is created. */
  @Test
  void aDelegateThatCannotBeWrittenFailsThePrimeBeforeAnyWork() {
    AtomicInteger dataCreated = new AtomicInteger();
    zensols.multi.stash.DelegateStash<String> readOnly =
        new zensols.multi.stash.DelegateStash<>(new MemoryStash<>()) {
          @Override
          public void checkWritable() {
            throw new UncheckedIOException(new IOException("read-only for the test"));
          }
        };
    MultiProcessStash<Integer, String> stash =
        MultiProcess.<Integer, String>stash("ro", readOnly, () -> {
          dataCreated.incrementAndGet();
          return Stream.of(1, 2);
        }).processItem(i -> Map.entry("k" + i, "v")).build();
    PrimeFailedException e = assertThrows(PrimeFailedException.class, stash::prime);
    assertTrue(Messages.of(e).contains("'ro'") && Messages.of(e).contains("cannot be written"),
        Messages.of(e));
    assertEquals(0, dataCreated.get(), "no work before the check");
  }

  @Test
  void aDirectoryStashBlockedByAFileFailsTheCheckNamingIt(@TempDir Path tmp) throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    DirectoryStash<String> stash = new DirectoryStash<>(file.resolve("stash"), Codec.serializable(String.class));
    UncheckedIOException e = assertThrows(UncheckedIOException.class, stash::checkWritable);
    assertTrue(Messages.of(java.util.Objects.requireNonNull(e.getCause())).contains(file.toString()), Messages.of(java.util.Objects.requireNonNull(e.getCause())));
    new DirectoryStash<>(tmp.resolve("new").resolve("stash"), Codec.serializable(String.class)).checkWritable();
    assertFalse(Files.exists(tmp.resolve("new")), "the check creates nothing");
  }

  // ---- item 3: progress ----

  /** With one chunk of five items, progress is heard as each item completes. */
  @Test
  void progressAdvancesPerItemWithinAChunk() {
    AtomicLong heard = new AtomicLong();
    List<Long> seenByItem = new CopyOnWriteArrayList<>();
    MultiProcessStash<Integer, Integer> stash =
        MultiProcess.<Integer, Integer>stash("items", new MemoryStash<>(),
                () -> IntStream.range(0, 5).boxed())
            .processItem(i -> {
              seenByItem.add(heard.get());
              return Map.entry("k" + i, i);
            })
            .config(ONE_CHUNK)
            .progressListener(new ProgressListener() {
              @Override
              public void itemsDone(String name, long done, OptionalLong total) {
                heard.set(done);
              }
            })
            .build();
    stash.prime();
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L), seenByItem, "before item i, i items were done");
    assertEquals(5, heard.get());
  }

  @Test
  void factoryStashProgressAdvancesPerKey() {
    AtomicLong heard = new AtomicLong();
    List<Long> seenByKey = new ArrayList<>();
    StashFactory<String> factory = StashFactory.of(Set.of("a", "b", "c"), key -> {
      seenByKey.add(heard.get());
      return key;
    });
    MultiProcessFactoryStash<String> stash =
        MultiProcess.factoryStash("keys", new MemoryStash<>(), factory).config(ONE_CHUNK).build();
    stash.addProgressListener(new ProgressListener() {
      @Override
      public void itemsDone(String name, long done, OptionalLong total) {
        heard.set(done);
      }
    });
    stash.prime();
    assertEquals(List.of(0L, 1L, 2L), seenByKey);
    assertEquals(3, heard.get());
  }

  @Test
  void aListenerThatThrowsIsLoggedNotAFailedChunk() {
    AtomicInteger calls = new AtomicInteger();
    RangeStash stash = new RangeStash(4, new MemoryStash<>(), ONE_CHUNK);
    stash.addProgressListener(new ProgressListener() {
      @Override
      public void itemsDone(String name, long done, OptionalLong total) {
        calls.incrementAndGet();
        throw new IllegalArgumentException("listener bug");
      }
    });
    stash.prime();
    assertEquals(4, stash.lastReport().orElseThrow().items(), "the prime succeeded");
    assertTrue(calls.get() >= 1, "the listener was called");
  }

  @Test
  void aThrowingListenerDoesNotStopTheOthers() {
    List<String> lines = new ArrayList<>();
    List<Long> heard = new ArrayList<>();
    ProgressListener throwing = new ProgressListener() {
      @Override
      public void itemsDone(String name, long done, OptionalLong total) {
        throw new IllegalStateException("bug");
      }
    };
    ProgressListener counting = new ProgressListener() {
      @Override
      public void itemsDone(String name, long done, OptionalLong total) {
        heard.add(done);
      }
    };
    ProgressLog log = new ProgressLog("p", List.of(throwing, counting), 0, lines::add);
    log.total(3);
    ProgressLog.ChunkProgress chunk = log.started(new Chunk<>(0, List.of(1, 2, 3)));
    chunk.itemDone();
    chunk.itemDone();
    log.finished(chunk);
    assertEquals(List.of(1L, 2L, 3L), heard);
    assertEquals(3, lines.size(), "interval 0: a line per item: " + lines);
    assertTrue(lines.get(0).startsWith("stash 'p': 1/3 items (33%)"), lines.get(0));
  }

  @Test
  void aRemovedListenerHearsNothing() {
    AtomicInteger calls = new AtomicInteger();
    ProgressListener listener = new ProgressListener() {
      @Override
      public void chunkStarted(String name, int chunkId, int items) {
        calls.incrementAndGet();
      }
    };
    RangeStash stash = new RangeStash(4, new MemoryStash<>(), ONE_CHUNK);
    stash.addProgressListener(listener);
    assertTrue(stash.removeProgressListener(listener));
    assertFalse(stash.removeProgressListener(listener));
    stash.prime();
    assertEquals(0, calls.get());
  }

  @Test
  void theProgressIntervalIsSetOnTheStashAndTheBuilders() {
    MultiProcessStash<Integer, Integer> stash =
        MultiProcess.<Integer, Integer>stash("every", new MemoryStash<>(),
                () -> IntStream.range(0, 3).boxed())
            .processItem(i -> Map.entry("k" + i, i))
            .config(ONE_CHUNK)
            .progressInterval(Duration.ZERO)
            .build();
    assertEquals(Duration.ZERO, stash.progressInterval());
    RangeStash range = new RangeStash(1, new MemoryStash<>(), ONE_CHUNK);
    assertEquals(MultiProcessStash.DEFAULT_PROGRESS_INTERVAL, range.progressInterval());
    range.setProgressInterval(Duration.ofMillis(250));
    assertEquals(Duration.ofMillis(250), range.progressInterval());
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> range.setProgressInterval(Duration.ofSeconds(-1)));
    assertTrue(Messages.of(negative).contains("PT-1S"), Messages.of(negative));
    assertThrows(IllegalArgumentException.class,
        () -> MultiProcess.factoryStash("f", new MemoryStash<String>(),
            StashFactory.of(Set.of("a"), k -> k)).progressInterval(Duration.ofSeconds(-1)));
  }

  @Test
  void aLineIsLoggedNoMoreOftenThanTheInterval() {
    List<String> lines = new ArrayList<>();
    ProgressLog log = new ProgressLog("p", List.of(), Duration.ofHours(1).toNanos(), lines::add);
    log.total(3);
    ProgressLog.ChunkProgress chunk = log.started(new Chunk<>(0, List.of(1, 2, 3)));
    chunk.itemDone();
    chunk.itemDone();
    log.finished(chunk);
    assertEquals(List.of(), lines);
  }

  @Test
  void logLinesSayOneChunkOneItemOneThread() {
    RangeStash stash = new RangeStash(1, new MemoryStash<>(), ONE_CHUNK);
    stash.prime();
    String line = MultiProcessStash.primedLine("one", stash.lastReport().orElseThrow());
    assertTrue(line.startsWith("stash 'one': primed 1 item in 1 chunk in "), line);
    assertTrue(line.endsWith(": 1 computed, 0 already present, 0 failed"), line);
    ProgressLog log = new ProgressLog("p", List.of(), 0);
    log.total(1);
    String progress = log.line(1, System.nanoTime());
    assertTrue(progress.startsWith("stash 'p': 1/1 item (100%)"), progress);
    assertEquals("1 thread", ProgressLog.count(1, "thread"));
    assertEquals("1 chunk", ProgressLog.count(1, "chunk"));
    assertEquals("2 threads", ProgressLog.count(2, "thread"));
    assertEquals("0 items", ProgressLog.count(0, "item"));
  }
}
