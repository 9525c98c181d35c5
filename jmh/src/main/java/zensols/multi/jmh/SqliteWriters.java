package zensols.multi.jmh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.*;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * How the workers of one prime should write to SQLite, measured with plain JDBC: 4 threads, each
 * operation one transaction of a chunk of 1,000 small rows ({@code BEGIN IMMEDIATE}, 1,000
 * upserts, {@code COMMIT}), WAL, {@code synchronous=NORMAL}.
 *
 * <ul>
 *   <li>{@code shared}: one connection for all threads, a lock around each transaction (what
 *       {@code SqliteStash} does);
 *   <li>{@code perThread}: a connection per thread with {@code busy_timeout} 60 s, retrying a
 *       transaction that still gets {@code SQLITE_BUSY}; the retries are printed.
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsPrepend = "--enable-native-access=ALL-UNNAMED")
@Threads(4)
@State(Scope.Benchmark)
public class SqliteWriters {
  @Param({"shared", "perThread"})
  public String mode;

  static final int CHUNK = 1000;
  private Path dir;
  private String url;
  private Connection shared;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicLong next = new AtomicLong();
  private final AtomicLong busyRetries = new AtomicLong();

  @Setup(Level.Trial)
  public void setup() throws IOException, SQLException {
    dir = Files.createTempDirectory("zensols-multi-jmh-writers-");
    url = "jdbc:sqlite:" + dir.resolve("w.db").toUri();
    shared = connect();
    try (Statement s = shared.createStatement()) {
      s.execute("PRAGMA journal_mode = WAL");
      s.execute("CREATE TABLE t (key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL) WITHOUT ROWID");
    }
  }

  Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(url);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 60000");
      s.execute("PRAGMA synchronous = NORMAL");
    }
    return c;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    System.out.printf("%n[writers] %s: %d transactions retried after SQLITE_BUSY%n", mode,
        busyRetries.get());
    shared.close();
    Directory.deleteTree(dir);
  }

  @State(Scope.Thread)
  public static class Own {
    Connection connection;

    @Setup(Level.Trial)
    public void open(SqliteWriters bench) throws SQLException {
      connection = bench.connect();
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
      connection.close();
    }
  }

  @Benchmark
  public long chunk(Own own) throws SQLException {
    long first = next.getAndAdd(CHUNK);
    if (mode.equals("shared")) {
      lock.lock();
      try {
        commit(shared, first);
      } finally {
        lock.unlock();
      }
    } else {
      while (true) {
        try {
          commit(own.connection, first);
          break;
        } catch (SQLiteException e) {
          if (e.getResultCode().code != SQLiteErrorCode.SQLITE_BUSY.code) {
            throw e;
          }
          busyRetries.incrementAndGet();
        }
      }
    }
    return first;
  }

  private static void commit(Connection c, long first) throws SQLException {
    try (Statement s = c.createStatement();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO t (key, value) VALUES (?, ?)"
                    + " ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
      s.execute("BEGIN IMMEDIATE");
      try {
        for (long i = first; i < first + CHUNK; i++) {
          String key = String.format("k%09d", i);
          ps.setString(1, key);
          ps.setBytes(2, key.getBytes(StandardCharsets.UTF_8));
          ps.executeUpdate();
        }
        s.execute("COMMIT");
      } catch (SQLException e) {
        try {
          s.execute("ROLLBACK");
        } catch (SQLException ignored) {
          e.addSuppressed(ignored);
        }
        throw e;
      }
    }
  }
}
