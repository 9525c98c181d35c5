package zensols.multi.cluster;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import zensols.multi.MultiProcessStash;
import zensols.multi.Processor;
import zensols.multi.internal.CoreAccess;

/**
 * The stashes of one JVM by name, so that a cluster member can run a chunk that a {@link
 * ClusterProcessor} sent by stash name: the counterpart of the original's child process that
 * recreates the stash from its name and configuration.
 *
 * <p>The application fills the registry at start-up on <em>every</em> member with the same names
 * and equivalent stashes (same {@code process}, same factory, a delegate that every member
 * reaches), then hands it to its {@link ClusterEngine}'s member side. A stash in the registry is
 * never primed there: only its chunks run, through {@link #process(ClusterChunk)}.
 *
 * <p>Thread safe.
 */
public final class StashRegistry {
  private final ConcurrentMap<String, MultiProcessStash<?, ?>> stashes = new ConcurrentHashMap<>();

  /** Creates an empty registry. */
  public StashRegistry() {}

  /**
   * Registers {@code stash} under its {@linkplain MultiProcessStash#name() name}.
   *
   * @param stash the stash
   * @return this registry
   * @throws IllegalArgumentException if another stash has that name
   */
  public StashRegistry register(MultiProcessStash<?, ?> stash) {
    Objects.requireNonNull(stash, "stash");
    MultiProcessStash<?, ?> previous = stashes.putIfAbsent(stash.name(), stash);
    if (previous != null && previous != stash) {
      throw new IllegalArgumentException(
          "stash name \"" + stash.name() + "\" is already registered for " + previous);
    }
    return this;
  }

  /**
   * Removes the stash registered under {@code name}.
   *
   * @param name the stash name
   * @return true if one was registered
   */
  public boolean unregister(String name) {
    return stashes.remove(Objects.requireNonNull(name, "name")) != null;
  }

  /**
   * The stash registered under {@code name}.
   *
   * @param name the stash name
   * @return the stash, or empty
   */
  public Optional<MultiProcessStash<?, ?>> get(String name) {
    return Optional.ofNullable(stashes.get(Objects.requireNonNull(name, "name")));
  }

  /**
   * The registered names.
   *
   * @return a sorted snapshot
   */
  public Set<String> names() {
    return new TreeSet<>(stashes.keySet());
  }

  /**
   * Runs one chunk of a registered stash in the calling thread, as a local worker would: {@code
   * createChunkProcessor(chunkId, data).process()}, which dumps the values into the stash's
   * delegate. Called by an engine on the member that received the chunk.
   *
   * <ul>
   *   <li>The MDC holds {@value Processor#MDC_STASH} and {@value Processor#MDC_CHUNK} while the
   *       chunk runs, and is restored afterwards.
   *   <li>A {@linkplain ClusterChunk#isResubmission() resubmitted} chunk of a {@link
   *       zensols.multi.MultiProcessFactoryStash}, whose items are its keys, computes only the
   *       keys that its delegate lacks (and, for a {@link zensols.multi.MultiProcessRobustStash},
   *       that are not recorded as failures): what the lost member finished is decided from the
   *       stash's contents, and kept. Each stash class answers for its own items; other stashes
   *       compute the whole chunk again.
   *   <li>Should respond to interruption: that is how the engine cancels remote work.
   * </ul>
   *
   * @param chunk the stash name, chunk id and items
   * @return the number of values dumped
   * @throws IllegalArgumentException naming the stash and the registered names if no stash of
   *     that name is registered
   * @throws Exception whatever the chunk throws
   */
  public int process(ClusterChunk<?> chunk) throws Exception {
    Objects.requireNonNull(chunk, "chunk");
    MultiProcessStash<?, ?> stash = stashes.get(chunk.stash());
    if (stash == null) {
      throw new IllegalArgumentException(
          "no stash named \"" + chunk.stash() + "\" is registered on this member; registered: "
              + names());
    }
    return CoreAccess.core().runReceived(stash, chunk.chunkId(), chunk.data(), chunk.attempt());
  }

  /**
   * Describes the registry.
   *
   * @return the registered names
   */
  @Override
  public String toString() {
    return "StashRegistry" + names();
  }
}
