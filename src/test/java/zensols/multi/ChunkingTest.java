package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Pins DESIGN.md's chunking rules. */
class ChunkingTest {

  private static void assertChunking(List<Integer> data, int chunkSize, int workers) {
    List<Chunk<Integer>> chunks = Chunking.chunks(data.stream(), chunkSize, workers).toList();
    String where = "n=" + data.size() + " chunkSize=" + chunkSize + " workers=" + workers;

    List<Integer> concatenated = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      Chunk<Integer> chunk = chunks.get(i);
      assertEquals(i, chunk.id(), where);
      assertEquals(chunk.data().size(), chunk.size(), where);
      concatenated.addAll(chunk.data());
    }
    assertEquals(data, concatenated, where);

    if (data.isEmpty()) {
      assertEquals(List.of(), chunks, where);
      return;
    }
    int expectedSize = chunkSize > 0 ? chunkSize : (data.size() + workers - 1) / workers;
    if (chunkSize == 0) {
      assertTrue(chunks.size() <= workers, () -> where + ": " + chunks.size() + " chunks");
    }
    for (int i = 0; i < chunks.size() - 1; i++) {
      assertEquals(expectedSize, chunks.get(i).size(), where + " chunk " + i);
    }
    int last = chunks.get(chunks.size() - 1).size();
    assertTrue(last >= 1 && last <= expectedSize, () -> where + ": last chunk has " + last);
    assertEquals((data.size() + expectedSize - 1) / expectedSize, chunks.size(), where);
  }

  @Test
  void chunksConcatenateToTheInputAndRespectTheSizeRules() {
    qt().withExamples(1500)
        .forAll(lists().of(integers().all()).ofSizeBetween(0, 2000),
            integers().between(0, 300), integers().between(1, 64))
        .checkAssert(ChunkingTest::assertChunking);
  }

  @Test
  void evenDivisionNeverMakesMoreChunksThanWorkers() {
    qt().withExamples(1500)
        .forAll(lists().of(integers().between(0, 9)).ofSizeBetween(0, 2000),
            integers().between(1, 64))
        .checkAssert((data, workers) -> assertChunking(data, 0, workers));
  }

  @Test
  void smallCasesExhaustively() {
    for (int n = 0; n <= 40; n++) {
      List<Integer> data = IntStream.range(0, n).boxed().toList();
      for (int chunkSize = 0; chunkSize <= 12; chunkSize++) {
        for (int workers = 1; workers <= 12; workers++) {
          assertChunking(data, chunkSize, workers);
        }
      }
    }
  }

  @Test
  void examples() {
    List<Integer> ten = IntStream.range(0, 10).boxed().toList();
    assertEquals(List.of(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7), List.of(8, 9)),
        Chunking.chunks(ten.stream(), 4, 99).map(Chunk::data).toList());
    assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7, 8), List.of(9)),
        Chunking.chunks(ten.stream(), 0, 4).map(Chunk::data).toList());
    assertEquals(List.of(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)),
        Chunking.chunks(ten.stream(), 0, 1).map(Chunk::data).toList());
    assertEquals(10, Chunking.chunks(ten.stream(), 0, 64).count());
  }

  @Test
  void noDataGivesNoChunks() {
    for (int chunkSize : new int[] {0, 1, 7}) {
      assertEquals(0, Chunking.chunks(Stream.<Integer>empty(), chunkSize, 3).count());
    }
  }

  @Test
  void negativeChunkSizeIsRejectedNamingTheValue() {
    qt().forAll(integers().between(Integer.MIN_VALUE, -1)).checkAssert(size -> {
      var e = assertThrows(IllegalArgumentException.class,
          () -> Chunking.chunks(Stream.of(1, 2, 3), size, 2));
      assertTrue(Workers.message(e).contains(Integer.toString(size)), Workers.message(e));
      var c = assertThrows(IllegalArgumentException.class, () -> Chunking.checkChunkSize(size));
      assertTrue(Workers.message(c).contains(Integer.toString(size)), Workers.message(c));
    });
  }

  @Test
  void nonPositiveWorkersAreRejected() {
    for (int workers : new int[] {0, -1, Integer.MIN_VALUE}) {
      var e = assertThrows(IllegalArgumentException.class,
          () -> Chunking.chunks(Stream.of(1), 0, workers));
      assertTrue(Workers.message(e).contains(Integer.toString(workers)), Workers.message(e));
    }
  }

  @Test
  void evenChunkSizeIsTheCeiling() {
    qt().forAll(integers().between(0, Integer.MAX_VALUE), integers().between(1, Integer.MAX_VALUE))
        .checkAssert((n, w) -> {
          long expected = ((long) n + w - 1) / w;
          assertEquals(expected, Chunking.evenChunkSize(n, w), () -> n + " / " + w);
        });
    assertThrows(IllegalArgumentException.class, () -> Chunking.evenChunkSize(-1, 1));
    assertThrows(IllegalArgumentException.class, () -> Chunking.evenChunkSize(1, 0));
  }

  @Test
  void closingTheChunksClosesTheData() {
    AtomicBoolean closed = new AtomicBoolean();
    try (Stream<Chunk<Integer>> chunks =
        Chunking.chunks(Stream.of(1, 2, 3).onClose(() -> closed.set(true)), 2, 1)) {
      assertEquals(2, chunks.count());
    }
    assertTrue(closed.get(), "lazy chunking did not close the data");

    AtomicBoolean closedEven = new AtomicBoolean();
    Chunking.chunks(Stream.of(1, 2, 3).onClose(() -> closedEven.set(true)), 0, 2).close();
    assertTrue(closedEven.get(), "even chunking did not close the data");
  }

  @Test
  void chunksAreValidatedAndImmutable() {
    assertThrows(IllegalArgumentException.class, () -> new Chunk<>(0, List.of()));
    assertThrows(IllegalArgumentException.class, () -> new Chunk<>(-1, List.of(1)));
    List<Integer> source = new ArrayList<>(List.of(1, 2));
    Chunk<Integer> chunk = new Chunk<>(0, source);
    source.add(3);
    assertEquals(List.of(1, 2), chunk.data());
    assertThrows(UnsupportedOperationException.class, () -> chunk.data().add(4));
  }
}
