package zensols.multi;

import java.util.Objects;

/**
 * How a {@link MultiProcessStash} splits its data into chunks: the original's {@code chunk_size},
 * plus {@code auto}. A small sealed family, like {@link WorkerCount}:
 *
 * <table>
 *   <caption>configured value → chunks</caption>
 *   <tr><th>configured</th><th>record</th><th>chunks</th></tr>
 *   <tr><td>{@code n > 0}</td><td>{@link Fixed}</td>
 *       <td>consecutive chunks of exactly {@code n} items, the last possibly smaller; lazy</td></tr>
 *   <tr><td>{@code 0}</td><td>{@link Even}</td>
 *       <td>the data read whole and divided evenly: {@code ceil(items / workers)} each</td></tr>
 *   <tr><td>{@code auto}</td><td>{@link Auto}</td>
 *       <td>sizes chosen from the cost per item measured while the data is processed (see
 *       {@link Chunking}: the first chunks are small, later ones take a few milliseconds each);
 *       lazy</td></tr>
 * </table>
 *
 * <ul>
 *   <li>{@code toString()} is the configuration text, and {@link #parse(String)} of it gives back
 *       an equal value.
 *   <li>A negative size, and text that is none of the above, is rejected with an {@link
 *       IllegalArgumentException} quoting it.
 * </ul>
 */
public sealed interface ChunkSize permits ChunkSize.Fixed, ChunkSize.Even, ChunkSize.Auto {

  /**
   * The chunk size an integer configures, as the original's {@code chunk_size}: {@code n > 0}
   * fixed chunks of {@code n} items, {@code 0} even division.
   *
   * @param n the configured integer, at least 0
   * @return the chunk size
   * @throws IllegalArgumentException naming {@code n} if it is negative
   */
  static ChunkSize of(int n) {
    if (n > 0) {
      return new Fixed(n);
    }
    if (n == 0) {
      return Even.INSTANCE;
    }
    throw new IllegalArgumentException(
        "chunk size " + n + " is negative; use a positive size, 0 to divide evenly, or auto");
  }

  /**
   * Chunk sizes that follow the measured cost per item: {@code "auto"}.
   *
   * @return the only {@link Auto} instance
   */
  static ChunkSize auto() {
    return Auto.INSTANCE;
  }

  /**
   * The data divided evenly among the workers, the same as {@code of(0)}.
   *
   * @return the only {@link Even} instance
   */
  static ChunkSize even() {
    return Even.INSTANCE;
  }

  /**
   * Parses configuration text: a non-negative integer ({@code "1000"}, {@code "0"}) or {@code
   * "auto"} (in any case). Surrounding white space is ignored.
   *
   * @param text the configured value
   * @return the chunk size
   * @throws IllegalArgumentException quoting {@code text} if it is none of these, is negative or
   *     does not fit an {@code int}
   */
  static ChunkSize parse(String text) {
    Objects.requireNonNull(text, "text");
    return ChunkSizeParser.parse(text);
  }

  /**
   * Consecutive chunks of exactly {@code size} items, the last one possibly smaller.
   *
   * @param size the number of items per chunk, at least 1
   */
  record Fixed(int size) implements ChunkSize {
    /**
     * Validates the size.
     *
     * @throws IllegalArgumentException naming {@code size} if it is not positive
     */
    public Fixed {
      if (size < 1) {
        throw new IllegalArgumentException("fixed chunk size " + size + " is not positive");
      }
    }

    /** Returns the size, for example {@code "1000"}. */
    @Override
    public String toString() {
      return Integer.toString(size);
    }
  }

  /** The data divided evenly among the workers; configured as {@code 0}. */
  enum Even implements ChunkSize {
    /** The only instance. */
    INSTANCE;

    /** Returns {@code "0"}. */
    @Override
    public String toString() {
      return "0";
    }
  }

  /**
   * Chunk sizes chosen from the cost per item measured online; configured as {@code auto}. The
   * rule and its constants are documented on {@link Chunking}.
   */
  enum Auto implements ChunkSize {
    /** The only instance. */
    INSTANCE;

    static final String TEXT = "auto";

    /** Returns {@code "auto"}. */
    @Override
    public String toString() {
      return TEXT;
    }
  }
}
