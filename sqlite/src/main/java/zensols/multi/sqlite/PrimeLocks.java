package zensols.multi.sqlite;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zensols.multi.stash.SharedStash;

/**
 * The prime leases of the stashes of this JVM: for each lock file, one channel, and for each
 * lease name one byte of the file locked with an operating-system (POSIX {@code fcntl}) lock, which
 * the kernel releases when the process ends, however it ends. Within the JVM a semaphore per byte
 * serialises the holders, since a JVM cannot lock the same byte twice.
 *
 * <p>The lease saves work only; every failure to take the file lock is logged and yields a lease
 * that holds the in-JVM semaphore alone.
 */
final class PrimeLocks {
  private static final Logger LOG = LoggerFactory.getLogger(PrimeLocks.class);
  private static final Map<Path, PrimeLocks> FILES = new ConcurrentHashMap<>();
  private static final long FIRST_POLL_MILLIS = 5;
  private static final long MAX_POLL_MILLIS = 100;

  private final Path lockFile;
  private final Map<Long, Semaphore> local = new ConcurrentHashMap<>();
  /** Guarded by this. */
  private @Nullable FileChannel channel;
  /** The file locks held, by position; guarded by this. */
  private final Map<Long, FileLock> held = new HashMap<>();

  private PrimeLocks(Path lockFile) {
    this.lockFile = lockFile;
  }

  static PrimeLocks of(Path lockFile) {
    return FILES.computeIfAbsent(lockFile.toAbsolutePath().normalize(), PrimeLocks::new);
  }

  /** The byte of the lock file that stands for the lease {@code name}. */
  static long position(String name) {
    return Integer.toUnsignedLong(name.hashCode());
  }

  SharedStash.Lease await(String name) throws InterruptedException {
    long position = position(name);
    Semaphore semaphore = local.computeIfAbsent(position, p -> new Semaphore(1));
    semaphore.acquire();
    boolean locked = false;
    try {
      long pause = FIRST_POLL_MILLIS;
      boolean logged = false;
      while (true) {
        Boolean got = tryLock(position);
        if (got == null) {
          break; // no file lock to be had: the in-JVM semaphore alone
        }
        if (got) {
          locked = true;
          break;
        }
        if (!logged) {
          LOG.info(
              "stash '{}': another process is priming it ({}); waiting for it to finish",
              name,
              lockFile);
          logged = true;
        }
        Thread.sleep(pause);
        pause = Math.min(MAX_POLL_MILLIS, pause * 2);
      }
    } catch (InterruptedException | RuntimeException | Error e) {
      semaphore.release();
      throw e;
    }
    boolean fileLocked = locked;
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (open.compareAndSet(true, false)) {
        try {
          if (fileLocked) {
            unlock(position);
          }
        } finally {
          semaphore.release();
        }
      }
    };
  }

  /**
   * Tries the file lock once.
   *
   * @return true if held now, false if another process holds it, null if it cannot be had
   */
  private synchronized @Nullable Boolean tryLock(long position) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    try {
      FileChannel ch = channel;
      if (ch == null || !ch.isOpen()) {
        ch = reopen();
      }
      FileLock lock = ch.tryLock(position, 1, false);
      if (lock == null) {
        return false;
      }
      held.put(position, lock);
      return true;
    } catch (ClosedChannelException e) {
      // an interrupt closed the channel (and with it every lock of this JVM on the file): the
      // leases still held lose their file locks, which only costs work; reopen next time
      channel = null;
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      LOG.warn("prime lease file {} was closed; leases of this JVM reacquired", lockFile, e);
      return false;
    } catch (IOException | OverlappingFileLockException e) {
      LOG.warn(
          "cannot lock the prime lease file {} ({}); priming without a lease against other"
              + " processes",
          lockFile,
          e.toString());
      return null;
    }
  }

  /** Opens the channel and locks again the positions this JVM holds. Under this. */
  private FileChannel reopen() throws IOException {
    FileChannel ch =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    channel = ch;
    for (Map.Entry<Long, FileLock> entry : held.entrySet()) {
      FileLock again = ch.tryLock(entry.getKey(), 1, false);
      if (again != null) {
        entry.setValue(again);
      }
    }
    return ch;
  }

  private synchronized void unlock(long position) {
    FileLock lock = held.remove(position);
    try {
      if (lock != null && lock.isValid()) {
        lock.release();
      }
      FileChannel ch = channel;
      if (held.isEmpty() && ch != null) {
        channel = null;
        ch.close();
      }
    } catch (IOException e) {
      LOG.warn("cannot release the prime lease in {}", lockFile, e);
    }
  }
}
