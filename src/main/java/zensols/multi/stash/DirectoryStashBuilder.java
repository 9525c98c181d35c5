package zensols.multi.stash;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Builds a {@link DirectoryStash} with options beyond its constructor's; obtained from {@link
 * DirectoryStash#builder(Path, Codec)}. Not thread safe; {@link #build()} may be called more
 * than once.
 *
 * @param <V> the type of the values
 */
public final class DirectoryStashBuilder<V> {

  private final Path directory;
  private final Codec<V> codec;
  private boolean syncWrites;
  private boolean foldCase;
  private boolean cacheKeys = true;

  DirectoryStashBuilder(Path directory, Codec<V> codec) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  /**
   * Sets whether each write forces the file to disk before renaming it into place and the
   * directory after, so that values and the completion mark survive a power loss (default {@code
   * false}: writes survive a crash of the process, which needs no sync). Slower by one or two
   * {@code fsync} per write.
   *
   * @param syncWrites {@code true} to sync every write
   * @return this builder
   */
  public DirectoryStashBuilder<V> syncWrites(boolean syncWrites) {
    this.syncWrites = syncWrites;
    return this;
  }

  /**
   * Sets whether upper-case letters of keys are escaped in file names even where the probe finds
   * that the file system does not fold case (default {@code false}: escaped only where it folds
   * case), for a directory that will be copied to a case-folding file system. Keys then never
   * share a file whatever the file system.
   *
   * @param foldCase {@code true} to escape upper-case letters always
   * @return this builder
   */
  public DirectoryStashBuilder<V> foldCase(boolean foldCase) {
    this.foldCase = foldCase;
    return this;
  }

  /**
   * Sets whether {@link DirectoryStash#keys()} reuses its last listing while the directory is
   * unchanged (default {@code true}; see "Listing cost" on {@link DirectoryStash}). Turn it off on
   * a network file system whose client caches attributes, where another host's change can take
   * that long to show.
   *
   * @param cacheKeys {@code false} to list the directory on every call
   * @return this builder
   */
  public DirectoryStashBuilder<V> cacheKeys(boolean cacheKeys) {
    this.cacheKeys = cacheKeys;
    return this;
  }

  /**
   * Opens the stash, as {@link DirectoryStash#DirectoryStash(Path, Codec)} does.
   *
   * @return a new stash
   * @throws IllegalArgumentException if the directory exists but is not a directory
   * @throws java.io.UncheckedIOException if the directory cannot be listed
   */
  public DirectoryStash<V> build() {
    return new DirectoryStash<>(directory, codec, syncWrites, foldCase, cacheKeys);
  }
}
