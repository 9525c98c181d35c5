package zensols.multi;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The progress of one prime: counts finished items, tells the listeners, and logs an INFO line
 * with items done, items/s and ETA at most once per interval.
 */
final class ProgressLog {
  private static final Logger LOG = LoggerFactory.getLogger(MultiProcessStash.class);

  private final String stash;
  private volatile OptionalLong total = OptionalLong.empty();
  private final List<ProgressListener> listeners;
  private final long intervalNanos;
  private final long start = System.nanoTime();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong lastLog = new AtomicLong(start);

  ProgressLog(String stash, List<ProgressListener> listeners, long intervalNanos) {
    this.stash = stash;
    this.listeners = listeners;
    this.intervalNanos = intervalNanos;
  }

  /**
   * Sets the number of data items, once the data is open.
   *
   * @param exactSize the number of items, or a negative number when it is not known
   * @return the total, empty when not known
   */
  OptionalLong total(long exactSize) {
    total = exactSize < 0 ? OptionalLong.empty() : OptionalLong.of(exactSize);
    return total;
  }

  void started(Chunk<?> chunk) {
    for (ProgressListener listener : listeners) {
      listener.chunkStarted(stash, chunk.id(), chunk.size());
    }
  }

  void finished(Chunk<?> chunk) {
    long now = done.addAndGet(chunk.size());
    for (ProgressListener listener : listeners) {
      listener.chunkFinished(stash, chunk.id(), chunk.size());
      listener.itemsDone(stash, now, total);
    }
    long time = System.nanoTime();
    long last = lastLog.get();
    if (time - last >= intervalNanos && lastLog.compareAndSet(last, time) && LOG.isInfoEnabled()) {
      LOG.info("{}", line(now, time));
    }
  }

  /** For example {@code "stash 'x': 1200/5000 items (24%), 350.2 items/s, ETA 11 s"}. */
  String line(long items, long time) {
    double seconds = Math.max(1e-9, (time - start) / 1e9);
    double rate = items / seconds;
    StringBuilder line = new StringBuilder("stash '").append(stash).append("': ").append(items);
    OptionalLong known = total;
    if (known.isPresent() && known.getAsLong() > 0) {
      long all = known.getAsLong();
      line.append('/').append(all).append(" items (").append(items * 100 / all).append("%)");
      line.append(String.format(java.util.Locale.ROOT, ", %.1f items/s", rate));
      if (rate > 0) {
        line.append(String.format(java.util.Locale.ROOT, ", ETA %.0f s", (all - items) / rate));
      }
    } else {
      line.append(String.format(java.util.Locale.ROOT, " items, %.1f items/s", rate));
    }
    return line.toString();
  }
}
