package zensols.multi.stash;

/**
 * A stash that several processes may share and that can lock itself against the others while one
 * of them fills it, such as a {@link DirectoryStash} (a lock on a file in its directory). A
 * multi-process stash whose delegate implements this holds the lock around "is the data complete?
 * → run the work" of its prime, so that of two processes priming one store the second waits for
 * the first and then finds the values instead of computing them again.
 */
public interface ProcessLock {

  /**
   * Takes the lock, waiting as long as another process (or another instance in this process)
   * holds it. The lock is reentrant for the thread that holds it.
   *
   * @return the held lock; closing it releases it (closing twice does nothing)
   * @throws java.io.UncheckedIOException if the lock cannot be taken for a reason other than
   *     another holder (a store that cannot hold one, such as a read-only directory, returns a
   *     lock that holds nothing instead)
   * @throws InterruptedException if the calling thread is interrupted while it waits
   */
  Held lockAcrossProcesses() throws InterruptedException;

  /** A lock taken by {@link #lockAcrossProcesses()}. */
  interface Held extends AutoCloseable {
    /** Releases the lock; does nothing if it was released already. */
    @Override
    void close();
  }
}
