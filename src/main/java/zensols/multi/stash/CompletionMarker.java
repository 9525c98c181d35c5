package zensols.multi.stash;

/**
 * A stash that can durably record that a prime finished, so that a stash left half-filled by a
 * failed or killed prime never looks complete to the next reader.
 *
 * <p>The writer calls {@link #markComplete()} after every value has been dumped; a reader that
 * finds {@link #isComplete()} {@code false} on a non-empty stash knows the data is partial.
 * {@link Stash#clear()} of an implementing stash also clears the mark; {@code dump} and {@code
 * delete} leave it as it is.
 */
public interface CompletionMarker {

  /**
   * Tells whether the mark is set.
   *
   * @return {@code true} if {@link #markComplete()} was called and the mark was not cleared since
   * @throws java.io.UncheckedIOException if a persistent implementation cannot read the mark
   */
  boolean isComplete();

  /**
   * Sets the mark. Call it only after every value has been written: implementations write the
   * mark after (and never before) the values dumped earlier by the calling thread. Idempotent.
   *
   * @throws java.io.UncheckedIOException if a persistent implementation cannot write the mark
   */
  void markComplete();

  /**
   * Clears the mark; does nothing if it is not set.
   *
   * @throws java.io.UncheckedIOException if a persistent implementation cannot remove the mark
   */
  void clearComplete();
}
