package zensols.multi.sqlite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import zensols.multi.stash.Codec;

/**
 * Builds a {@link SqliteStash}; obtained from {@link SqliteStash#builder()}. Every option is a
 * named method; {@link #build()} checks them and names the one that is missing or wrong. Not
 * thread safe; {@link #build()} may be called more than once (each call opens a new stash).
 *
 * <p>Required: {@link #file(Path)}, {@link #name(String)} and {@link #codec(Codec)}. Defaults:
 * {@link Synchronous#NORMAL}, a busy timeout of 60 seconds, no page limit, at most 8 idle reading
 * connections.
 *
 * @param <V> the type of the values
 */
public final class SqliteStashBuilder<V> {
  /** The default {@link #busyTimeout(Duration)}. */
  public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(60);

  /** The default {@link #maxIdleReaders(int)}. */
  public static final int DEFAULT_MAX_IDLE_READERS = 8;

  private @Nullable Path file;
  private @Nullable String name;
  private @Nullable Codec<V> codec;
  private Synchronous synchronous = Synchronous.NORMAL;
  private Duration busyTimeout = DEFAULT_BUSY_TIMEOUT;
  private long maxPageCount;
  private int maxIdleReaders = DEFAULT_MAX_IDLE_READERS;

  SqliteStashBuilder() {}

  /**
   * Sets the database file. It is created, with its parent directories, if it does not exist;
   * SQLite keeps the files {@code <file>-wal} and {@code <file>-shm} beside it while it is open,
   * and the stash the file {@code <file>-lock} for its prime lease.
   *
   * @param file the database file
   * @return this builder
   * @throws NullPointerException if {@code file} is {@code null}
   */
  public SqliteStashBuilder<V> file(Path file) {
    this.file = Objects.requireNonNull(file, "file");
    return this;
  }

  /**
   * Sets the stash's name: the name of its table, so that several stashes with different names
   * share one file. Any non-empty string without NUL that does not start with {@code sqlite_}
   * (in any case) and is not {@value SqliteStash#META_TABLE} (checked by {@link #build()}).
   *
   * @param name the stash's name
   * @return this builder
   * @throws NullPointerException if {@code name} is {@code null}
   */
  public SqliteStashBuilder<V> name(String name) {
    this.name = Objects.requireNonNull(name, "name");
    return this;
  }

  /**
   * Sets the codec that turns values into the bytes stored and back.
   *
   * @param codec the codec; must be thread safe
   * @return this builder
   * @throws NullPointerException if {@code codec} is {@code null}
   */
  public SqliteStashBuilder<V> codec(Codec<V> codec) {
    this.codec = Objects.requireNonNull(codec, "codec");
    return this;
  }

  /**
   * Sets SQLite's durability level (default {@link Synchronous#NORMAL}: a process crash loses
   * nothing committed, a power loss may lose the last commits but never corrupts). See {@link
   * Synchronous} for what each level risks.
   *
   * @param synchronous the level
   * @return this builder
   * @throws NullPointerException if {@code synchronous} is {@code null}
   */
  public SqliteStashBuilder<V> synchronous(Synchronous synchronous) {
    this.synchronous = Objects.requireNonNull(synchronous, "synchronous");
    return this;
  }

  /**
   * Sets how long a write waits for another connection (another stash on the file, another
   * process) that holds SQLite's write lock, before it fails with an exception naming the file
   * (default 60 seconds). Writes of one stash instance never wait for each other this way: they
   * share one connection and take turns.
   *
   * @param busyTimeout the time to wait; between 0 and {@link Integer#MAX_VALUE} milliseconds
   * @return this builder
   * @throws NullPointerException if {@code busyTimeout} is {@code null}
   */
  public SqliteStashBuilder<V> busyTimeout(Duration busyTimeout) {
    this.busyTimeout = Objects.requireNonNull(busyTimeout, "busyTimeout");
    return this;
  }

  /**
   * Limits the database file to {@code maxPageCount} pages (SQLite's {@code PRAGMA
   * max_page_count}; a page is 4096 bytes unless the file says otherwise), a quota: a write that
   * would grow the file beyond it fails as a full disk does, and stores nothing of its batch.
   * {@code 0} (the default) means no limit.
   *
   * @param maxPageCount the limit in pages, or 0
   * @return this builder
   */
  public SqliteStashBuilder<V> maxPageCount(long maxPageCount) {
    this.maxPageCount = maxPageCount;
    return this;
  }

  /**
   * Sets how many reading connections the stash keeps open between reads (default 8). Threads
   * that read at the same time each use a connection of their own; connections beyond this number
   * are closed after use.
   *
   * @param maxIdleReaders the number, at least 1
   * @return this builder
   */
  public SqliteStashBuilder<V> maxIdleReaders(int maxIdleReaders) {
    this.maxIdleReaders = maxIdleReaders;
    return this;
  }

  /**
   * Opens the stash: creates the file and its parent directories if needed, switches the file to
   * WAL mode and creates the stash's table if it does not exist.
   *
   * @return a new open stash; close it when done
   * @throws IllegalStateException naming the option if {@code file}, {@code name} or {@code
   *     codec} was not set
   * @throws IllegalArgumentException naming the option and quoting the value if the name is not
   *     valid, the busy timeout is negative or too long, {@code maxPageCount} is negative or
   *     {@code maxIdleReaders} below 1
   * @throws java.io.UncheckedIOException naming the file if it is not a SQLite database, is
   *     damaged, cannot be created or opened, or holds a table of that name that is not a stash's
   */
  public SqliteStash<V> build() {
    Path f = required(file, "file");
    String n = required(name, "name");
    Codec<V> c = required(codec, "codec");
    SqliteStash.checkName(n);
    if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "busyTimeout must be between 0 and " + Integer.MAX_VALUE + " ms: " + busyTimeout);
    }
    if (maxPageCount < 0) {
      throw new IllegalArgumentException("maxPageCount must be 0 or positive: " + maxPageCount);
    }
    if (maxIdleReaders < 1) {
      throw new IllegalArgumentException("maxIdleReaders must be at least 1: " + maxIdleReaders);
    }
    return new SqliteStash<>(
        f, n, c, synchronous, (int) busyTimeout.toMillis(), maxPageCount, maxIdleReaders);
  }

  private static <T> T required(@Nullable T value, String option) {
    if (value == null) {
      throw new IllegalStateException("SqliteStash: the option '" + option + "' is not set");
    }
    return value;
  }
}
