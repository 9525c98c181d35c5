package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import zensols.multi.internal.TaskScopes;
import zensols.multi.stash.MemoryStash;

/**
 * A prime recorded with JDK Flight Recorder: one {@code zensols.multi.Prime} event per prime that
 * runs the work and one {@code zensols.multi.Chunk} per chunk, with their fields.
 */
class JfrEventsTest {
  @TempDir Path dir;

  /** Data 0..n-1; each chunk stored under its first item. */
  private static final class Range extends MultiProcessStash<Integer, List<Integer>> {
    private final int n;

    Range(String name, int n, MultiProcessConfig config) {
      super(name, new MemoryStash<>(), config);
      this.n = n;
    }

    @Override
    protected java.util.stream.Stream<Integer> createData() {
      return IntStream.range(0, n).boxed();
    }

    @Override
    protected Iterable<java.util.Map.Entry<String, List<Integer>>> process(List<Integer> chunk) {
      return List.of(java.util.Map.entry(Integer.toString(chunk.get(0)), chunk));
    }
  }

  /** Runs {@code action} under a recording of the library's events; the events of {@code stash}. */
  private List<RecordedEvent> record(String stash, Callable<?> action) throws Exception {
    Path file = dir.resolve(stash + ".jfr");
    try (Recording recording = new Recording()) {
      recording.enable("zensols.multi.Prime");
      recording.enable("zensols.multi.Chunk");
      recording.start();
      try {
        action.call();
      } finally {
        recording.stop();
        recording.dump(file);
      }
    }
    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    Files.delete(file);
    return events.stream().filter(e -> stash.equals(e.getString("stash"))).toList();
  }

