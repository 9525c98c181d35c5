package zensols.multi.internal;

import java.util.concurrent.Callable;
import zensols.multi.Chunk;

/**
 * Where the chunks of a stash's prime run: the one hook by which the stash classes learn that
 * their processor runs chunks elsewhere. Every run of chunks has a placement, chosen by the
 * processor that runs them: {@link #LOCAL} for the processors that run chunks in this JVM, the
 * cluster processor's for a cluster (see {@code zensols.multi.cluster.ClusterProcessor}). A stash
 * runs each of its chunks through the placement of the run that took it; it never asks which
 * processor it has.
 *
 * <p>Not exported: the public API knows no placement.
 */
public interface ChunkPlacement {

  /** Runs every chunk in the worker that took it, by the stash's own {@code ChunkProcessor}. */
  ChunkPlacement LOCAL =
      new ChunkPlacement() {
        @Override
        public int run(String stash, Chunk<?> chunk, Callable<Integer> local) throws Exception {
          return local.call();
        }

        @Override
        public boolean remote() {
          return false;
        }

        @Override
        public String toString() {
          return "local";
        }
      };

  /**
   * Runs one chunk of the stash named {@code stash}, in the worker that took it, and returns once
   * the chunk's values are stored.
   *
   * @param stash the stash's name, by which a member finds its own instance of the stash
   * @param chunk the chunk
   * @param local runs the chunk in this worker on this instance of the stash, and returns the
   *     number of values it dumped
   * @return the number of values dumped
   * @throws Exception what the chunk threw
   */
  int run(String stash, Chunk<?> chunk, Callable<Integer> local) throws Exception;

  /**
   * Whether chunks run in other JVMs, on their own instances of the stash: their values land in
   * this stash's delegate only if every member reaches it, so a stash that can tell decides
   * completion from the delegate's contents, and an adaptive chunk aims at a longer duration
   * that pays for the round trip.
   *
   * @return true for a cluster
   */
  boolean remote();
}
