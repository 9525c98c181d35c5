package zensols.multi.stash;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stash that keeps one file per key in a directory, encoded by a {@link Codec}, the Java
 * counterpart of the original's {@code DirectoryStash}.
 *
 * <p><b>Layout.</b> The value of key {@code k} is the file {@code <directory>/k}, named exactly
 * the key, without extension. The directory is created (with its parents) on the first write;
 * until then the stash is empty. Names starting with {@code .} are reserved: temporary files are
 * named {@value #TEMP_PREFIX}{@code <pid>-<random hex>}, after the process that writes them, and
 * the completion mark is the file {@value #MARKER_NAME}.
 *
 * <p><b>Keys.</b> Every method taking a key validates it before touching the disk, and throws
 * {@link IllegalArgumentException} quoting the key (control characters escaped as {@code
 * \}{@code uXXXX}) if it is:
 *
 * <ul>
 *   <li>empty, {@code "."} or {@code ".."};
 *   <li>starting with {@code "."} (reserved for temporary files and the completion mark);
 *   <li>holding {@code '/'} or {@code '\'}, NUL or any other control character (U+0000–U+001F,
 *       U+007F–U+009F), or an unpaired surrogate;
 *   <li>longer than 255 bytes in UTF-8.
 * </ul>
 *
 * <p>So a key always names a file directly inside the directory: nothing is ever read or written
 * outside it. Keys are case sensitive only where the file system is.
 *
 * <p><b>Atomic writes.</b> {@link #dump(String, Object)} writes the value to a new temporary file
 * in the directory, then renames it over the key's file with {@link
 * StandardCopyOption#ATOMIC_MOVE}. A reader sees the old value or the new one, never a partial
 * one, even if the process is killed mid-write. If the codec or the write fails, the temporary file
 * is deleted and an {@link UncheckedIOException} naming the key and the file is thrown; the key's
 * previous value, if any, is untouched. With {@link DirectoryStashBuilder#syncWrites(boolean)},
 * the file is forced to disk before the rename and the directory after it, so that values and the
 * completion mark also survive a power loss; without it (the default) they survive a crash of the
 * process but not necessarily of the machine.
 *
 * <p><b>Leftovers.</b> The constructor deletes temporary files left by a process killed
 * mid-write: those whose process is not running on this host (and those not named after a
 * process). The temporary files of a running process, this one included, are left alone, so
 * opening a directory never breaks another process's or instance's in-flight write on the same
 * host. On storage shared between hosts, another host's process is not visible: open the stash on
 * every host before any of them writes, or its in-flight writes may fail. {@link #keys()} never
 * lists temporary files or the mark.
 *
 * <p><b>Symbolic links and special files.</b> Only regular files are values. Entries are examined
 * with {@link LinkOption#NOFOLLOW_LINKS} and values are opened with it, so a symbolic link is
 * never followed: a link, directory or other special file under a key's name reads as absent
 * ({@code load}/{@code get} empty, {@code exists} false, not in {@code keys()}); {@code delete}
 * leaves it and returns {@code false}; {@code dump} replaces a link or special file by a regular
 * file (the rename replaces the entry itself, never a link's target) and fails on a directory. The
 * directory given to the constructor may itself be a symbolic link.
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
 * @param <V> the type of the values
 */
public final class DirectoryStash<V> implements Stash<V>, CompletionMarker {

  /** The prefix of the temporary files written before a value is renamed into place. */
  public static final String TEMP_PREFIX = ".tmp-";

  /** The name of the file holding the completion mark. */
  public static final String MARKER_NAME = ".complete";

  private static final Logger LOG = LoggerFactory.getLogger(DirectoryStash.class);

  private final Path directory;
  private final Codec<V> codec;
  private final boolean syncWrites;

  /** The id of this process, in the names of its temporary files. */
  private static final long PID = ProcessHandle.current().pid();

  /** How a temporary file is opened: it must not exist yet. */
  private static final StandardOpenOption[] CREATE_TEMP = {
    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE
  };

  /**
   * Opens a stash over {@code directory} without forced syncs, deleting leftover temporary files
   * if the directory exists. The directory need not exist yet.
   *
   * @param directory the directory holding the files; made absolute
   * @param codec the codec of the values
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code directory} exists but is not a directory
   * @throws UncheckedIOException if the leftover temporary files cannot be listed or deleted
   */
  public DirectoryStash(Path directory, Codec<V> codec) {
    this(directory, codec, false);
  }

  /** The constructor of {@link DirectoryStashBuilder#build()}. */
  DirectoryStash(Path directory, Codec<V> codec, boolean syncWrites) {
    this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
    this.codec = Objects.requireNonNull(codec, "codec");
    this.syncWrites = syncWrites;
    if (Files.exists(this.directory) && !Files.isDirectory(this.directory)) {
      throw new IllegalArgumentException("not a directory: " + this.directory);
    }
    removeLeftovers();
  }

  /**
   * Returns a builder for a stash over {@code directory}, for the options beyond the
   * constructor's.
   *
   * @param <V> the type of the values
   * @param directory the directory holding the files
   * @param codec the codec of the values
   * @return a new builder with {@code syncWrites(false)}
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
   * Reads and decodes the key's file.
   *
   * @return the value, or empty if no regular file has the key's name
   * @throws NullPointerException if {@code key} is {@code null}
   * @throws IllegalArgumentException if {@code key} is not a valid key
   * @throws UncheckedIOException naming the key and the file if it cannot be read or decoded
   */
  @Override
  public Optional<V> load(String key) {
    Path file = fileOf(key);
    if (!isRegularFile(file)) {
      return Optional.empty();
    }
    InputStream raw;
    try {
      raw = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw readFailure(key, file, e);
    }
    try (InputStream in = new BufferedInputStream(raw)) {
      V value = codec.read(in);
      if (value == null) {
        throw new IOException("codec " + codec + " returned null");
      }
      return Optional.of(value);
    } catch (IOException e) {
      throw readFailure(key, file, e);
    } catch (RuntimeException e) {
      throw readFailure(key, file, new IOException(e.toString(), e));
    }
  }

  /**
   * Tells whether a regular file has the key's name, without reading it.
   *
   * @throws NullPointerException if {@code key} is {@code null}
   * @throws IllegalArgumentException if {@code key} is not a valid key
   * @throws UncheckedIOException if the file's attributes cannot be read
   */
  @Override
  public boolean exists(String key) {
    return isRegularFile(fileOf(key));
  }

  /**
   * Writes the value atomically to the key's file, creating the directory if needed.
   *
   * @throws NullPointerException if {@code key} or {@code value} is {@code null}
   * @throws IllegalArgumentException if {@code key} is not a valid key
   * @throws UncheckedIOException naming the key and the file if the codec or the write fails; no
   *     temporary file is left and the previous value is untouched
   */
  @Override
  public void dump(String key, V value) {
    Path file = fileOf(key);
    Objects.requireNonNull(value, "value");
    writeAtomically(file, () -> "key " + StashKeys.quote(key), out -> codec.write(value, out));
  }

  /**
   * Deletes the key's file if it is a regular file.
   *
   * @return {@code true} if a file was deleted
   * @throws NullPointerException if {@code key} is {@code null}
   * @throws IllegalArgumentException if {@code key} is not a valid key
   * @throws UncheckedIOException naming the key and the file if it cannot be deleted
   */
  @Override
  public boolean delete(String key) {
    Path file = fileOf(key);
    if (!isRegularFile(file)) {
      return false;
    }
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot delete key " + StashKeys.quote(key) + " file " + file + ": " + e, e);
    }
  }

  /**
   * Removes the completion mark, then the file of every key in {@link #keys()}. Other entries (and
   * the directory itself) are left.
   *
   * @throws UncheckedIOException naming the file that cannot be deleted
   */
  @Override
  public void clear() {
    clearComplete();
    for (String key : keys()) {
      Path file = directory.resolve(key);
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot clear key " + StashKeys.quote(key) + " file " + file + ": " + e, e);
      }
    }
  }

  /**
   * Lists the keys without reading any value: the names of the regular files in the directory
   * that are valid keys (so never temporary files or the completion mark).
   *
   * @return an unmodifiable snapshot; empty if the directory does not exist
   * @throws UncheckedIOException if the directory cannot be listed
   */
  @Override
  public Set<String> keys() {
    Set<String> keys = new HashSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        String name = String.valueOf(entry.getFileName());
        if (StashKeys.isFileKey(name) && isRegularFile(entry)) {
          keys.add(name);
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
    return Collections.unmodifiableSet(keys);
  }

  /**
   * Tells whether the completion mark, the regular file {@value #MARKER_NAME}, exists.
   *
   * @throws UncheckedIOException if its attributes cannot be read
   */
  @Override
  public boolean isComplete() {
    return isRegularFile(marker());
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
    writeAtomically(
        marker(),
        () -> "the completion mark",
        out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
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
   * Describes this stash.
   *
   * @return the class name and the directory
   */
  @Override
  public String toString() {
    return "DirectoryStash[" + directory + "]";
  }

  /** Writes the content of one file, for {@link #writeAtomically}. */
  @FunctionalInterface
  private interface ContentWriter {
    void write(OutputStream out) throws IOException;
  }

  /**
   * Writes a temporary file with {@code writer}, then renames it to {@code target}; on failure
   * deletes the temporary file and throws an {@link UncheckedIOException} naming {@code what} and
   * the target.
   */
  private void writeAtomically(Path target, Supplier<String> what, ContentWriter writer) {
    Path temp =
        directory.resolve(
            TEMP_PREFIX + PID + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      if (syncWrites) {
        try (FileChannel channel = openTemp(() -> FileChannel.open(temp, CREATE_TEMP))) {
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
          writer.write(out);
          out.flush();
          channel.force(true);
        }
      } else {
        // a plain stream opens and closes faster than a FileChannel; closing it flushes
        try (OutputStream out =
            new BufferedOutputStream(openTemp(() -> Files.newOutputStream(temp, CREATE_TEMP)))) {
          writer.write(out);
        }
      }
      Files.move(
          temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      deleteTemp(temp, e);
      throw new UncheckedIOException(
          "cannot write " + what.get() + " to file " + target + ": " + e, e);
    } catch (RuntimeException e) {
      deleteTemp(temp, e);
      throw new UncheckedIOException(
          "cannot write " + what.get() + " to file " + target + ": " + e, new IOException(e));
    } catch (Error e) {
      deleteTemp(temp, e);
      throw e;
    }
    if (syncWrites) {
      syncDirectory(directory);
    }
  }

  /**
   * Creates the temporary file; creates the directory only when it is missing (on the first write,
   * or after it was removed), so that a write costs no {@code mkdir} call and no exception.
   */
  private <T> T openTemp(TempOpener<T> opener) throws IOException {
    try {
      return opener.open();
    } catch (NoSuchFileException e) {
      try {
        Files.createDirectories(directory);
      } catch (IOException mkdir) {
        throw new IOException("cannot create directory " + directory + ": " + mkdir, mkdir);
      }
      Path parent = directory.getParent();
      if (syncWrites && parent != null) {
        syncDirectory(parent); // the new directory's entry, for a power loss
      }
      return opener.open();
    }
  }

  /** Opens a new temporary file. */
  @FunctionalInterface
  private interface TempOpener<T> {
    T open() throws IOException;
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

  /** Deletes the temporary files a killed process left behind, if the directory exists. */
  /** Whether the temporary file {@code entry} is named after a process running on this host. */
  private static boolean writerIsRunning(Path entry) {
    String name = String.valueOf(entry.getFileName());
    int dash = name.indexOf('-', TEMP_PREFIX.length());
    if (dash < 0) {
      return false;
    }
    try {
      long pid = Long.parseLong(name.substring(TEMP_PREFIX.length(), dash));
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private void removeLeftovers() {
    int removed = 0;
    try (DirectoryStream<Path> entries =
        Files.newDirectoryStream(
            directory, entry -> String.valueOf(entry.getFileName()).startsWith(TEMP_PREFIX))) {
      for (Path entry : entries) {
        if (writerIsRunning(entry)) {
          continue;
        }
        if (Files.deleteIfExists(entry)) {
          LOG.debug("removed leftover temporary file {}", entry);
          removed++;
        }
      }
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot remove leftover temporary files in " + directory + ": " + e, e);
    } catch (DirectoryIteratorException e) {
      throw new UncheckedIOException(
          "cannot remove leftover temporary files in " + directory + ": " + e.getCause(),
          e.getCause());
    }
    if (removed > 0) {
      LOG.info("removed {} leftover temporary file(s) in {}", removed, directory);
    }
  }

  /** Validates {@code key} and returns its file, always directly inside the directory. */
  private Path fileOf(String key) {
    StashKeys.requireFileKey(key);
    Path file;
    try {
      file = directory.resolve(key);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "invalid key " + StashKeys.quote(key) + ": not a file name here: " + e.getMessage(), e);
    }
    if (!directory.equals(file.getParent())) {
      throw new IllegalArgumentException(
          "invalid key " + StashKeys.quote(key) + ": does not name a file in " + directory);
    }
    return file;
  }

  private Path marker() {
    return directory.resolve(MARKER_NAME);
  }

  /**
   * Tells whether {@code path} is a regular file, without following a symbolic link.
   *
   * @return {@code false} if nothing has that name
   * @throws UncheckedIOException if the attributes cannot be read for another reason
   */
  private static boolean isRegularFile(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .isRegularFile();
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read attributes of " + path + ": " + e, e);
    }
  }

  private static UncheckedIOException readFailure(String key, Path file, IOException cause) {
    return new UncheckedIOException(
        "cannot read key " + StashKeys.quote(key) + " from file " + file + ": " + cause, cause);
  }
}
