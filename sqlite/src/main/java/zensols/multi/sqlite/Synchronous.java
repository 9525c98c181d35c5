package zensols.multi.sqlite;

/**
 * How hard SQLite works to make a commit durable: SQLite's {@code PRAGMA synchronous} in WAL mode
 * (the mode a {@link SqliteStash} always uses). No level risks anything when only the process
 * dies (an exception, {@code kill -9}, an out-of-memory error): a committed transaction is in the
 * operating system's hands and survives. The levels differ when the <em>machine</em> stops (power
 * loss, kernel panic) before the operating system wrote its cache to the disk.
 */
public enum Synchronous {
  /**
   * No {@code fsync} at all. Fastest. On a power loss or operating-system crash, recent commits
   * may be lost <em>and the database file may be corrupted</em>. Only for data you can rebuild
   * from scratch.
   */
  OFF,
  /**
   * The default. {@code fsync} only at checkpoints (when the write-ahead log is copied into the
   * database). On a power loss or operating-system crash, the most recent commits may be rolled
   * back, but the database stays consistent: every chunk is still all there or all absent, and a
   * {@link zensols.multi.MultiProcessRobustStash} computes the lost chunks again.
   */
  NORMAL,
  /**
   * {@code fsync} of the write-ahead log on every commit: a committed chunk survives a power loss
   * too. Costs one {@code fsync} per transaction (per chunk, or per single {@code dump}).
   */
  FULL,
  /**
   * As {@link #FULL}, and in the modes that delete a rollback journal also syncs its directory;
   * in WAL mode the same as {@code FULL} for commits.
   */
  EXTRA
}
