package zensols.multi;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The progress of one prime: counts finished items as each one completes, tells the listeners,
 * and logs an INFO line with items done, items/s and ETA at most once per interval. A listener
 * that throws a {@link RuntimeException} is logged (with its stack trace the first time in a
 * prime, at DEBUG after that) and the work goes on.
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
  private final Consumer<String> sink;
  private final Set<ProgressListener> failedListeners =
      Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

  ProgressLog(String stash, List<ProgressListener> listeners, long intervalNanos) {
    this(stash, listeners, intervalNanos, InfoSink.INSTANCE);
    // (a line is built at most once per interval, so it is not worth checking the level first)
  }

  /** The progress lines at INFO (a class, not a lambda: no call site to link on a first prime). */
  private static final class InfoSink implements Consumer<String> {
    static final InfoSink INSTANCE = new InfoSink();

    @Override
    public void accept(String line) {
      LOG.info("{}", line);
    }
  }

  /** As the other constructor, with the progress lines sent to {@code sink} (for tests). */
  ProgressLog(
      String stash, List<ProgressListener> listeners, long intervalNanos, Consumer<String> sink) {
    this.stash = stash;
    this.listeners = listeners;
    this.intervalNanos = intervalNanos;
    this.sink = sink;
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

  /** A chunk starts: tells the listeners and returns what counts its items. */
  ChunkProgress started(Chunk<?> chunk) {
    if (!listeners.isEmpty()) { // no lambda made, linked or allocated without listeners
      tell(listener -> listener.chunkStarted(stash, chunk.id(), chunk.size()));
    }
    return new ChunkProgress(chunk);
  }

  /**
   * A chunk finished: tells the listeners, then counts the chunk's items not counted one by one
   * (all of them when the chunk ran where its items cannot be counted, such as on a cluster).
   */
  void finished(ChunkProgress chunk) {
    if (!listeners.isEmpty()) {
      tell(listener -> listener.chunkFinished(stash, chunk.chunk.id(), chunk.chunk.size()));
    }
    int rest = chunk.chunk.size() - chunk.counted.getAndSet(chunk.chunk.size());
    if (rest > 0) {
      advance(rest);
    }
  }

  /** Counts the items of one chunk as each completes, never more than the chunk holds. */
  final class ChunkProgress {
    private final Chunk<?> chunk;
    private final AtomicInteger counted = new AtomicInteger();

    private ChunkProgress(Chunk<?> chunk) {
      this.chunk = chunk;
    }

    /** One item of the chunk completed. */
    void itemDone() {
      int size = chunk.size();
      int n = counted.get();
      while (n < size) { // counts up to size, once per item (a loop, not a lambda, per item)
        if (counted.compareAndSet(n, n + 1)) {
          advance(1);
          return;
        }
        n = counted.get();
      }
    }
  }

  private void advance(long items) {
    long now = done.addAndGet(items);
    OptionalLong known = total;
    if (!listeners.isEmpty()) {
      tell(listener -> listener.itemsDone(stash, now, known));
    }
    long time = System.nanoTime();
    long last = lastLog.get();
    if (time - last >= intervalNanos && lastLog.compareAndSet(last, time)) {
      sink.accept(line(now, time));
    }
  }

  /** Calls every listener; one that throws is logged, not the chunk's failure. */
  private void tell(Consumer<ProgressListener> call) {
    for (ProgressListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        if (failedListeners.add(listener)) {
          LOG.warn(
              "stash '{}': progress listener {} threw; ignored (logged once per prime)",
              stash,
              listener,
              e);
        } else {
          LOG.debug("stash '{}': progress listener {} threw again: {}", stash, listener, e.toString());
        }
      }
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
      line.append('/').append(count(all, "item")).append(" (").append(items * 100 / all)
          .append("%)");
      line.append(String.format(Locale.ROOT, ", %.1f items/s", rate));
      if (rate > 0) {
        line.append(String.format(Locale.ROOT, ", ETA %.0f s", (all - items) / rate));
      }
    } else {
      line.append(items == 1 ? " item" : " items");
      line.append(String.format(Locale.ROOT, ", %.1f items/s", rate));
    }
    return line.toString();
  }

  /**
   * A count with its noun in the right number: {@code "1 chunk"}, {@code "0 chunks"}, {@code "2
   * chunks"}.
   */
  static String count(long n, String noun) {
    return n + " " + (n == 1 ? noun : noun + "s");
  }
}
