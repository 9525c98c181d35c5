package zensols.multi.stash;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stash that keeps one file per key in a directory, encoded by a {@link Codec}, the Java
 * counterpart of the original's {@code DirectoryStash}.
 *
 * <p><b>Keys and file names.</b> Every non-empty {@code String} is a key. Key {@code k} is stored
 * in the file {@code <directory>/<name of k>}, where the name is an injective, ASCII,
 * locale-independent encoding of the key (so a key means the same file under {@code LC_ALL=C} as
 * under UTF-8):
 *
 * <ul>
 *   <li>ASCII letters, digits and {@code - _ . ~ + , = @} stand for themselves, so plain keys
 *       such as {@code "42"}, {@code "doc-7"} or {@code "a.txt"} keep their own name;
 *   <li>every other character ({@code /}, {@code \}, {@code %}, space, control and non-ASCII
 *       characters, …) is written as {@code %XX} escapes, upper-case hex, of its UTF-8 bytes
 *       ({@code "café"} → {@code caf%C3%A9}, {@code "a/b"} → {@code a%2Fb}); an unpaired surrogate
 *       as the three bytes of its code unit;
 *   <li>a leading {@code .} (so {@code "."}, {@code ".."} and {@code ".x"} never name a directory
 *       or a hidden file), a trailing {@code .} and the first character of a name Windows reserves
 *       ({@code CON}, {@code PRN}, {@code AUX}, {@code NUL}, {@code COM0}–{@code COM9}, {@code
 *       LPT0}–{@code LPT9}, in any case, alone or before a dot) are escaped too ({@code "CON"} →
 *       {@code %43ON}); a trailing space is escaped as every space is.
 * </ul>
 *
 * <p>{@link #keys()} decodes the names back; only the exact name a key encodes to is that key, so
 * other entries (temporary files, the mark, stray files, names of another encoding) are not keys.
 * A key whose name would be longer than 255 characters is rejected with an {@link
 * IllegalArgumentException} quoting it, by every method and by {@link #checkKey(String)}, which a
 * factory or robust stash calls on its keys before any work runs.
 *
 * <p><b>Case-folding file systems.</b> When the directory is opened (or created), the stash
 * probes whether its file system folds case (macOS's default, Windows, a case-insensitive ext4
 * directory) by creating a temporary file and looking for it under its upper-case name; a reader
 * that cannot write the directory infers it from the names. On such a file system upper-case
 * letters are escaped as well ({@code "Doc"} → {@code %44oc}), so keys that differ only in case
 * never share a file; since the names are ASCII, Unicode normalisation (NFD on macOS) cannot merge
 * two names either. {@link DirectoryStashBuilder#foldCase(boolean)} forces this mode, for a
 * directory that will be copied to such a file system.
 *
 * <p><b>Older directories.</b> Version 0.1 named a file after the key itself. Such a directory
 * reads as it is wherever those names are also names of this encoding (keys made of letters,
 * digits and {@code - _ . ~ + , = @}, not starting with {@code .} nor reserved by Windows). Any
 * other name is not a key; opening the stash logs a warning naming a few of them and pointing at
 * {@link #migrateLegacyNames(Path)}, which renames them, and until then a key whose name needs an
 * escape is refused with an {@link IllegalStateException} saying so (its name could be an old
 * key's). A directory of the current encoding holds the file {@value #FORMAT_NAME}.
 *
 * <p><b>Layout.</b> The directory is created (with its parents) on the first write; until then
 * the stash is empty. Names starting with {@code .} are the library's: temporary files {@value
 * #TEMP_PREFIX}{@code <token>-<n>}, the registration {@value #WRITER_PREFIX}{@code <token>} of
 * each JVM writing the directory, the completion mark {@value #MARKER_NAME}, the prime lock
 * {@value #LOCK_NAME} and the encoding mark {@value #FORMAT_NAME}.
 *
 * <p><b>Atomic writes.</b> {@link #dump(String, Object)} encodes the value ({@link
 * Codec#encode}), writes those bytes in one write (a value over 1 MiB in 1 MiB slices) to a new
 * temporary file in the directory, then renames it over the key's file with {@link
 * StandardCopyOption#ATOMIC_MOVE}. A reader sees the
 * old value or the new one, never a partial one, even if the process is killed mid-write. If the
 * codec or the write fails, the temporary file is deleted and an {@link UncheckedIOException}
 * naming the key and the file is thrown; the key's previous value, if any, is untouched. With
 * {@link DirectoryStashBuilder#syncWrites(boolean)}, the file is forced to disk before the rename
 * and the directory after it, so that values and the completion mark also survive a power loss;
 * without it (the default) they survive a crash of the process but not necessarily of the machine:
 * after a power loss the mark may be on disk while a value file written just before it is empty
 * or truncated (ext4 orders a rename before the data of a new file), which a robust stash detects
 * and recomputes when the value is read. Syncing only the directory before the mark would not
 * order the values' data; syncing every file is what {@code syncWrites} does, at about eight times
 * the cost of a write (measured on ext4 over virtio on a busy machine: 3.9–5.6 ms per small value
 * against 0.44–0.90 ms without).
 *
 * <p><b>Writers and leftovers.</b> A JVM that writes the directory registers once: it creates the
 * file {@value #WRITER_PREFIX}{@code <token>} (a random 64-bit token) and holds an OS lock on it
 * ({@link FileChannel#tryLock()}) for as long as it writes there; its temporary files are named
 * {@value #TEMP_PREFIX}{@code <token>-<n>}. So a write takes no lock of its own and keeps no file
 * open beyond its temporary file. The registration stays (one open file per directory) while the
 * JVM runs; when a JVM has written more than {@value #MAX_WRITERS} directories, idle
 * registrations are closed and deleted, and made again on the next write. Opening the stash
 * deletes the files of writers that are gone: a registration on which it can take the lock is
 * deleted (while locked) with that writer's temporary files; a temporary file of no registration
 * (or of an older version, which locked each temporary file) is deleted if it can take the lock
 * on the file itself. The operating system releases a writer's lock when the writer ends, however
 * it ends, and the lock is seen across PID namespaces and, where the file system supports locks
 * (local file systems, NFSv4), across hosts; so a live writer's files are never deleted, wherever
 * the writer runs. Where the file system does not support locks, a temporary file is deleted only
 * when it is older than {@value #UNLOCKABLE_LEFTOVER_HOURS} hour. A writer whose registration was
 * taken by a cleaner in the instant between creating and locking it registers again under a new
 * token; one whose temporary file vanished (only if someone else deleted its registration, or the
 * directory) writes again under a new registration. A reader that cannot write the directory
 * leaves the leftovers and opens the stash for reading.
 *
 * <p><b>Damaged and special entries.</b> A value file is untrusted input. An entry under a key's
 * name that is not a regular file (a directory, a symbolic link, a FIFO), a value file with more
 * than one hard link, or a file the codec cannot decode is <em>damaged</em>: {@code load} and
 * {@code get} throw an {@link UncheckedIOException} naming the key and the file (never following
 * a link, never blocking on a FIFO, never reading a file shared with another directory), and a
 * robust stash recomputes the value. Such an entry is listed by {@link #keys()} (which looks at
 * names only) and {@link #exists(String)} is true for it; {@code delete} removes it unless it is a
 * directory; {@code dump} replaces it by a regular file (the rename replaces the entry itself,
 * never a link's target), and fails on a directory. The directory given to the constructor may
 * itself be a symbolic link.
 *
 * <p><b>Listing cost.</b> {@link #keys()} reads the names only, without a {@code stat} per entry,
 * and keeps the result: a later call on an unchanged directory costs one {@code stat} of the
 * directory. The kept listing is used only while the directory's modification time is what it was
 * and this instance wrote nothing since, and only if the directory had not changed for {@value
 * #QUIET_SECONDS} seconds before it was listed, so that a change within the file system's
 * timestamp granularity is never missed. On a network file system whose client caches attributes
 * (NFS {@code actimeo}), another host's changes can show up that much later; turn the cache off
 * with {@link DirectoryStashBuilder#cacheKeys(boolean)}.
 *
 * <p><b>Processes.</b> This stash is a {@link SharedStash}: {@link #awaitPrimeLease(String)} locks
 * the file {@value #LOCK_NAME} in the directory, so that two processes priming one directory take
 * turns, and the second finds the values of the first.
 *
 * <p><b>Errors.</b> A file that cannot be read or decoded gives an {@link UncheckedIOException}
 * naming the key and the file; other keys stay readable. Other I/O failures give an {@link
 * UncheckedIOException} naming the path involved. When the calling thread is interrupted, file
 * channels are closed by the JDK and the operation fails with such an exception (the interrupt
 * status is kept).
 *
 * <p><b>Thread safety.</b> Thread safe: any operation may run concurrently with any other,
 * including dumps of the same key (the last rename wins). {@link #keys()} and {@link #clear()}
 * are not atomic with respect to concurrent writes.
 *
 * <p>For example:
 *
 * {@snippet file="Examples.java" region="directory"}
 *
 * @param <V> the type of the values
 */
public final class DirectoryStash<V> implements Stash<V>, CompletionMarker, SharedStash {

  /** The prefix of the temporary files written before a value is renamed into place. */
  public static final String TEMP_PREFIX = ".tmp-";

  /** The name of the file holding the completion mark. */
  public static final String MARKER_NAME = ".complete";

  /** The name of the file locked by {@link #awaitPrimeLease(String)}. */
  public static final String LOCK_NAME = ".lock";

  /**
   * The name of the file that marks a directory as written with this key encoding (version 2);
   * a directory of values without it was written by version 0.1.
   */
  public static final String FORMAT_NAME = ".format";

  private static final String FORMAT_CONTENT = "zensols.multi DirectoryStash key encoding 2\n";

  /** How old, in hours, an unlockable temporary file must be to be deleted as a leftover. */
  static final int UNLOCKABLE_LEFTOVER_HOURS = 1;

  /** How long, in seconds, a directory must have been unchanged for its listing to be kept. */
  static final int QUIET_SECONDS = 2;

  private static final Logger LOG = LoggerFactory.getLogger(DirectoryStash.class);

  /** The temporary files this JVM is writing: never opened by a cleaner of this JVM. */
  private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

  /** The in-JVM half of {@link #awaitPrimeLease(String)}: file locks are held per process. */
  private static final Map<Path, ReentrantLock> PROCESS_LOCKS = new ConcurrentHashMap<>();

  private static final int WRITE_ATTEMPTS = 3;

  /**
   * The prefix of the file {@code .writer-<token>} that a JVM writing the directory holds locked,
   * so that cleaners of other processes keep its temporary files ({@code .tmp-<token>-<n>}).
   */
  public static final String WRITER_PREFIX = ".writer-";

  /** The most writer registrations (open files) this JVM keeps: one per directory written. */
  static final int MAX_WRITERS = 64;

  /** The most bytes given to one write call: large values are written in slices. */
  private static final int MAX_WRITE = 1 << 20;

  /** This JVM's writer registrations, by directory. */
  private static final Map<Path, Writer> WRITERS = new ConcurrentHashMap<>();

  /** Held while a registration is made. */
  private static final ReentrantLock REGISTERING = new ReentrantLock();

  /**
   * The tokens of this JVM's registrations: a cleaner of this JVM never opens their files (closing
   * any channel to a file drops the process's lock on it).
   */
  private static final Set<String> LIVE_TOKENS = ConcurrentHashMap.newKeySet();

  private static final FileAttribute<?>[] NO_ATTRIBUTES = {};

  private static final CopyOption[] MOVE_OPTIONS = {
    StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING
  };

  private final Path directory;
  private final Codec<V> codec;
  private final boolean syncWrites;
  private final boolean forceFoldCase;
  private final boolean cacheKeys;
  private volatile @Nullable Boolean foldCase;
  private volatile @Nullable Listing listing;
  /** Whether the directory was written by version 0.1 and holds names of its own encoding. */
  private volatile boolean legacy;
  private final AtomicLong writes = new AtomicLong();
  /** Held while the directory is created and first probed and scanned. */
  private final ReentrantLock opening = new ReentrantLock();

  /** A kept listing: the names' keys, the directory's mtime and this instance's writes then. */
  private record Listing(FileTime modified, long writes, Set<String> keys) {}

  /** How a temporary file is opened: it must not exist yet. */
  private static final Set<StandardOpenOption> CREATE_TEMP =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

  /**
   * Opens a stash over {@code directory} without forced syncs, deleting leftover temporary files
   * if the directory exists. The directory need not exist yet.
   *
   * @param directory the directory holding the files; made absolute
   * @param codec the codec of the values
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code directory} exists but is not a directory
   * @throws UncheckedIOException if the directory cannot be listed
   */
  public DirectoryStash(Path directory, Codec<V> codec) {
    this(directory, codec, false, false, true);
  }

  /** The constructor of {@link DirectoryStashBuilder#build()}. */
  DirectoryStash(
      Path directory, Codec<V> codec, boolean syncWrites, boolean foldCase, boolean cacheKeys) {
    this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
    this.codec = Objects.requireNonNull(codec, "codec");
    this.syncWrites = syncWrites;
    this.forceFoldCase = foldCase;
    this.cacheKeys = cacheKeys;
    if (Files.exists(this.directory) && !Files.isDirectory(this.directory)) {
      throw new IllegalArgumentException("not a directory: " + this.directory);
    }
    if (Files.isDirectory(this.directory)) {
      foldsCase();
      scanOnOpening();
    }
  }

  /**
   * Returns a builder for a stash over {@code directory}, for the options beyond the
   * constructor's.
   *
   * @param <V> the type of the values
   * @param directory the directory holding the files
   * @param codec the codec of the values
   * @return a new builder with {@code syncWrites(false)}, {@code foldCase(false)} and {@code
   *     cacheKeys(true)}
   * @throws NullPointerException if an argument is {@code null}
   */
  public static <V> DirectoryStashBuilder<V> builder(Path directory, Codec<V> codec) {
    return new DirectoryStashBuilder<>(directory, codec);
  }

  /**
   * Returns the directory holding the files.
   *
   * @return the absolute directory path, which may not exist yet
   */
  public Path directory() {
    return directory;
  }

  /**
   * Checks that this process may write the directory, or, while it does not exist, the nearest
   * existing parent in which it would be created.
   *
   * @throws UncheckedIOException caused by an {@link AccessDeniedException} naming the directory
   *     that is not writable, or caused by a {@link FileAlreadyExistsException} if a file that is
   *     not a directory stands in its way
   */
  @Override
  public void checkWritable() {
    Path existing = directory;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return; // nothing exists, not even a root: creating the directory will say why
    }
    if (!Files.isDirectory(existing)) {
      throw new UncheckedIOException(
          new FileAlreadyExistsException(
              existing.toString(), null, "not a directory: cannot hold the stash " + directory));
    }
    if (!Files.isWritable(existing)) {
      String what =
          existing.equals(directory)
              ? "the stash directory " + directory + " is not writable by this process"
              : "the stash directory " + directory + " does not exist and its parent " + existing
                  + " is not writable by this process";
      throw new UncheckedIOException(
          what, new AccessDeniedException(existing.toString(), null, "not writable"));
    }
  }

  /**
   * Returns the codec of the values.
   *
   * @return the codec given at construction
   */
  public Codec<V> codec() {
    return codec;
  }

  /**
   * Tells whether writes are forced to disk before and after the rename.
   *
   * @return {@code true} if files and the directory are synced on every write
   */
  public boolean isSyncWrites() {
    return syncWrites;
  }

  /**
   * Tells whether upper-case letters are escaped in file names, because the file system folds
   * case or the builder asked for it. Probes the file system if the directory exists and was not
   * probed yet.
   *
   * @return {@code true} if keys are encoded for a case-folding file system
   */
  public boolean isFoldCase() {
    return foldsCase();
  }

  /**
   * Returns the name of the file that holds {@code key}'s value, as documented on this class.
   *
   * @param key the key
   * @return the file name, ASCII, directly inside {@link #directory()}
   * @throws NullPointerException if {@code key} is {@code null}
   * @throws IllegalArgumentException quoting the key if it is empty or its name is too long
   */
  public String fileName(String key) {
    return StashKeys.encode(key, foldsCase());
  }

  /**
   * Checks that {@code key} can be stored here: it is not empty and its file name is at most 255
   * characters. Touches no file.
   *
   * @throws NullPointerException if {@code key} is {@code null}
   * @throws IllegalArgumentException quoting the key and saying why it cannot be stored
   */
  @Override
  public void checkKey(String key) {
    fileName(key);
  }

  /**
   * Reads and decodes the key's file.
   *
   * @return the value, or empty if nothing has the key's name
   * @throws NullPointerException if {@code key} is {@code null}
   * @throws IllegalArgumentException if {@code key} cannot be a key here (see {@link #checkKey})
   * @throws IllegalStateException if the directory was written by version 0.1 and the key's name
   *     needs an escape (see "Older directories" above)
   * @throws UncheckedIOException naming the key and the file if the entry is damaged (not a
   *     regular file, more than one hard link) or cannot be read or decoded
   */
  @Override
  public Optional<V> load(String key) {
    Path file = fileOf(key);
    if (!checkValueFile(key, file)) {
      return Optional.empty();
    }
    FileChannel channel;
    try {
      channel = openForReading(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw readFailure(key, file, e);
    }
    try (channel) {
      // the size when opened bounds the read: an entry swapped in after the check (a FIFO, whose
      // size is 0) is never waited on
      long size = channel.size();
      InputStream in = new BufferedInputStream(new Bounded(Channels.newInputStream(channel), size));
      V value = codec.read(in, size);
      if (value == null) {
        throw new IOException("codec " + codec + " returned null");
      }
      return Optional.of(value);
    } catch (IOException e) {
      throw readFailure(key, file, e);
    } catch (RuntimeException e) {
      throw readFailure(key, file, new IOException(e.toString(), e));
    } catch (StackOverflowError e) {
      throw readFailure(key, file, new IOException("the value nests too deeply: " + e, e));
    }
  }

  /**
   * Tells whether an entry has the key's name, without reading it (a damaged entry counts, as it
   * does in {@link #keys()}).
   *
   * @throws NullPointerException if {@code key} is {@code null}
   * @throws IllegalArgumentException if {@code key} cannot be a key here
   * @throws IllegalStateException if the directory was written by version 0.1 and the key's name
   *     needs an escape (see "Older directories" above)
   * @throws UncheckedIOException if the entry's attributes cannot be read
   */
  @Override
  public boolean exists(String key) {
    return basicAttributes(fileOf(key)) != null;
  }

  /**
   * Writes the value atomically to the key's file, creating the directory if needed.
   *
   * @throws NullPointerException if {@code key} or {@code value} is {@code null}
   * @throws IllegalArgumentException if {@code key} cannot be a key here
   * @throws IllegalStateException if the directory was written by version 0.1 and the key's name
   *     needs an escape (see "Older directories" above)
   * @throws UncheckedIOException naming the key and the file if the codec or the write fails (a
   *     directory in the way, a full disk); no temporary file is left and the previous value is
   *     untouched
   */
  @Override
  public void dump(String key, V value) {
    Objects.requireNonNull(key, "key");
    if (foldCase == null) {
      StashKeys.encode(key, forceFoldCase); // a bad key creates no directory
      createDirectory(() -> "key " + StashKeys.quote(key));
    }
    Path file = fileOf(key);
    Objects.requireNonNull(value, "value");
    byte[] content;
    try {
      content = codec.encode(value);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write " + what(key) + " to file " + file + ": " + e, e);
    } catch (RuntimeException e) {
      throw new UncheckedIOException(
          "cannot write " + what(key) + " to file " + file + ": " + e, new IOException(e));
    }
    if (content == null) {
      throw new UncheckedIOException(
          "cannot write " + what(key) + " to file " + file,
          new IOException("codec " + codec + " returned null bytes"));
    }
    writeAtomically(file, key, content);
  }

  /**
   * Deletes the entry under the key's name unless it is a directory.
   *
   * @return {@code true} if an entry was deleted
   * @throws NullPointerException if {@code key} is {@code null}
   * @throws IllegalArgumentException if {@code key} cannot be a key here
   * @throws IllegalStateException if the directory was written by version 0.1 and the key's name
   *     needs an escape (see "Older directories" above)
   * @throws UncheckedIOException naming the key and the file if it cannot be deleted
   */
  @Override
  public boolean delete(String key) {
    Path file = fileOf(key);
    BasicFileAttributes attributes = basicAttributes(file);
    if (attributes == null || attributes.isDirectory()) {
      return false;
    }
    writes.incrementAndGet();
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot delete key " + StashKeys.quote(key) + " file " + file + ": " + e, e);
    }
  }

  /**
   * Removes the completion mark, then the entry of every key in {@link #keys()} except
   * directories. Other entries (and the directory itself) are left.
   *
   * @throws UncheckedIOException naming the file that cannot be deleted
   */
  @Override
  public void clear() {
    clearComplete();
    writes.incrementAndGet();
    for (String key : listKeys(false)) {
      Path file = directory.resolve(StashKeys.encode(key, foldsCase()));
      try {
        if (!Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(file);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot clear key " + StashKeys.quote(key) + " file " + file + ": " + e, e);
      }
    }
  }

  /**
   * Lists the keys without reading any value or file attribute: the decoded names of the entries
   * that are names of keys (so never temporary files, the mark, the lock or stray names). See the
   * class documentation for when an earlier listing is reused.
   *
   * @return an unmodifiable snapshot; empty if the directory does not exist
   * @throws UncheckedIOException if the directory cannot be listed
   */
  @Override
  public Set<String> keys() {
    return listKeys(cacheKeys);
  }

  private Set<String> listKeys(boolean useCache) {
    FileTime modified;
    try {
      modified =
          Files.readAttributes(directory, BasicFileAttributes.class).lastModifiedTime();
    } catch (NoSuchFileException e) {
      return Set.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list directory " + directory + ": " + e, e);
    }
    long writesBefore = writes.get();
    Listing kept = listing;
    if (useCache
        && kept != null
        && kept.writes() == writesBefore
        && kept.modified().equals(modified)) {
      return kept.keys();
    }
    Instant listedAt = Instant.now();
    boolean fold = foldsCase();
    Set<String> keys = new HashSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        String name = String.valueOf(entry.getFileName());
        String key = StashKeys.decode(name, fold);
        if (key != null && !(legacy && name.indexOf('%') >= 0)) {
          keys.add(key);
        }
      }
    } catch (NoSuchFileException e) {
      return Set.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list directory " + directory + ": " + e, e);
    } catch (DirectoryIteratorException e) {
      throw new UncheckedIOException(
          "cannot list directory " + directory + ": " + e.getCause(), e.getCause());
    }
    Set<String> result = Collections.unmodifiableSet(keys);
    boolean quiet =
        Duration.between(modified.toInstant(), listedAt).compareTo(Duration.ofSeconds(QUIET_SECONDS))
            > 0;
    listing = useCache && quiet ? new Listing(modified, writesBefore, result) : null;
    return result;
  }

  /**
   * Tells whether the completion mark, the regular file {@value #MARKER_NAME}, exists.
   *
   * @throws UncheckedIOException if its attributes cannot be read
   */
  @Override
  public boolean isComplete() {
    BasicFileAttributes attributes = basicAttributes(marker());
    return attributes != null && attributes.isRegularFile();
  }

  /**
   * Writes the completion mark {@value #MARKER_NAME} atomically, as values are written (its
   * content, the time it was written, is informative only). Values dumped earlier are renamed into
   * place before it; see the class documentation for power-loss durability.
   *
   * @throws UncheckedIOException if the mark cannot be written
   */
  @Override
  public void markComplete() {
    String content = "complete " + Instant.now() + "\n";
    if (foldCase == null) {
      createDirectory(() -> "the completion mark");
    }
    writeAtomically(marker(), null, content.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Deletes the completion mark {@value #MARKER_NAME} if it exists.
   *
   * @throws UncheckedIOException if it cannot be deleted
   */
  @Override
  public void clearComplete() {
    Path marker = marker();
    try {
      Files.deleteIfExists(marker);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete completion mark " + marker + ": " + e, e);
    }
  }

  /**
   * Locks the directory against other processes and other instances of this JVM over the same
   * directory: an exclusive lock ({@link FileChannel#lock()}) on the file {@value #LOCK_NAME} in
   * it, created (with the directory) if needed. A directory holds one stash, so the lease covers
   * the whole directory whatever {@code name} is. Reentrant for the holding thread. Where the lock
   * file cannot be created or locked for lack of permission (a read-only directory), only the
   * in-JVM part is held.
   *
   * @param name the name of the stash that primes; used only in messages
   * @return the held lock
   * @throws InterruptedException if interrupted while waiting (the interrupt status is cleared)
   * @throws UncheckedIOException if the lock file cannot be locked for another reason
   */
  @Override
  public Lease awaitPrimeLease(String name) throws InterruptedException {
    Objects.requireNonNull(name, "name");
    ReentrantLock local = PROCESS_LOCKS.computeIfAbsent(directory, d -> new ReentrantLock());
    local.lockInterruptibly();
    if (local.getHoldCount() > 1) {
      return once(local::unlock);
    }
    Path lockFile = directory.resolve(LOCK_NAME);
    FileChannel channel = null;
    try {
      createDirectory(() -> "the lock");
      channel =
          FileChannel.open(
              lockFile,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS);
      FileLock lock = channel.lock();
      FileChannel held = channel;
      return once(
          () -> {
            try {
              lock.release();
              held.close();
            } catch (IOException e) {
              LOG.warn("cannot release the lock {} of {}: {}", lockFile, this, e.toString());
            } finally {
              local.unlock();
            }
          });
    } catch (FileLockInterruptionException e) {
      local.unlock();
      Thread.interrupted();
      throw new InterruptedException("interrupted while waiting for the lock " + lockFile);
    } catch (AccessDeniedException e) {
      closeQuietly(channel);
      LOG.debug("cannot lock {}: {}; locking within this JVM only", lockFile, e.toString());
      return once(local::unlock);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      local.unlock();
      throw new UncheckedIOException(
          "cannot lock " + lockFile + " of " + this + ": " + e,
          e instanceof IOException io ? io : new IOException(e));
    }
  }

  private static Lease once(Runnable release) {
    return new Lease() {
      private boolean released;

      @Override
      public synchronized void close() {
        if (!released) {
          released = true;
          release.run();
        }
      }
    };
  }

  private static void closeQuietly(@Nullable FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing was locked
      }
    }
  }

  /**
   * Renames the files of a directory written by version 0.1, where a file was named after the
   * key itself, to the names of this encoding, so that every such key reads again. Names that are
   * already the name of themselves are left, and so are names starting with {@code .} (which 0.1
   * rejected as keys) and entries that are not regular files. Run it once, with no stash open on
   * the directory.
   *
   * @param directory the directory of the old stash
   * @return the number of files renamed
   * @throws UncheckedIOException if the directory cannot be listed or a file cannot be renamed
   *     (files renamed before stay renamed; running it again finishes the job only if no name of
   *     the new encoding is taken for an old key)
   */
  public static int migrateLegacyNames(Path directory) {
    DirectoryStash<byte[]> probe = new DirectoryStash<>(directory, Codec.bytes());
    boolean fold = probe.foldsCase();
    Map<Path, Path> renames = new LinkedHashMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(probe.directory())) {
      for (Path entry : entries) {
        String name = String.valueOf(entry.getFileName());
        if (name.startsWith(".")
            || !Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        String encoded = StashKeys.encode(name, fold);
        if (!encoded.equals(name) && !Files.exists(probe.directory().resolve(FORMAT_NAME))) {
          renames.put(entry, entry.resolveSibling(encoded));
        }
      }
      // two steps, so that an old name that is another key's new name is moved out of the way
      Map<Path, Path> staged = new LinkedHashMap<>();
      int i = 0;
      for (Map.Entry<Path, Path> rename : renames.entrySet()) {
        Path stage = probe.directory().resolve(".migrate-" + i++);
        Files.move(rename.getKey(), stage, StandardCopyOption.ATOMIC_MOVE);
        staged.put(stage, rename.getValue());
      }
      for (Map.Entry<Path, Path> stage : staged.entrySet()) {
        Files.move(stage.getKey(), stage.getValue(), StandardCopyOption.ATOMIC_MOVE);
      }
      Path format = probe.directory().resolve(FORMAT_NAME);
      if (!Files.exists(format, LinkOption.NOFOLLOW_LINKS)) {
        Files.writeString(format, FORMAT_CONTENT, StandardOpenOption.CREATE_NEW);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot migrate " + directory + ": " + e, e);
    } catch (DirectoryIteratorException e) {
      throw new UncheckedIOException(
          "cannot migrate " + directory + ": " + e.getCause(), e.getCause());
    }
    if (!renames.isEmpty()) {
      LOG.info("renamed {} file(s) of {} to the current key encoding", renames.size(), directory);
    }
    return renames.size();
  }

  /**
   * Describes this stash.
   *
   * @return the class name and the directory
   */
  @Override
  public String toString() {
    return "DirectoryStash[" + directory + "]";
  }

  /** What a write is of, for messages: the key quoted, or the completion mark. */
  private static String what(@Nullable String key) {
    return key != null ? "key " + StashKeys.quote(key) : "the completion mark";
  }

  /**
   * Writes {@code content} to a new temporary file named after this JVM's writer registration
   * (see {@link Writer}), in one write for a value under {@value #MAX_WRITE} bytes, then renames
   * it to {@code target}; on failure deletes the temporary file and throws an {@link
   * UncheckedIOException} naming the key ({@code null}: the mark) and the target. If the directory
   * vanished or the temporary file was taken (possible only if someone else removed the
   * registration), writes again under a new registration.
   */
  private void writeAtomically(Path target, @Nullable String key, byte[] content) {
    writes.incrementAndGet();
    for (int attempt = 1; ; attempt++) {
      Writer writer = writer(target, key);
      Path temp = writer.newTemp();
      try {
        try (FileChannel channel = FileChannel.open(temp, CREATE_TEMP, NO_ATTRIBUTES)) {
          ByteBuffer buffer = ByteBuffer.wrap(content);
          while (buffer.position() < content.length) {
            // in slices, so that a large value does not take a direct buffer of its size
            buffer.limit(Math.min(content.length, buffer.position() + MAX_WRITE));
            channel.write(buffer);
          }
          if (syncWrites) {
            channel.force(true);
          }
        }
        Files.move(temp, target, MOVE_OPTIONS);
        writes.incrementAndGet();
        break;
      } catch (NoSuchFileException e) {
        // the directory or the temporary file is gone: again, under a new registration
        deleteTemp(temp, e);
        retire(writer);
        if (attempt >= WRITE_ATTEMPTS) {
          throw new UncheckedIOException(
              "cannot write " + what(key) + " to file " + target + ": " + e, e);
        }
      } catch (IOException e) {
        deleteTemp(temp, e);
        throw new UncheckedIOException(
            "cannot write " + what(key) + " to file " + target + ": " + e, e);
      } catch (RuntimeException e) {
        deleteTemp(temp, e);
        throw new UncheckedIOException(
            "cannot write " + what(key) + " to file " + target + ": " + e, new IOException(e));
      } catch (Error e) {
        deleteTemp(temp, e);
        throw e;
      } finally {
        writer.release();
      }
    }
    if (syncWrites) {
      syncDirectory(directory);
    }
  }

  /**
   * This JVM's registration as a writer of one directory: the file {@value #WRITER_PREFIX}{@code
   * <token>}, created by this JVM and locked exclusively ({@link FileChannel#tryLock()}) for as
   * long as it is registered. Temporary files are named {@value #TEMP_PREFIX}{@code
   * <token>-<decimal counter>}: a cleaner that can lock the registration knows that its writer is gone and
   * deletes its temporary files; one that cannot keeps them. One lock per JVM and directory,
   * taken once, instead of one per write. A registration stays while this JVM writes the
   * directory; idle ones are retired (the file deleted, then closed) when this JVM has written
   * more than {@value #MAX_WRITERS} directories.
   */
  private static final class Writer {
    /** The count of uses once closed. */
    private static final int CLOSED = -1;

    final Path directory;
    final String token;
    final Path file;
    private final @Nullable FileChannel channel;
    private final String tempPrefix;
    private final AtomicLong temps = new AtomicLong();
    private final AtomicInteger users = new AtomicInteger();
    private volatile boolean retired;

    Writer(Path directory, String token, Path file, @Nullable FileChannel channel) {
      this.directory = directory;
      this.token = token;
      this.file = file;
      this.channel = channel;
      this.tempPrefix = TEMP_PREFIX + token + "-";
    }

    /** A new temporary file's path, unique within this registration. */
    Path newTemp() {
      return directory.resolve(tempPrefix + temps.incrementAndGet()); // one string, no hex
    }

    /** Takes a use; {@code false} if retired (another registration must be used). */
    boolean tryUse() {
      for (int n = users.get(); n >= 0 && !retired; n = users.get()) {
        if (users.compareAndSet(n, n + 1)) {
          if (retired) {
            release();
            return false;
          }
          return true;
        }
      }
      return false;
    }

    void release() {
      if (users.decrementAndGet() == 0 && retired) {
        closeIfIdle();
      }
    }

    /** Takes no new uses; closed when the last use ends (now, if idle). */
    void retire() {
      retired = true;
      closeIfIdle();
    }

    boolean isIdle() {
      return users.get() == 0;
    }

    private void closeIfIdle() {
      if (!users.compareAndSet(0, CLOSED)) {
        return;
      }
      try {
        Files.deleteIfExists(file); // while locked, so that no cleaner judges it meanwhile
      } catch (IOException e) {
        LOG.debug("cannot delete the writer registration {}: {}", file, e.toString());
      }
      closeQuietly(channel);
      LIVE_TOKENS.remove(token);
    }
  }

  /**
   * Returns this JVM's registration as a writer of the directory, in use until released; creates
   * the directory if it is missing.
   */
  private Writer writer(Path target, @Nullable String key) {
    try {
      try {
        return acquireWriter();
      } catch (NoSuchFileException e) {
        createDirectory(() -> what(key)); // missing (deleted since): create it again
        return acquireWriter();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write " + what(key) + " to file " + target + ": cannot register as a writer"
              + " of the directory: " + e,
          e);
    }
  }

  /** Returns this JVM's registration as a writer of the directory, in use until released. */
  private Writer acquireWriter() throws IOException {
    for (; ; ) {
      Writer writer = WRITERS.get(directory);
      if (writer == null) {
        // one registration at a time: many first writes at once make one file, not one each
        REGISTERING.lock();
        try {
          writer = WRITERS.get(directory);
          if (writer == null) {
            writer = register();
            WRITERS.put(directory, writer);
            evictIdleWriters(writer);
          }
        } finally {
          REGISTERING.unlock();
        }
      }
      if (writer.tryUse()) {
        return writer;
      }
      WRITERS.remove(directory, writer);
    }
  }

  /** Ends a registration that no longer stands for this JVM's temporary files. */
  private void retire(Writer writer) {
    WRITERS.remove(directory, writer);
    writer.retire();
  }

  /** Keeps at most {@value #MAX_WRITERS} registrations: retires idle ones beyond. */
  private static void evictIdleWriters(Writer keep) {
    if (WRITERS.size() <= MAX_WRITERS) {
      return;
    }
    for (Writer writer : WRITERS.values()) {
      if (writer != keep && writer.isIdle() && WRITERS.remove(writer.directory, writer)) {
        writer.retire();
      }
    }
  }

  /**
   * Creates and locks a new registration file. A cleaner of another process that locked it in the
   * instant between its creation and this lock deletes it; then a new one is made.
   *
   * @throws NoSuchFileException if the directory does not exist
   */
  private Writer register() throws IOException {
    for (int attempt = 1; ; attempt++) {
      String token = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
      Path file = directory.resolve(WRITER_PREFIX + token);
      LIVE_TOKENS.add(token); // before the file exists: no cleaner of this JVM ever opens it
      FileChannel channel = null;
      try {
        channel = FileChannel.open(file, CREATE_TEMP, NO_ATTRIBUTES);
        FileLock lock;
        try {
          lock = tryLock(channel, false);
        } catch (IOException unsupported) {
          // no locks on this file system: cleaners judge temporary files by their age
          LOG.debug("cannot lock {}: {}; leftovers are judged by age", file, unsupported.toString());
          closeQuietly(channel);
          return new Writer(directory, token, file, null);
        }
        if (lock != null && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
          return new Writer(directory, token, file, channel);
        }
        // a cleaner of another process locked it first: it deletes it
        closeQuietly(channel);
        LIVE_TOKENS.remove(token);
        if (attempt >= WRITE_ATTEMPTS) {
          throw new IOException("the registration " + file + " was taken by a cleaner each time");
        }
      } catch (IOException | RuntimeException e) {
        closeQuietly(channel);
        LIVE_TOKENS.remove(token);
        throw e;
      }
    }
  }

  /**
   * Takes a lock on {@code channel} without waiting.
   *
   * @return the lock, or {@code null} if another holder has it (in this JVM or another process)
   * @throws IOException if the file system does not support locks
   */
  private static @Nullable FileLock tryLock(FileChannel channel, boolean shared)
      throws IOException {
    try {
      return channel.tryLock(0L, Long.MAX_VALUE, shared);
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  /**
   * Creates the directory if needed (syncing its parent with syncWrites) and probes it, one caller
   * at a time: many first writes at once (virtual threads) create, probe and scan it once, not
   * once each.
   */
  private void createDirectory(Supplier<String> what) {
    opening.lock();
    try {
      createDirectoryOnce(what);
    } finally {
      opening.unlock();
    }
  }

  private void createDirectoryOnce(Supplier<String> what) {
    if (!Files.isDirectory(directory)) {
      Writer stale = WRITERS.remove(directory);
      if (stale != null) {
        stale.retire(); // its file went with the directory
      }
      try {
        Files.createDirectories(directory);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot write " + what.get() + ": cannot create directory " + directory + ": " + e, e);
      }
      Path parent = directory.getParent();
      if (syncWrites && parent != null) {
        syncDirectory(parent); // the new directory's entry, for a power loss
      }
    }
    if (foldCase == null) {
      foldsCase();
      scanOnOpening();
    }
  }

  /** Deletes a temporary file after a failed write, attaching a failure to {@code cause}. */
  private static void deleteTemp(Path temp, Throwable cause) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }

  /** Forces the directory's entries to disk; logs, but does not throw, where unsupported. */
  private void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      LOG.warn("cannot sync directory {} of {}: {}", dir, this, e.toString());
    }
  }

  /** Whether names escape upper-case letters; decided once the directory exists. */
  private boolean foldsCase() {
    Boolean mode = foldCase;
    return mode != null ? mode : decideCaseMode();
  }

  private synchronized boolean decideCaseMode() {
    Boolean mode = foldCase;
    if (mode != null) {
      return mode;
    }
    if (!Files.isDirectory(directory)) {
      return forceFoldCase; // nothing is stored yet; decided when the directory is created
    }
    if (forceFoldCase) {
      foldCase = true;
      return true;
    }
    Boolean probed = probeFoldsCase();
    boolean decided = probed != null ? probed : namesEscapeUpperCase();
    if (decided) {
      LOG.info("{}: the file system folds case; upper-case letters of keys are escaped", this);
    }
    foldCase = decided;
    return decided;
  }

  /**
   * Creates a file with a lower-case name and looks for its upper-case name.
   *
   * @return whether the file system folds case, or {@code null} if the directory is not writable
   */
  private @Nullable Boolean probeFoldsCase() {
    String name =
        TEMP_PREFIX + "case-" + Long.toHexString(ThreadLocalRandom.current().nextLong() | 1L << 62);
    Path lower = directory.resolve(name);
    WRITING.add(lower);
    try (FileChannel channel = FileChannel.open(lower, CREATE_TEMP, NO_ATTRIBUTES)) {
      tryLock(channel, false);
      try {
        return Files.exists(
            directory.resolve(name.toUpperCase(Locale.ROOT)), LinkOption.NOFOLLOW_LINKS);
      } finally {
        Files.deleteIfExists(lower);
      }
    } catch (IOException e) {
      LOG.debug("cannot probe case folding in {}: {}", directory, e.toString());
      return null;
    } finally {
      WRITING.remove(lower);
    }
  }

  /** For a read-only directory: whether a name holds the escape of an upper-case letter. */
  private boolean namesEscapeUpperCase() {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        String name = String.valueOf(entry.getFileName());
        for (int i = name.indexOf('%'); i >= 0 && i + 2 < name.length(); i = name.indexOf('%', i + 1)) {
          String hex = name.substring(i + 1, i + 3);
          if (hex.compareTo("41") >= 0 && hex.compareTo("5A") <= 0) {
            return true;
          }
        }
      }
    } catch (IOException | DirectoryIteratorException e) {
      LOG.debug("cannot list {}: {}", directory, e.toString());
    }
    return false;
  }

  /**
   * On opening: deletes the temporary files of writers that are gone and warns about names that
   * are not keys (such as those of a directory written by version 0.1).
   */
  private void scanOnOpening() {
    int removed = 0;
    int kept = 0;
    int stray = 0;
    int values = 0;
    List<String> examples = new ArrayList<>();
    List<Path> temps = new ArrayList<>();
    List<Path> registrations = new ArrayList<>();
    boolean fold = foldsCase();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        String name = String.valueOf(entry.getFileName());
        if (name.startsWith(TEMP_PREFIX)) {
          temps.add(entry);
        } else if (name.startsWith(WRITER_PREFIX)) {
          registrations.add(entry);
        } else if (!name.startsWith(".")) {
          values++;
          if (StashKeys.decode(name, fold) == null || name.indexOf('%') >= 0) {
            stray++;
            if (examples.size() < 3) {
              examples.add(StashKeys.quote(name));
            }
          }
        }
      }
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list directory " + directory + ": " + e, e);
    } catch (DirectoryIteratorException e) {
      throw new UncheckedIOException(
          "cannot list directory " + directory + ": " + e.getCause(), e.getCause());
    }
    // a registration that this process can lock is of a writer that is gone
    Set<String> live = new HashSet<>();
    for (Path registration : registrations) {
      String token = String.valueOf(registration.getFileName()).substring(WRITER_PREFIX.length());
      if (!removeRegistrationIfLeftover(registration, token)) {
        live.add(token);
      }
    }
    for (Path temp : temps) {
      String token = tokenOf(String.valueOf(temp.getFileName()));
      // a live writer's file is kept; any other is judged by its own lock (or age)
      if (token != null && (live.contains(token) || LIVE_TOKENS.contains(token))) {
        kept++;
      } else if (removeIfLeftover(temp)) {
        removed++;
      } else {
        kept++;
      }
    }
    if (removed > 0) {
      LOG.info("removed {} leftover temporary file(s) in {}", removed, directory);
    }
    if (kept > 0) {
      LOG.debug("left {} temporary file(s) of live writers in {}", kept, directory);
    }
    Path format = directory.resolve(FORMAT_NAME);
    if (Files.exists(format, LinkOption.NOFOLLOW_LINKS)) {
      legacy = false;
    } else if (stray == 0) {
      // empty, or every name is its own key in both encodings: adopt it as it is
      legacy = false;
      try {
        Files.writeString(format, FORMAT_CONTENT, StandardOpenOption.CREATE_NEW);
      } catch (FileAlreadyExistsException e) {
        // another instance marked it
      } catch (IOException e) {
        LOG.debug("cannot mark the format of {}: {}", directory, e.toString());
      }
    } else {
      legacy = true;
      LOG.warn(
          "{}: {} of {} file name(s) were written by zensols.multi 0.1, which named files after"
              + " the keys themselves (e.g. {}); they are not read, and keys whose names need an"
              + " escape are refused, until the names are renamed once with"
              + " DirectoryStash.migrateLegacyNames(directory)",
          this,
          stray,
          values,
          String.join(", ", examples));
    }
  }

  private IllegalStateException legacyDirectory(String key) {
    return new IllegalStateException(
        "key "
            + StashKeys.quote(key)
            + ": "
            + directory
            + " was written by zensols.multi 0.1, which named files after the keys themselves;"
            + " a key whose file name needs an escape cannot be read or written there until the"
            + " names are renamed once with DirectoryStash.migrateLegacyNames(directory)");
  }

  /**
   * The registration token in a temporary file's name {@value #TEMP_PREFIX}{@code
   * <token>-<counter>}, or {@code null} for a name of another form (written by an older version,
   * or the case probe).
   */
  private static @Nullable String tokenOf(String name) {
    int end = TEMP_PREFIX.length() + 16;
    if (name.length() <= end + 1 || name.charAt(end) != '-') {
      return null;
    }
    for (int i = TEMP_PREFIX.length(); i < end; i++) {
      if (Character.digit(name.charAt(i), 16) < 0) {
        return null;
      }
    }
    return name.substring(TEMP_PREFIX.length(), end);
  }

  /**
   * Deletes the temporary file {@code entry} if its writer is gone: if this process can take a
   * lock on it (or, where locks are unsupported, if it is old).
   *
   * @return whether it was deleted
   */
  private boolean removeIfLeftover(Path entry) {
    return isLeftover(entry) && deleteQuietly(entry);
  }

  /**
   * Deletes a writer's registration if its writer is gone (see {@link #isLeftover}), while holding
   * its lock, so that a writer registering under that name in the same instant sees it gone and
   * registers anew. Its temporary files are left for the caller.
   *
   * @return whether the writer is gone (whether or not the file could be deleted)
   */
  private boolean removeRegistrationIfLeftover(Path registration, String token) {
    if (LIVE_TOKENS.contains(token)) {
      return false; // this JVM's: opening it here would drop this JVM's lock
    }
    BasicFileAttributes attributes = basicAttributes(registration);
    if (attributes == null || !attributes.isRegularFile()) {
      return attributes == null; // vanished: gone; a stray entry of that name: judge nothing
    }
    try (FileChannel channel =
        FileChannel.open(registration, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      FileLock lock;
      try {
        lock = tryLock(channel, true);
      } catch (IOException unsupported) {
        Instant old = Instant.now().minus(Duration.ofHours(UNLOCKABLE_LEFTOVER_HOURS));
        if (attributes.lastModifiedTime().toInstant().isAfter(old)) {
          return false;
        }
        deleteQuietly(registration); // its temporary files are then judged by their age
        return true;
      }
      if (lock == null) {
        return false; // its writer holds it
      }
      deleteQuietly(registration);
      return true;
    } catch (NoSuchFileException e) {
      return true;
    } catch (IOException e) {
      LOG.debug("cannot judge the writer registration {}: {}", registration, e.toString());
      return false;
    }
  }

  private boolean deleteQuietly(Path entry) {
    try {
      return Files.deleteIfExists(entry);
    } catch (AccessDeniedException e) {
      LOG.debug("cannot remove leftover {}: {}", entry, e.toString());
      return false;
    } catch (IOException e) {
      LOG.warn("cannot remove leftover {}: {}", entry, e.toString());
      return false;
    }
  }

  /**
   * Whether a temporary file of no live registration is left by a writer that is gone: this
   * process can take a lock on it (which an older version's writer held while writing) or, where
   * locks are unsupported, it is older than {@value #UNLOCKABLE_LEFTOVER_HOURS} hour. Never opens
   * a file this JVM is writing: closing it would drop this JVM's lock.
   */
  private boolean isLeftover(Path entry) {
    if (WRITING.contains(entry)) {
      return false; // this JVM is writing it; opening it here would drop this JVM's lock
    }
    BasicFileAttributes attributes = basicAttributes(entry);
    if (attributes == null || !attributes.isRegularFile()) {
      return false;
    }
    try (FileChannel channel =
        FileChannel.open(entry, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      FileLock lock;
      try {
        lock = tryLock(channel, true);
      } catch (IOException unsupported) {
        Instant old = Instant.now().minus(Duration.ofHours(UNLOCKABLE_LEFTOVER_HOURS));
        return !attributes.lastModifiedTime().toInstant().isAfter(old);
      }
      return lock != null; // null: a live writer holds it
    } catch (NoSuchFileException e) {
      return false;
    } catch (AccessDeniedException e) {
      LOG.debug("cannot judge leftover {}: {}", entry, e.toString());
      return false;
    } catch (IOException e) {
      LOG.warn("cannot judge leftover {}: {}", entry, e.toString());
      return false;
    }
  }

  /** Validates {@code key} and returns its file, always directly inside the directory. */
  private Path fileOf(String key) {
    String name = StashKeys.encode(key, foldsCase());
    if (legacy && name.indexOf('%') >= 0) {
      throw legacyDirectory(key);
    }
    Path file;
    try {
      file = directory.resolve(name);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "invalid key " + StashKeys.quote(key) + ": not a file name here: " + e.getMessage(), e);
    }
    // a name of the encoding has no separator and no leading dot: the parent check (which
    // allocates a path) is only for a name that could name something else
    boolean plain =
        name.charAt(0) != '.' && name.indexOf('/') < 0 && name.indexOf('\\') < 0
            && name.indexOf(':') < 0;
    if (!plain && !directory.equals(file.getParent())) {
      throw new IllegalArgumentException(
          "invalid key " + StashKeys.quote(key) + ": does not name a file in " + directory);
    }
    return file;
  }

  private Path marker() {
    return directory.resolve(MARKER_NAME);
  }

  /**
   * Opens a value file for reading without ever blocking in {@code open}: read-write where
   * permitted (opening a FIFO read-write returns at once), read-only otherwise.
   */
  private static FileChannel openForReading(Path file) throws IOException {
    try {
      return FileChannel.open(
          file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    } catch (AccessDeniedException e) {
      return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }
  }

  /**
   * Checks the entry of a value file before it is read: a regular file with one link.
   *
   * @return {@code false} if nothing has the name
   * @throws UncheckedIOException naming the key and file if the entry is damaged
   */
  private static boolean checkValueFile(String key, Path file) {
    Map<String, Object> attributes;
    try {
      // one stat: the type and the link count
      attributes =
          Files.readAttributes(
              file, "unix:isRegularFile,isDirectory,isSymbolicLink,nlink", LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      BasicFileAttributes basic = basicAttributes(file); // not a unix file system: no link count
      if (basic == null) {
        return false;
      }
      attributes = new LinkedHashMap<>();
      attributes.put("isRegularFile", basic.isRegularFile());
      attributes.put("isDirectory", basic.isDirectory());
      attributes.put("isSymbolicLink", basic.isSymbolicLink());
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw readFailure(key, file, e);
    }
    if (!Boolean.TRUE.equals(attributes.get("isRegularFile"))) {
      String what =
          Boolean.TRUE.equals(attributes.get("isDirectory"))
              ? "a directory"
              : Boolean.TRUE.equals(attributes.get("isSymbolicLink"))
                  ? "a symbolic link"
                  : "a special file";
      throw readFailure(
          key, file, new IOException("not a regular file but " + what + "; it is not read"));
    }
    if (attributes.get("nlink") instanceof Integer n && n > 1) {
      throw readFailure(
          key,
          file,
          new IOException(
              "it has "
                  + n
                  + " hard links; a value file has one, so that no file outside the directory is"
                  + " read through it"));
    }
    return true;
  }

  /**
   * The attributes of {@code path}, without following a symbolic link.
   *
   * @return {@code null} if nothing has that name
   * @throws UncheckedIOException if the attributes cannot be read for another reason
   */
  private static @Nullable BasicFileAttributes basicAttributes(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read attributes of " + path + ": " + e, e);
    }
  }

  private static UncheckedIOException readFailure(String key, Path file, IOException cause) {
    return new UncheckedIOException(
        "cannot read key " + StashKeys.quote(key) + " from file " + file + ": " + cause, cause);
  }

  /** Reads at most the size the file had when it was opened. */
  private static final class Bounded extends FilterInputStream {
    private long left;

    Bounded(InputStream in, long size) {
      super(in);
      this.left = size;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return len == 0 ? 0 : -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(left, super.available());
    }
  }
}
