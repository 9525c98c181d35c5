package zensols.multi.stash;

/**
 * A stash that several processes may open and prime at the same time (a directory, one database
 * file), offering a <em>prime lease</em> so that they do not all do the same work.
 *
 * <p>{@link zensols.multi.MultiProcessStash#prime()} holds the lease named after the stash while it
 * checks its delegate and runs the work: a second process priming the same delegate under the same
 * name waits until the first has finished (or died), then finds the values stored and computes
 * only what is still missing.
 *
 * <ul>
 *   <li>The lease only saves work; correctness never depends on it: values are stored by key, so
 *       two processes that computed the same key store the same value twice.
 *   <li>A lease held by a process ends when the process ends, however it ends (kill -9 included).
 *   <li>An implementation that cannot take the lease (for example an I/O error on a lock file)
 *       logs it and returns a lease that holds nothing, rather than failing the prime.
 * </ul>
 */
public interface SharedStash {

  /**
   * Waits until the calling thread holds the prime lease {@code name} on this stash, in this
   * process and against every other process sharing the stash.
   *
   * @param name the lease's name: the name of the stash that primes
   * @return the lease; closing it releases it (idempotent)
   * @throws InterruptedException if the calling thread is interrupted while waiting; it then holds
   *     nothing
   * @throws NullPointerException if {@code name} is {@code null}
   * @throws java.io.UncheckedIOException if the implementation documents that it fails when the
   *     lease cannot be taken
   */
  Lease awaitPrimeLease(String name) throws InterruptedException;

  /** A held prime lease; {@link #close()} releases it. */
  interface Lease extends AutoCloseable {
    /** Releases the lease; does nothing if it is already released. Never throws. */
    @Override
    void close();
  }
}
