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
   * Opens the stash, as {@link DirectoryStash#DirectoryStash(Path, Codec)} does.
   *
   * @return a new stash
   * @throws IllegalArgumentException if the directory exists but is not a directory
   * @throws java.io.UncheckedIOException if leftover temporary files cannot be removed
   */
  public DirectoryStash<V> build() {
    return new DirectoryStash<>(directory, codec, syncWrites);
  }
}
