package zensols.multi.sqlite;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;
import zensols.multi.Failure;
import zensols.multi.stash.Codec;
import zensols.multi.stash.CompletionMarker;
import zensols.multi.stash.SharedStash;
import zensols.multi.stash.Stash;

/**
 * A stash in one SQLite database file: millions of small values in one file, one transaction per
 * chunk of a prime, several threads and processes on the same file.
 *
 * <pre>{@code
 * try (SqliteStash<String> values =
 *     SqliteStash.<String>builder().file(Path.of("data/values.db")).name("docs")
 *         .codec(Codec.utf8()).build()) {
 *   MultiProcessRobustStash<String> stash = new MultiProcessRobustStash<>(
 *       "docs", values, factory, config, true, values.failureStash());
 *   stash.load("doc-7");
 * }
 * }</pre>
 *
 * <p><b>Layout.</b> The values of the stash named {@code n} are the rows of the table {@code n}
 * ({@code key TEXT PRIMARY KEY, value BLOB}, without row ids), each value encoded by the {@link
 * Codec}: several stashes with different names share one file. The completion marks of every
 * stash in the file are rows of the table {@value #META_TABLE}. The file is in WAL mode, so
 * SQLite keeps {@code <file>-wal} and {@code <file>-shm} beside it while it is open; the prime
 * lease is a lock on the file {@code <file>-lock}.
 *
 * <p><b>Keys.</b> Any non-empty string without an unpaired surrogate (a string that has no UTF-8
 * form) is a key, stored as it is: case sensitive, {@code "/"}, {@code "."}, NUL, any length.
 * Other keys are rejected with an {@link IllegalArgumentException} quoting the key, before the
 * file is touched.
 *
 * <p><b>Writes and transactions.</b> {@link #dump(String, Object)} commits one value. {@link
 * #dumpAll(Iterable)} first encodes every entry (computing the values of a lazy iterable, outside
 * any lock), then stores them all in one transaction: after a crash at any moment, kill -9 or
 * power loss included, the batch is either all there or all absent. A prime dumps each chunk
 * through {@code dumpAll}, so a chunk is the unit of loss. A failure while encoding stores nothing
 * of the batch; a failure while storing (a full disk, a write lock held too long by another
 * process) rolls the transaction back: nothing of the batch is stored, and nothing stored before
 * is lost. How durable a commit is against a power loss is set by {@link Synchronous}.
 *
 * <p><b>Threads and processes.</b> Thread safe. All the writes of one instance go through one
 * connection, one transaction at a time, so the workers of a prime never see {@code SQLITE_BUSY};
 * the workers encode their values concurrently and take turns only to commit. Writes of other
 * instances or processes on the same file wait up to the {@linkplain
 * SqliteStashBuilder#busyTimeout busy timeout} for SQLite's write lock, then fail with an {@link
 * UncheckedIOException} naming the file. Reads use connections of their own (a small pool), and
 * in WAL mode a reader never blocks a writer nor a writer a reader; a read sees the values of
 * every transaction committed before it started. The stash is a {@link SharedStash}: a prime of
 * a {@code MultiProcessStash} holds a lease named after the stash, so that a second process
 * priming the same file waits for the first and then computes only what is missing. The file must
 * be on a local file system (SQLite's WAL mode does not work over a network file system).
 *
 * <p><b>Errors.</b> Every failure of SQLite or of the codec is an {@link UncheckedIOException}
 * whose message names the file and the stash, and the key where one is involved: a file that is
 * not a SQLite database or is damaged, a full disk, a value that the codec cannot decode (other
 * keys stay readable). Nothing stored is lost by a failed operation.
 *
 * <p><b>Closing.</b> {@link #close()} closes the connections; any later operation throws {@link
 * IllegalStateException}. A stash that is not closed keeps its connections until the JVM ends,
 * which loses nothing committed.
 *
 * @param <V> the type of the values
 */
public final class SqliteStash<V> implements Stash<V>, CompletionMarker, SharedStash, AutoCloseable {
  /** The table that holds the completion marks of the stashes of a file. */
  public static final String META_TABLE = "zensols_multi_meta";

