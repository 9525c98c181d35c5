package zensols.multi.cluster;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link ClusterProcessor} hands its {@link ClusterEngine} for one chunk: the stash's
 * <em>name</em>, never the stash, so that a member can find its own instance of the stash in its
 * {@link StashRegistry} and run the chunk there (as the original's {@code ChunkProcessor} carries
 * the stash name to a child process).
 *
 * @param stash the name of the stash whose chunk this is, as registered on every member
 * @param chunkId the chunk id, 0, 1, 2… in data order
 * @param data the chunk's items, unmodifiable; an engine must be able to send them to a member
 *     (for example they are {@link java.io.Serializable})
 * @param attempt 0 for the first submission of the chunk, then 1, 2… for each resubmission after
 *     the member that ran it was lost and the chunk's outcome is unknown
 * @param <D> the type of the items
 */
public record ClusterChunk<D>(String stash, int chunkId, List<D> data, int attempt) {

  /**
   * Validates the chunk and makes its data unmodifiable.
   *
   * @throws NullPointerException if {@code stash}, {@code data} or an item is null
   * @throws IllegalArgumentException if {@code chunkId} or {@code attempt} is negative
   */
  public ClusterChunk {
    Objects.requireNonNull(stash, "stash");
    data = List.copyOf(data);
    if (chunkId < 0) {
      throw new IllegalArgumentException("chunk id " + chunkId + " is negative");
    }
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt " + attempt + " is negative");
    }
  }

  /**
   * Whether this is a resubmission, whose first outcome is unknown: some of its values may already
   * be in the delegate.
   *
   * @return {@code attempt() > 0}
   */
  public boolean isResubmission() {
    return attempt > 0;
  }
}