  private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
    return events.stream()
        .filter(e -> e.getEventType().getName().equals(name))
        .sorted(Comparator.comparingInt(e -> e.getInt("chunkId")))
        .toList();
  }

  private static List<RecordedEvent> primes(List<RecordedEvent> events) {
    return events.stream()
        .filter(e -> e.getEventType().getName().equals("zensols.multi.Prime"))
        .toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void aPrimeRecordsOnePrimeEventAndOneEventPerChunk(String kind) throws Exception {
    String name = "jfr-" + kind;
    MultiProcessConfig config = new MultiProcessConfig(3, WorkerCount.of(2), Processor.of(kind));
    Range stash = new Range(name, 10, config);
    List<RecordedEvent> events = record(name, () -> {
      stash.prime();
      return null;
    });
    ProcessReport report = stash.lastReport().orElseThrow();
    String backend = kind.equals("single") ? "caller" : TaskScopes.factory().backend();
    assertEquals(backend, report.backend());

    List<RecordedEvent> chunks = named(events, "zensols.multi.Chunk");
    assertEquals(4, chunks.size(), events::toString);
    for (int i = 0; i < 4; i++) {
      RecordedEvent chunk = chunks.get(i);
      assertEquals(i, chunk.getInt("chunkId"));
      assertEquals(i < 3 ? 3 : 1, chunk.getInt("items"));
      assertEquals("succeeded", chunk.getString("outcome"));
      assertNull(chunk.getString("failure"));
      assertTrue(!chunk.getDuration().isNegative(), chunk::toString);
      String thread = chunk.getThread().getJavaName();
      assertTrue(kind.equals("single") ? thread.equals(Thread.currentThread().getName())
          : thread.startsWith(name), thread);
      assertEquals(List.of("zensols.multi", "Chunks"), chunk.getEventType().getCategoryNames());
      assertEquals("Chunk", chunk.getEventType().getLabel());
    }

    List<RecordedEvent> primes = primes(events);
    assertEquals(1, primes.size(), events::toString);
    RecordedEvent prime = primes.get(0);
    assertEquals(kind, prime.getString("processor"));
    assertEquals(backend, prime.getString("backend"));
    assertEquals(2, prime.getInt("workers"));
    assertEquals("3", prime.getString("chunkSize"));
    assertEquals(4, prime.getInt("chunks"));
    assertEquals(10, prime.getLong("itemsComputed"));
    assertEquals(0, prime.getLong("itemsPresent"));
    assertEquals(0, prime.getLong("itemsFailed"));
    assertEquals("succeeded", prime.getString("outcome"));
    assertEquals(List.of("zensols.multi", "Primes"), prime.getEventType().getCategoryNames());
    assertEquals("Prime", prime.getEventType().getLabel());
    assertTrue(prime.getEventType().getDescription().contains("prime"));
    // the prime spans its chunks
    for (RecordedEvent chunk : chunks) {
      assertTrue(!chunk.getStartTime().isBefore(prime.getStartTime())
          && !chunk.getEndTime().isAfter(prime.getEndTime()), chunk::toString);
    }
    // primed: a second access runs no work and records nothing
    assertEquals(List.of(), record(name, () -> stash.keys()));
  }

  @Test
  void aRobustPrimeRecordsPresentAndFailedItemsWithAuto() throws Exception {
    CountingFactory factory = new CountingFactory(50);
    factory.failing.addAll(List.of("3", "30"));
    MemoryStash<String> delegate = new MemoryStash<>();
    IntStream.range(40, 50).forEach(i -> delegate.dump(Integer.toString(i), "value-" + i));
    MultiProcessRobustStash<String> stash = new MultiProcessRobustStash<>("jfr-robust", delegate,
        factory, new MultiProcessConfig(ChunkSize.auto(), WorkerCount.of(2), Processor.pool()));
    List<RecordedEvent> events = record("jfr-robust", () -> stash.keys());
    RecordedEvent prime = primes(events).get(0);
    assertEquals("auto", prime.getString("chunkSize"));
    assertEquals(40, prime.getLong("itemsComputed"));
    assertEquals(10, prime.getLong("itemsPresent"));
    assertEquals(2, prime.getLong("itemsFailed"));
    assertEquals("succeeded", prime.getString("outcome"));
    List<RecordedEvent> chunks = named(events, "zensols.multi.Chunk");
    assertEquals(prime.getInt("chunks"), chunks.size());
    assertEquals(40, chunks.stream().mapToInt(e -> e.getInt("items")).sum());
    assertEquals(IntStream.range(0, chunks.size()).boxed().toList(),
        chunks.stream().map(e -> e.getInt("chunkId")).toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "single"})
  void aFailedPrimeRecordsItsOutcomeAndTheFailedChunk(String kind) throws Exception {
    String name = "jfr-failing-" + kind;
    MultiProcessStash<Integer, String> stash =
        new MultiProcessStash<>(name, new MemoryStash<>(),
            new MultiProcessConfig(1, WorkerCount.of(1), Processor.of(kind))) {
          @Override
          protected java.util.stream.Stream<Integer> createData() {
            return java.util.stream.Stream.of(1, 2, 3);
          }

          @Override
          protected Iterable<java.util.Map.Entry<String, String>> process(List<Integer> chunk) {
            if (chunk.get(0) == 2) {
              throw new IllegalStateException("item 2");
            }
            return List.of(java.util.Map.entry(chunk.get(0).toString(), "v"));
          }
        };
    List<RecordedEvent> events = record(name, () -> assertThrows(ChunkFailedException.class,
        stash::prime));
    RecordedEvent prime = primes(events).get(0);
    assertEquals("failed", prime.getString("outcome"));
    assertEquals(ChunkFailedException.class.getName(), prime.getString("failure"));
    List<RecordedEvent> chunks = named(events, "zensols.multi.Chunk");
    assertEquals("succeeded", chunks.get(0).getString("outcome"));
    assertEquals(1, chunks.get(1).getInt("chunkId"));
    assertEquals("failed", chunks.get(1).getString("outcome"));
    assertEquals(IllegalStateException.class.getName(), chunks.get(1).getString("failure"));
  }

  @Test
  void withoutARecordingNothingIsRecordedAndPrimesWork() throws IOException {
    Range stash = new Range("jfr-off", 100,
        new MultiProcessConfig(ChunkSize.auto(), WorkerCount.of(2), Processor.pool()));
    assertEquals(100, stash.values().mapToInt(List::size).sum());
  }
}
