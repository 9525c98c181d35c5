package zensols.multi;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.IntStream;
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
    return IntStream.range(0, count)
        .mapToObj(
            id -> new Chunk<>(id, all.subList(id * size, Math.min(all.size(), (id + 1) * size))));
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