  private final Path file;
  private final String name;
  private final Codec<V> codec;
  private final Synchronous synchronous;
  private final int busyTimeoutMillis;
  private final long maxPageCount;
  private final int maxIdleReaders;
  private final String table;
  private final String where;

  private final ReentrantLock writeLock = new ReentrantLock();
  /** Guarded by writeLock. */
  private final Connection writer;
  /** Guarded by writeLock; prepared again after a failure, which leaves a statement unusable. */
  private PreparedStatement upsert;
  /** Guarded by writeLock; prepared again after a failure. */
  private PreparedStatement deleteKey;
  private final ConcurrentLinkedDeque<Reader> readers = new ConcurrentLinkedDeque<>();
  private final AtomicInteger idleReaders = new AtomicInteger();
  private volatile boolean closed;
  private @Nullable SqliteStash<Failure> failureStash;

  /**
   * Returns a builder; set at least the file, the name and the codec.
   *
   * @param <V> the type of the values
   * @return a new builder
   */
  public static <V> SqliteStashBuilder<V> builder() {
    return new SqliteStashBuilder<>();
  }

  /**
   * Opens the stash {@code name} in {@code file} with the default options, as {@code
   * builder().file(file).name(name).codec(codec).build()}.
   *
   * @param <V> the type of the values
   * @param file the database file
   * @param name the stash's name (its table)
   * @param codec the codec of the values
   * @return a new open stash
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if the name is not valid
   * @throws UncheckedIOException naming the file if it cannot be opened as a SQLite database
   */
  public static <V> SqliteStash<V> open(Path file, String name, Codec<V> codec) {
    return SqliteStash.<V>builder().file(file).name(name).codec(codec).build();
  }

