package zensols.multi;

import java.util.List;

/**
 * A group of consecutive data items processed together by one worker.
 *
 * @param id the chunk's position among the chunks of one run: 0, 1, 2… in data order
 * @param data the items, in data order; never empty, unmodifiable
 * @param <D> the type of the items
 */
public record Chunk<D>(int id, List<D> data) {
  /**
   * Validates the chunk and makes its data unmodifiable.
   *
   * @throws IllegalArgumentException if {@code id} is negative or {@code data} is empty
   * @throws NullPointerException if {@code data} or an item is null
   */
  public Chunk {
    if (id < 0) {
      throw new IllegalArgumentException("chunk id " + id + " is negative");
    }
    data = List.copyOf(data);
    if (data.isEmpty()) {
      throw new IllegalArgumentException("chunk " + id + " is empty");
    }
  }

  /**
   * The number of items.
   *
   * @return {@code data().size()}
   */
  public int size() {
    return data.size();
  }
}
