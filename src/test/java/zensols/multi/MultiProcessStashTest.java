package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import zensols.multi.stash.Codec;
import zensols.multi.stash.DirectoryStash;
import zensols.multi.stash.MemoryStash;
import zensols.multi.stash.Stash;

/** The original's {@code MultiProcessStash} behaviour, and completion across instances. */
class MultiProcessStashTest {

  private static MultiProcessConfig config(int chunkSize, String processor) {
    return new MultiProcessConfig(chunkSize, WorkerCount.allProcessors(), Processor.of(processor));
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void rangeOfNineInChunksOfThreeHasKeysZeroThreeSix(String processor) {
    RangeStash stash = new RangeStash(9, new MemoryStash<>(), config(3, processor));

    assertEquals(Set.of("0", "3", "6"), stash.keys());
    List<Integer> all = new ArrayList<>();
    for (String key : List.of("0", "3", "6")) {
      all.addAll(stash.load(key).orElseThrow());
    }
    assertEquals(IntStream.range(0, 9).boxed().toList(), all);
    assertEquals(3, stash.size());
    assertEquals(1, stash.createDataCalls.get());
    assertEquals(3, stash.processCalls.get());
    ProcessReport report = stash.lastReport().orElseThrow();
    assertEquals(3, report.chunks());
    assertEquals(9, report.items());
    assertEquals(processor, report.processor());
  }

  @Test
  void evenDivisionMakesAtMostWorkersChunks() {
    RangeStash stash =
        new RangeStash(10, new MemoryStash<>(),
            new MultiProcessConfig(0, WorkerCount.of(3), Processor.pool()));
    // ceil(10 / 3) = 4: chunks 0-3, 4-7, 8-9
    assertEquals(Set.of("0", "4", "8"), stash.keys());
    assertEquals(List.of(8, 9), stash.load("8").orElseThrow());
  }

  @Test
  void primesOnceAndNotAgainWhenTheDelegateIsComplete(@TempDir Path dir) {
    Codec<List<Integer>> codec = Codec.serializable(castList(), "java.util.*");
    RangeStash first = new RangeStash(9, new DirectoryStash<>(dir, codec), config(3, "pool"));
    assertEquals(3, first.size());
    first.keys();
    assertEquals(1, first.createDataCalls.get());

    RangeStash second = new RangeStash(9, new DirectoryStash<>(dir, codec), config(3, "pool"));
    assertEquals(Set.of("0", "3", "6"), second.keys());
    assertEquals(0, second.createDataCalls.get(), "a complete delegate is not primed again");
    assertTrue(second.lastReport().isEmpty());
  }

  @Test
  void aDelegateLeftHalfFilledIsPrimedAgain(@TempDir Path dir) throws Exception {
    Codec<List<Integer>> codec = Codec.serializable(castList(), "java.util.*");
    DirectoryStash<List<Integer>> delegate = new DirectoryStash<>(dir, codec);
    delegate.dump("0", List.of(0, 1, 2)); // a prime killed after its first chunk: no mark
    assertFalse(delegate.isComplete());

    RangeStash stash = new RangeStash(9, new DirectoryStash<>(dir, codec), config(3, "pool"));
    assertEquals(Set.of("0", "3", "6"), stash.keys());
    assertEquals(1, stash.createDataCalls.get());
    assertTrue(delegate.isComplete());
    assertTrue(Files.exists(dir.resolve("6")));
  }

  @Test
  void clearForgetsThePrimeAndTheMark() {
    MemoryStash<List<Integer>> delegate = new MemoryStash<>();
    RangeStash stash = new RangeStash(9, delegate, config(3, "single"));
    assertEquals(3, stash.size());
    assertTrue(delegate.isComplete());

    stash.clear();
    assertFalse(delegate.isComplete());
    assertEquals(0, delegate.size());
    assertEquals(3, stash.size(), "the next access primes again");
    assertEquals(2, stash.createDataCalls.get());
  }

  @Test
  void aFailingChunkFailsThePrimeKeepsEarlierValuesAndIsRetried() {
    MemoryStash<Integer> delegate = new MemoryStash<>();
    List<Integer> seen = new CopyOnWriteArrayList<>();
    boolean[] broken = {true};
    MultiProcessStash<Integer, Integer> stash =
        new MultiProcessStash<>("flaky", delegate, config(1, "single")) {
          @Override
          protected Stream<Integer> createData() {
            return IntStream.range(0, 5).boxed();
          }

          @Override
          protected Iterable<Map.Entry<String, Integer>> process(List<Integer> chunk) {
            int item = chunk.get(0);
            seen.add(item);
            if (item == 3 && broken[0]) {
              throw new IllegalStateException("item 3 is broken");
            }
            return List.of(Map.entry("k" + item, item));
          }
        };

    ChunkFailedException e = assertThrows(ChunkFailedException.class, () -> stash.load("k0"));
    assertEquals("flaky", e.name());
    assertEquals(3, e.chunkId());
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertTrue(Messages.of(e).contains("flaky") && Messages.of(e).contains("chunk 3"), Messages.of(e));
    assertEquals(Set.of("k0", "k1", "k2"), delegate.keys(), "values dumped before stay");
    assertEquals(List.of(0, 1, 2, 3), seen, "the single processor stops at the failing chunk");
    assertFalse(delegate.isComplete());

    broken[0] = false;
    seen.clear();
    assertEquals(5, stash.size());
    assertEquals(List.of(0, 1, 2, 3, 4), seen, "no completion mark: the work runs again");
    assertTrue(delegate.isComplete());
  }

  @Test
  void listenersHearEveryChunk() {
    RangeStash stash = new RangeStash(10, new MemoryStash<>(), config(3, "pool"));
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    List<Long> done = new CopyOnWriteArrayList<>();
    stash.addProgressListener(
        new ProgressListener() {
          @Override
          public void chunkStarted(String name, int chunkId, int items) {
            events.add("start " + chunkId + ":" + items);
          }

          @Override
          public void chunkFinished(String name, int chunkId, int items) {
            events.add("finish " + chunkId + ":" + items);
          }

          @Override
          public void itemsDone(String name, long items, java.util.OptionalLong total) {
            assertEquals(10, total.orElseThrow());
            done.add(items);
          }
        });
    stash.prime();
    assertEquals(8, events.size());
    for (int id = 0; id < 4; id++) {
      int items = id == 3 ? 1 : 3;
      assertTrue(events.indexOf("start " + id + ":" + items)
          < events.indexOf("finish " + id + ":" + items), events::toString);
    }
    assertEquals(10L, Collections.max(done));
  }

  @Test
  void progressLineShowsItemsRateAndEta() {
    ProgressLog log = new ProgressLog("p", List.of(), 0);
    log.total(100);
    String line = log.line(25, System.nanoTime() + 1_000_000_000L);
    assertTrue(line.startsWith("stash 'p': 25/100 items (25%), "), line);
    assertTrue(line.contains("items/s") && line.contains("ETA"), line);
  }

  @Test
  void blankNamesAndNullArgumentsAreRejected() {
    IllegalArgumentException blank =
        assertThrows(IllegalArgumentException.class,
            () -> new MultiProcessFactoryStash<>(" ", new MemoryStash<>(), new MemoryStash<>()));
    assertTrue(Messages.of(blank).contains("\" \""), Messages.of(blank));
    NullPointerException noFactory =
        assertThrows(NullPointerException.class,
            () -> new MultiProcessFactoryStash<String>("x", new MemoryStash<>(), nullStash()));
    assertEquals("factory", Messages.of(noFactory));
  }

  @SuppressWarnings("NullAway")
  private static Stash<String> nullStash() {
    return null;
  }

  @SuppressWarnings("unchecked")
  private static Class<List<Integer>> castList() {
    return (Class<List<Integer>>) (Class<?>) List.class;
  }
}