  SqliteStash(
      Path file,
      String name,
      Codec<V> codec,
      Synchronous synchronous,
      int busyTimeoutMillis,
      long maxPageCount,
      int maxIdleReaders) {
    this.file = file.toAbsolutePath().normalize();
    this.name = name;
    this.codec = codec;
    this.synchronous = synchronous;
    this.busyTimeoutMillis = busyTimeoutMillis;
    this.maxPageCount = maxPageCount;
    this.maxIdleReaders = maxIdleReaders;
    this.table = quote(name);
    this.where = " WHERE key = ?";
    Path parent = this.file.getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory of the SQLite file " + file, e);
    }
    Connection w = null;
    try {
      w = connect(false);
      try (Statement s = w.createStatement()) {
        String mode = null;
        try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
          if (rs.next()) {
            mode = rs.getString(1);
          }
        }
        if (!"wal".equalsIgnoreCase(mode)) {
          throw new SQLException("cannot switch to WAL mode (journal mode is " + mode + ")");
        }
        if (maxPageCount > 0) {
          s.execute("PRAGMA max_page_count = " + maxPageCount);
        }
        s.execute("BEGIN IMMEDIATE");
        try {
          s.execute(
              "CREATE TABLE IF NOT EXISTS " + META_TABLE
                  + " (stash TEXT PRIMARY KEY NOT NULL, complete INTEGER NOT NULL)");
          s.execute(
              "CREATE TABLE IF NOT EXISTS " + table
                  + " (key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL) WITHOUT ROWID");
          s.execute("COMMIT");
        } catch (SQLException e) {
          rollbackQuietly(s, e);
          throw e;
        }
      }
      checkTableShape(w);
      this.writer = w;
      this.upsert = w.prepareStatement(upsertSql());
      this.deleteKey = w.prepareStatement(deleteSql());
    } catch (SQLException e) {
      closeQuietly(w);
      throw failure("cannot open", null, e);
    }
  }

  private String upsertSql() {
    return "INSERT INTO " + table + " (key, value) VALUES (?, ?)"
        + " ON CONFLICT (key) DO UPDATE SET value = excluded.value";
  }

  private String deleteSql() {
    return "DELETE FROM " + table + where;
  }

  /**
   * Prepares the writer's statements again: sqlite-jdbc leaves a statement that failed (a full
   * disk, a busy timeout) unusable ("statement is not executing"). Under writeLock.
   */
  private void prepareAgain(SQLException cause) {
    try {
      upsert.close();
      deleteKey.close();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
    try {
      upsert = writer.prepareStatement(upsertSql());
      deleteKey = writer.prepareStatement(deleteSql());
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private Connection connect(boolean readOnly) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setOpenMode(SQLiteOpenMode.OPEN_URI);
    config.setBusyTimeout(busyTimeoutMillis);
    config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(synchronous.name()));
    if (readOnly) {
      config.setReadOnly(true);
    }
    return config.createConnection("jdbc:sqlite:" + file.toUri());
  }

  /** Fails if the stash's table exists with columns other than a stash's. */
  private void checkTableShape(Connection c) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT name FROM pragma_table_info(?)")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
    }
    if (!columns.equals(List.of("key", "value"))) {
      throw new SQLException(
          "the table \"" + name + "\" is not a stash's table: its columns are " + columns
              + ", not [key, value]");
    }
  }

  /**
   * Checks a stash name, as the builder does.
   *
   * @throws IllegalArgumentException quoting the name if it is not valid
   */
  static void checkName(String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a SqliteStash name must not be empty");
    }
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "a SqliteStash name must not contain NUL: \"" + name.replace("\0", "\\u0000") + "\"");
    }
    if (name.toLowerCase(Locale.ROOT).startsWith("sqlite_") || name.equalsIgnoreCase(META_TABLE)) {
      throw new IllegalArgumentException(
          "the SqliteStash name \"" + name + "\" is reserved (sqlite_* and " + META_TABLE + ")");
    }
    if (hasUnpairedSurrogate(name)) {
      throw new IllegalArgumentException(
          "a SqliteStash name must not hold an unpaired surrogate: \"" + escape(name) + "\"");
    }
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /**
   * Returns the database file.
   *
   * @return the absolute, normalised path of the file
   */
  public Path file() {
    return file;
  }

  /**
   * Returns the stash's name, which is its table's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the codec of the values.
   *
   * @return the codec given to the builder
   */
  public Codec<V> codec() {
    return codec;
  }

  /**
   * Returns the durability level.
   *
   * @return the level given to the builder
   */
  public Synchronous synchronous() {
    return synchronous;
  }

  /**
   * Returns a stash for the {@link Failure}s of a {@link zensols.multi.MultiProcessRobustStash}
   * over this one, in the same file: the table {@code <name>.failures}, with this stash's options
   * and {@link Failure#codec()}. So the failures survive a restart and every process sharing the
   * file sees them. Created on the first call; later calls return the same instance; closed by
   * {@link #close()}.
   *
   * @return the failure stash
   * @throws IllegalStateException if this stash is closed
   * @throws UncheckedIOException naming the file if the table cannot be created
   */
  public synchronized SqliteStash<Failure> failureStash() {
    checkOpen();
    SqliteStash<Failure> f = failureStash;
    if (f == null) {
      f =
          new SqliteStash<>(
              file,
              name + ".failures",
              Failure.codec(),
              synchronous,
              busyTimeoutMillis,
              maxPageCount,
              maxIdleReaders);
      failureStash = f;
    }
    return f;
  }

  /**
   * Reads and decodes the value of {@code key}.
   *
   * @return the value, or empty if the key has none
   * @throws NullPointerException if {@code key} is {@code null}
   * @throws IllegalArgumentException if {@code key} is not a valid key
   * @throws UncheckedIOException naming the file and the key if it cannot be read or decoded
   * @throws IllegalStateException if the stash is closed
   */
  @Override
  public Optional<V> load(String key) {
    checkKey(key);
    byte[] bytes = read(key);
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      V value = codec.read(new ByteArrayInputStream(bytes));
      if (value == null) {
        throw new IOException("the codec returned null");
      }
      return Optional.of(value);
    } catch (IOException | RuntimeException e) {
      throw new UncheckedIOException(
          message("cannot decode the value (" + bytes.length + " bytes) of key \""
              + escape(key) + "\"", e),
          e instanceof IOException io ? io : new IOException(e));
    }
  }

  private byte @Nullable [] read(String key) {
    return withReader(
        "load",
        key,
        r -> {
          r.load.setString(1, key);
          try (ResultSet rs = r.load.executeQuery()) {
            if (!rs.next()) {
              return null;
            }
            byte[] bytes = rs.getBytes(1);
            return bytes == null ? new byte[0] : bytes;
          }
        });
  }

  /**
   * Tells whether {@code key} has a value, without decoding it.
   *
   * @throws NullPointerException if {@code key} is {@code null}
   * @throws IllegalArgumentException if {@code key} is not a valid key
   * @throws UncheckedIOException naming the file and the key if the file cannot be read
   * @throws IllegalStateException if the stash is closed
   */
  @Override
  public boolean exists(String key) {
    checkKey(key);
    return withReader(
        "look up",
        key,
        r -> {
          r.exists.setString(1, key);
          try (ResultSet rs = r.exists.executeQuery()) {
            return rs.next();
          }
        });
  }

  /**
   * Encodes {@code value} and stores it under {@code key} in a transaction of its own, replacing
   * any previous value.
   *
   * @throws NullPointerException if {@code key} or {@code value} is {@code null}
   * @throws IllegalArgumentException if {@code key} is not a valid key
   * @throws UncheckedIOException naming the file and the key if the value cannot be encoded or
   *     stored; the key's previous value, if any, is untouched
   * @throws IllegalStateException if the stash is closed
   */
  @Override
  public void dump(String key, V value) {
    Objects.requireNonNull(value, "value");
    checkKey(key);
    store(List.of(new Encoded(key, encode(key, value))));
  }

  /**
   * Encodes every entry, then stores them all in one transaction: after a crash at any moment the
   * batch is either all stored or all absent, and a failure stores none of it. A key that occurs
   * more than once keeps its last value. The encoded batch is held in memory until it is
   * committed.
   *
   * @return the number of entries stored
   * @throws NullPointerException if {@code entries}, an entry, its key or its value is {@code
   *     null}; nothing is stored
   * @throws IllegalArgumentException if a key is not valid; nothing is stored
   * @throws UncheckedIOException naming the file (and the key, if one value is at fault) if a
   *     value cannot be encoded or the batch cannot be stored; nothing of the batch is stored
   * @throws IllegalStateException if the stash is closed
   */
  @Override
  public int dumpAll(Iterable<? extends Map.Entry<String, ? extends V>> entries) {
    Objects.requireNonNull(entries, "entries");
    List<Encoded> batch =
        entries instanceof java.util.Collection<?> c ? new ArrayList<>(c.size()) : new ArrayList<>();
    for (Map.Entry<String, ? extends V> entry : entries) {
      Objects.requireNonNull(entry, "entry");
      String key = entry.getKey();
      V value = Objects.requireNonNull(entry.getValue(), "value");
      checkKey(key);
      batch.add(new Encoded(key, encode(key, value)));
    }
    if (!batch.isEmpty()) {
      store(batch);
    }
    return batch.size();
  }

  /** A key and its encoded value, held until the batch commits. */
  private static final class Encoded {
    private final String key;
    private final byte[] bytes;

    Encoded(String key, byte[] bytes) {
      this.key = key;
      this.bytes = bytes;
    }

    String key() {
      return key;
    }

    byte[] bytes() {
      return bytes;
    }
  }

  private byte[] encode(String key, V value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    try {
      codec.write(value, out);
    } catch (IOException | RuntimeException e) {
      throw new UncheckedIOException(
          message("cannot encode the value of key \"" + escape(key) + "\"", e),
          e instanceof IOException io ? io : new IOException(e));
    }
    return out.toByteArray();
  }

  /** Stores the batch in one transaction on the writer connection. */
  private void store(List<Encoded> batch) {
    writeLock.lock();
    try {
      checkOpen();
      try (Statement s = writer.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
        try {
          for (Encoded e : batch) {
            upsert.setString(1, e.key());
            upsert.setBytes(2, e.bytes());
            upsert.executeUpdate();
          }
          s.execute("COMMIT");
        } catch (SQLException e) {
          rollbackQuietly(s, e);
          prepareAgain(e);
          throw e;
        }
      } catch (SQLException e) {
        String what =
            batch.size() == 1
                ? "cannot store the value of key \"" + escape(batch.get(0).key()) + "\""
                : "cannot store a batch of " + batch.size() + " values (keys \""
                    + escape(batch.get(0).key()) + "\" … \""
                    + escape(batch.get(batch.size() - 1).key()) + "\"); none of them is stored";
        throw failure(what, null, e);
      }
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Removes the value of {@code key}.
   *
   * @throws NullPointerException if {@code key} is {@code null}
   * @throws IllegalArgumentException if {@code key} is not a valid key
   * @throws UncheckedIOException naming the file and the key if it cannot be deleted
   * @throws IllegalStateException if the stash is closed
   */
  @Override
  public boolean delete(String key) {
    checkKey(key);
    writeLock.lock();
    try {
      checkOpen();
      deleteKey.setString(1, key);
      return deleteKey.executeUpdate() > 0;
    } catch (SQLException e) {
      prepareAgain(e);
      throw failure("cannot delete", key, e);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Removes every value of this stash and its completion mark, in one transaction; other stashes
   * in the file are untouched.
   *
   * @throws UncheckedIOException naming the file if the values cannot be removed
   * @throws IllegalStateException if the stash is closed
   */
  @Override
  public void clear() {
    writeInTransaction(
        "cannot clear",
        s -> {
          s.execute("DELETE FROM " + table);
          deleteMark(s.getConnection());
        });
  }

  /**
   * Returns the keys, read in one query: an unmodifiable snapshot.
   *
   * @throws UncheckedIOException naming the file if the keys cannot be read
   * @throws IllegalStateException if the stash is closed
   */
  @Override
  public Set<String> keys() {
    return withReader(
        "list the keys",
        null,
        r -> {
          try (Statement s = r.connection.createStatement();
              ResultSet rs = s.executeQuery("SELECT key FROM " + table)) {
            Set<String> keys = new HashSet<>();
            while (rs.next()) {
              keys.add(rs.getString(1));
            }
            return Collections.unmodifiableSet(keys);
          }
        });
  }

  /**
   * Returns the number of values, counted by SQLite ({@code SELECT count(*)}), without building
   * the set of keys.
   *
   * @throws UncheckedIOException naming the file if the table cannot be read
   * @throws IllegalStateException if the stash is closed
   */
  @Override
  public int size() {
    return withReader(
        "count the values",
        null,
        r -> {
          try (Statement s = r.connection.createStatement();
              ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
          }
        });
  }

  /**
   * Tells whether the completion mark of this stash is set in the file.
   *
   * @throws UncheckedIOException naming the file if the mark cannot be read
   * @throws IllegalStateException if the stash is closed
   */
  @Override
  public boolean isComplete() {
    return withReader(
        "read the completion mark",
        null,
        r -> {
          try (PreparedStatement ps =
              r.connection.prepareStatement(
                  "SELECT complete FROM " + META_TABLE + " WHERE stash = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() && rs.getInt(1) != 0;
            }
          }
        });
  }

  /**
   * Sets the completion mark of this stash, in a transaction committed after every value this
   * instance stored before. Idempotent.
   *
   * @throws UncheckedIOException naming the file if the mark cannot be written
   * @throws IllegalStateException if the stash is closed
   */
  @Override
  public void markComplete() {
    writeInTransaction(
        "cannot write the completion mark",
        s -> {
          try (PreparedStatement ps =
              s.getConnection()
                  .prepareStatement(
                      "INSERT INTO " + META_TABLE + " (stash, complete) VALUES (?, 1)"
                          + " ON CONFLICT (stash) DO UPDATE SET complete = 1")) {
            ps.setString(1, name);
            ps.executeUpdate();
          }
        });
  }

  /**
   * Clears the completion mark of this stash; does nothing if it is not set.
   *
   * @throws UncheckedIOException naming the file if the mark cannot be removed
   * @throws IllegalStateException if the stash is closed
   */
  @Override
  public void clearComplete() {
    writeInTransaction("cannot clear the completion mark", s -> deleteMark(s.getConnection()));
  }

  private void deleteMark(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM " + META_TABLE + " WHERE stash = ?")) {
      ps.setString(1, name);
      ps.executeUpdate();
    }
  }

  /**
   * Waits for the prime lease {@code name} on this file: an operating-system lock on one byte of
   * {@code <file>-lock}, released by the kernel when the process ends however it ends, and within
   * this JVM a semaphore. Waiting polls every 5 to 100 ms and logs once at INFO that another
   * process primes. If the lock file cannot be locked (for example a read-only directory), logs a
   * WARN and returns a lease that holds only the in-JVM semaphore: the lease saves work, it is
   * never needed for correctness.
   *
   * @throws InterruptedException if interrupted while waiting; nothing is then held
   * @throws NullPointerException if {@code name} is {@code null}
   */
  @Override
  public SharedStash.Lease awaitPrimeLease(String name) throws InterruptedException {
    Objects.requireNonNull(name, "name");
    checkOpen();
    return PrimeLocks.of(Path.of(file + "-lock")).await(name);
  }

  /**
   * Closes the connections of this stash and of its {@linkplain #failureStash() failure stash}.
   * Idempotent. Waits for a write in progress to finish; reads in progress finish on their
   * connections, which are then closed.
   */
  @Override
  public void close() {
    SqliteStash<Failure> f;
    synchronized (this) {
      f = failureStash;
    }
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      closeQuietly(writer);
    } finally {
      writeLock.unlock();
      if (f != null) {
        f.close();
      }
    }
    Reader r;
    while ((r = readers.poll()) != null) {
      closeQuietly(r.connection);
    }
  }

  /**
   * Describes the stash.
   *
   * @return {@code SqliteStash[<name> in <file>]}
   */
  @Override
  public String toString() {
    return "SqliteStash[" + name + " in " + file + "]";
  }

  // --- connections ---------------------------------------------------------------------------

  /** A reading connection with its prepared statements; used by one thread at a time. */
  private static final class Reader {
    final Connection connection;
    final PreparedStatement load;
    final PreparedStatement exists;

    Reader(Connection connection, String table, String where) throws SQLException {
      this.connection = connection;
      this.load = connection.prepareStatement("SELECT value FROM " + table + where);
      this.exists = connection.prepareStatement("SELECT 1 FROM " + table + where);
    }
  }

  /** A read on a pooled reader connection. */
  private interface ReadAction<T extends @Nullable Object> {
    T run(Reader r) throws SQLException;
  }

  /**
   * Runs {@code action} on a reader taken from the pool, and gives the reader back afterwards
   * (closed instead if the action failed); an {@link SQLException} becomes an {@link
   * UncheckedIOException} that names the file, what was done ("cannot " + {@code what}) and the
   * key, if any.
   */
  private <T extends @Nullable Object> T withReader(
      String what, @Nullable String key, ReadAction<T> action) {
    Reader r = reader(what, key);
    boolean healthy = false;
    try {
      T result = action.run(r);
      healthy = true;
      return result;
    } catch (SQLException e) {
      throw failure("cannot " + what, key, e);
    } finally {
      release(r, healthy);
    }
  }

  private Reader reader(String what, @Nullable String key) {
    checkOpen();
    Reader r = readers.pollFirst();
    if (r != null) {
      idleReaders.decrementAndGet();
      return r;
    }
    Connection c = null;
    try {
      c = connect(false);
      return new Reader(c, table, where);
    } catch (SQLException e) {
      closeQuietly(c);
      throw failure("cannot open a connection to " + what, key, e);
    }
  }

  /** Returns a reader to the pool, or closes it if the pool is full, it failed, or we are closed. */
  private void release(Reader r, boolean healthy) {
    if (healthy && !closed && idleReaders.incrementAndGet() <= maxIdleReaders) {
      readers.addFirst(r);
      if (closed && readers.remove(r)) { // closed meanwhile: close() may have drained already
        closeQuietly(r.connection);
      }
      return;
    }
    if (healthy && !closed) {
      idleReaders.decrementAndGet();
    }
    closeQuietly(r.connection);
  }

  private interface SqlAction {
    void run(Statement s) throws SQLException;
  }

  private void writeInTransaction(String what, SqlAction action) {
    writeLock.lock();
    try {
      checkOpen();
      try (Statement s = writer.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
        try {
          action.run(s);
          s.execute("COMMIT");
        } catch (SQLException e) {
          rollbackQuietly(s, e);
          throw e;
        }
      }
    } catch (SQLException e) {
      throw failure(what, null, e);
    } finally {
      writeLock.unlock();
    }
  }

  /** Rolls back the open transaction, if SQLite has not already rolled it back itself. */
  private static void rollbackQuietly(Statement s, SQLException cause) {
    try {
      s.execute("ROLLBACK");
    } catch (SQLException e) {
      if (!String.valueOf(e.getMessage()).contains("no transaction is active")) {
        cause.addSuppressed(e);
      }
    }
  }

  private static void closeQuietly(@Nullable Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // nothing to recover: the connection is gone either way
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
  }

  // --- keys and messages ---------------------------------------------------------------------

  /**
   * Checks that {@code key} can be stored here: any non-empty string that has a UTF-8 form.
   *
   * @param key the key
   * @throws NullPointerException if {@code key} is {@code null}
   * @throws IllegalArgumentException quoting the key if it is empty or holds an unpaired surrogate
   */
  @Override
  public void checkKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("a key must not be empty: \"\"");
    }
    if (hasUnpairedSurrogate(key)) {
      throw new IllegalArgumentException(
          "a key must not hold an unpaired surrogate (it has no UTF-8 form): \"" + escape(key)
              + "\"");
    }
  }

  private static boolean hasUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return true;
        }
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /** The key with control characters and surrogates escaped as {@code \\uXXXX}, at most 200. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    int limit = Math.min(s.length(), 200);
    for (int i = 0; i < limit; i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) || Character.isSurrogate(c)) {
        sb.append(String.format("\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    if (s.length() > limit) {
      sb.append("…(").append(s.length()).append(" chars)");
    }
    return sb.toString();
  }

  private String message(String what, Throwable cause) {
    return "SQLite stash '" + name + "' in " + file + ": " + what + ": " + cause.getMessage();
  }

  /** An exception naming the file, the stash and the key, with what SQLite said. */
  private UncheckedIOException failure(String what, @Nullable String key, SQLException e) {
    StringBuilder m = new StringBuilder("SQLite stash '").append(name).append("' in ").append(file)
        .append(": ").append(what);
    if (key != null) {
      m.append(" key \"").append(escape(key)).append('"');
    }
    m.append(": ").append(explain(e));
    return new UncheckedIOException(m.toString(), new IOException(e.getMessage(), e));
  }

  /** What an SQLite error means for the user, in a few words, then SQLite's own message. */
  private String explain(SQLException e) {
    if (e instanceof SQLiteException se) {
      SQLiteErrorCode code = se.getResultCode();
      String hint =
          switch (code) {
            case SQLITE_NOTADB -> "the file is not a SQLite database";
            case SQLITE_CORRUPT, SQLITE_CORRUPT_INDEX, SQLITE_CORRUPT_SEQUENCE, SQLITE_CORRUPT_VTAB ->
                "the file is damaged (truncated or overwritten)";
            case SQLITE_FULL -> "the disk is full or the file reached its page limit";
            case SQLITE_BUSY, SQLITE_BUSY_RECOVERY, SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_TIMEOUT,
                SQLITE_LOCKED, SQLITE_LOCKED_SHAREDCACHE ->
                "the file is locked by another connection or process for longer than the busy"
                    + " timeout (" + busyTimeoutMillis + " ms)";
            case SQLITE_READONLY, SQLITE_READONLY_DBMOVED, SQLITE_READONLY_RECOVERY,
                SQLITE_READONLY_CANTLOCK, SQLITE_READONLY_ROLLBACK, SQLITE_PERM, SQLITE_CANTOPEN,
                SQLITE_IOERR_ACCESS ->
                "the file or its directory cannot be opened for writing";
            default -> null;
          };
      if (hint != null) {
        return hint + " (" + e.getMessage() + ")";
      }
    }
    return String.valueOf(e.getMessage());
  }
}
