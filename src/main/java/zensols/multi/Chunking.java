package zensols.multi;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Splits data into {@link Chunk}s, as the original's {@code chunk_size} attribute does.
 *
 * <ul>
 *   <li>{@code chunkSize > 0}: consecutive chunks of exactly {@code chunkSize} items, the last one
 *       possibly smaller, never larger. The data is read lazily, one chunk at a time, as the
 *       returned stream is consumed; the whole data set is never held in memory.
 *   <li>{@code chunkSize == 0}: the data is read whole and divided evenly among the workers: every
 *       chunk has {@code ceil(n / workers)} items but the last, so there are at most {@code
 *       workers} chunks.
 *   <li>{@code chunkSize < 0}: rejected. No data: no chunks.
 *   <li>{@link ChunkSize#auto()}: sizes that follow the cost per item measured while the data is
 *       processed, read lazily; the rule and its constants are on {@link #chunks(Stream, ChunkSize,
 *       int)}.
 *   <li>Chunk ids are 0, 1, 2… in data order; concatenating the chunks gives the data back in
 *       order.
 * </ul>
 */
public final class Chunking {
  private Chunking() {}

  /**
   * Splits {@code data} into chunks. Closing the returned stream closes {@code data}.
   *
   * @param data the items, consumed by this call ({@code chunkSize == 0}) or by the returned stream
   * @param chunkSize the number of items per chunk, or 0 to divide evenly among {@code workers}
   * @param workers the number of workers (used only when {@code chunkSize == 0}), at least 1
   * @param <D> the type of the items
   * @return the chunks, ordered, sequential
   * @throws IllegalArgumentException if {@code chunkSize < 0} or {@code workers < 1}
   */
  public static <D> Stream<Chunk<D>> chunks(Stream<D> data, int chunkSize, int workers) {
    Objects.requireNonNull(data, "data");
    checkChunkSize(chunkSize);
    if (workers < 1) {
      throw new IllegalArgumentException("workers " + workers + " is not positive");
    }
    if (chunkSize > 0) {
      Iterator<D> items = data.iterator();
      Iterator<Chunk<D>> chunks = new LazyChunks<>(items, chunkSize);
      return StreamSupport.stream(
              Spliterators.spliteratorUnknownSize(
                  chunks, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE),
              false)
          .onClose(data::close);
    }
    List<D> all;
    try (data) {
      all = data.toList();
    }
    int size = evenChunkSize(all.size(), workers);
    int count = size == 0 ? 0 : (all.size() + size - 1) / size;
    List<Chunk<D>> chunks = new ArrayList<>(count); // a loop, not IntStream: less to load cold
    for (int id = 0; id < count; id++) {
      chunks.add(new Chunk<>(id, all.subList(id * size, Math.min(all.size(), (id + 1) * size))));
    }
    return chunks.stream();
  }

  /**
   * Splits {@code data} into chunks by a {@link ChunkSize} rule: {@link ChunkSize.Fixed} and {@link
   * ChunkSize.Even} as {@link #chunks(Stream, int, int)}; {@link ChunkSize.Auto} reads the data
   * lazily, one chunk at a time, and sizes each chunk from the cost per item measured on the chunks
   * that finished before it, by this rule:
   *
   * <ol>
   *   <li>until a chunk has finished, chunks have 1 item;
   *   <li>the cost per item {@code c} follows the finished chunks ({@code nanos / items}): a higher
   *       cost is taken at once, a lower one halfway ({@code c = (c + cost) / 2});
   *   <li>a chunk aims at 4 ms ({@code target / c} items); 20 ms on a {@link
   *       zensols.multi.cluster.ClusterProcessor}, twenty times its overhead of about 1 ms per
   *       chunk;
   *   <li>a chunk is at most twice as large as the largest finished chunk, and at most 16,384 items;
   *   <li>when the number of items is known (a sized stream), a chunk has at most {@code
   *       ceil(remaining / (4 × workers))} items, so that every worker gets several chunks and the
   *       chunks shrink towards the end, but not fewer than {@code target / (16 c)} (a quarter of a
   *       millisecond);
   *   <li>every chunk has at least one item.
   * </ol>
   *
   * <p>Durations reach the chunker from the {@link Processor} that runs the chunks; a consumer that
   * reads the stream without a processor gives it the time between two successive chunks taken by
   * the same thread. Closing the returned stream closes {@code data}.
   *
   * @param data the items, consumed by this call ({@code 0}) or by the returned stream
   * @param chunkSize the rule
   * @param workers the number of workers, at least 1
   * @param <D> the type of the items
   * @return the chunks, ordered, sequential; ids 0, 1, 2… in data order
   * @throws IllegalArgumentException if {@code workers < 1}
   */
  public static <D> Stream<Chunk<D>> chunks(Stream<D> data, ChunkSize chunkSize, int workers) {
    Objects.requireNonNull(chunkSize, "chunkSize");
    // instanceof, not a pattern switch: no SwitchBootstraps call site to link on a first prime
    if (chunkSize instanceof ChunkSize.Fixed fixed) {
      return chunks(data, fixed.size(), workers);
    }
    if (chunkSize instanceof ChunkSize.Even) {
      return chunks(data, 0, workers);
    }
    return AdaptiveChunks.of(data, workers); // ChunkSize is sealed: Auto
  }

  /**
   * The size of every chunk but the last when {@code n} items are divided evenly among {@code
   * workers}: {@code ceil(n / workers)}, 0 when there are no items.
   *
   * @param n the number of items, at least 0
   * @param workers the number of workers, at least 1
   * @return the chunk size
   * @throws IllegalArgumentException if {@code n < 0} or {@code workers < 1}
   */
  public static int evenChunkSize(int n, int workers) {
    if (n < 0 || workers < 1) {
      throw new IllegalArgumentException("cannot divide " + n + " items among " + workers);
    }
    return n / workers + (n % workers == 0 ? 0 : 1);
  }

  /**
   * Checks a configured chunk size.
   *
   * @param chunkSize the chunk size
   * @return {@code chunkSize}
   * @throws IllegalArgumentException naming the value if it is negative
   */
  public static int checkChunkSize(int chunkSize) {
    if (chunkSize < 0) {
      throw new IllegalArgumentException(
          "chunk size " + chunkSize + " is negative; use a positive size, or 0 to divide evenly");
    }
    return chunkSize;
  }

  /** Reads one chunk's items from the data only when the next chunk is asked for. */
  private static final class LazyChunks<D> implements Iterator<Chunk<D>> {
    private static final int MAX_INITIAL_CAPACITY = 1024;
    private final Iterator<D> items;
    private final int chunkSize;
    private int nextId;

    LazyChunks(Iterator<D> items, int chunkSize) {
      this.items = items;
      this.chunkSize = chunkSize;
    }

    @Override
    public boolean hasNext() {
      return items.hasNext();
    }

    @Override
    public Chunk<D> next() {
      if (!items.hasNext()) {
        throw new NoSuchElementException("no chunk after chunk " + (nextId - 1));
      }
      List<D> data = new ArrayList<>(Math.min(chunkSize, MAX_INITIAL_CAPACITY));
      while (data.size() < chunkSize && items.hasNext()) {
        data.add(items.next());
      }
      return new Chunk<>(nextId++, data);
    }
  }
}
