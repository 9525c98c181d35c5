package zensols.multi;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The chunker behind {@link ChunkSize#auto()}: reads the data lazily and sizes each chunk from the
 * cost per item measured on the chunks that finished before it. The rule, with its constants:
 *
 * <ol>
 *   <li>Until a chunk has finished, chunks have {@value #INITIAL_SIZE} item.
 *   <li>Every finished chunk gives a cost per item, {@code nanos / items}. The estimate {@code c}
 *       takes a higher cost at once (a slowdown shrinks the next chunks immediately) and moves
 *       halfway towards a lower one ({@code c = (c + cost) / 2}), so one fast chunk does not blow
 *       up the next.
 *   <li>The next chunk has {@code want = target / c} items: the target duration is {@link
 *       #TARGET_NANOS} (4 ms) on local processors and {@link #CLUSTER_TARGET_NANOS} (20 ms, twenty
 *       times its ≈1 ms overhead per chunk) on a {@link zensols.multi.cluster.ClusterProcessor}.
 *   <li>Growth is bounded: at most {@value #GROWTH} times the largest chunk that has finished
 *       (slow start, so the first chunks are small while the cost is unknown), and never more than
 *       {@value #MAX_SIZE} items, which bounds the memory one chunk holds.
 *   <li>When the number of items is known (a sized stream), every worker gets several chunks: a
 *       chunk has at most {@code ceil(remaining / (}{@value #CHUNKS_PER_WORKER}{@code × workers))}
 *       items (guided self-scheduling: chunks shrink towards the end of the data, so that the
 *       workers finish together), but not fewer than {@code want / }{@value #TAIL_DIVISOR} (about
 *       a quarter of a millisecond), so the tail does not degenerate into chunks of one cheap item.
 *   <li>Every chunk has at least one item.
 * </ol>
 *
 * <p>Durations come from the processor that runs the chunks ({@link ChunkObserver}): the chunker
 * subscribes to the run that first reads it. A consumer that iterates the chunks itself, without a
 * processor, gets the time between two successive chunks taken by the same thread as the duration
 * of the first of them.
 *
 * <p>Iteration is single-threaded (the processors read chunks under a lock); feedback may come from
 * any thread.
 */
final class AdaptiveChunker<D> implements Iterator<Chunk<D>> {
  /** Items per chunk while no chunk has finished. */
  static final int INITIAL_SIZE = 1;

  /** The largest chunk, in items. */
  static final int MAX_SIZE = 16_384;

  /** How many times larger than the largest finished chunk the next chunk may be. */
  static final int GROWTH = 2;

  /** With a known number of items, a chunk holds at most remaining / (this × workers) items. */
  static final int CHUNKS_PER_WORKER = 4;

  /** The guided bound never goes below {@code want / TAIL_DIVISOR} items. */
  static final int TAIL_DIVISOR = 16;

  /** The duration a chunk aims at on the local processors. */
  static final long TARGET_NANOS = TimeUnit.MILLISECONDS.toNanos(4);

  /** The duration a chunk aims at on a {@link zensols.multi.cluster.ClusterProcessor} (≈1 ms overhead per chunk). */
  static final long CLUSTER_TARGET_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final Iterator<D> items;
  private final long total;
  private final int workers;
  private final @Nullable LongSupplier clock;
  private final ReentrantLock lock = new ReentrantLock();
  private long targetNanos = TARGET_NANOS;
  private boolean subscribed;
  private long issued;
  private int nextId;
  private double nanosPerItem = Double.NaN;
  private int largestFinished;
  // without a processor: the last chunk taken, by whom and when
  private @Nullable Thread lastThread;
  private long lastTakenAt;
  private int lastSize;

  /**
   * Creates the chunker.
   *
   * @param items the data, read lazily
   * @param total the number of items, or a negative number when it is not known
   * @param workers the number of workers, at least 1
   * @param clock the time in nanoseconds, to measure a consumer without a processor; null when
   *     the durations come only through {@link #finished(int, long)}
   */
  AdaptiveChunker(Iterator<D> items, long total, int workers, @Nullable LongSupplier clock) {
    this.items = items;
    this.total = total;
    this.workers = workers;
    this.clock = clock;
  }

  /**
   * Sets the target duration of one chunk.
   *
   * @param nanos the duration, positive
   */
  void targetNanos(long nanos) {
    lock.lock();
    try {
      targetNanos = nanos;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean hasNext() {
    subscribe();
    return items.hasNext();
  }

  @Override
  public Chunk<D> next() {
    subscribe();
    if (!items.hasNext()) {
      throw new NoSuchElementException("no chunk after chunk " + (nextId - 1));
    }
    LongSupplier timer = subscribed ? null : clock;
    if (timer != null) {
      measureWithoutProcessor(timer);
    }
    int size = nextSize();
    List<D> data = new ArrayList<>(Math.min(size, 1024));
    while (data.size() < size && items.hasNext()) {
      data.add(items.next());
    }
    lock.lock();
    try {
      issued += data.size();
      Chunk<D> chunk = new Chunk<>(nextId++, data);
      lastThread = Thread.currentThread();
      lastSize = data.size();
      lastTakenAt = timer == null ? 0 : timer.getAsLong();
      return chunk;
    } finally {
      lock.unlock();
    }
  }

  /** Joins the run that reads this chunker, once, when a processor reads it. */
  private void subscribe() {
    if (!subscribed) {
      ChunkObserver observer = ChunkObserver.current();
      if (observer != null) {
        subscribed = true;
        targetNanos(observer.targetNanos());
        observer.subscribe(this::finished);
      }
    }
  }

  /** A consumer without processor: the previous chunk took until this thread asked again. */
  private void measureWithoutProcessor(LongSupplier timer) {
    if (lastThread == Thread.currentThread() && lastSize > 0) {
      finished(lastSize, timer.getAsLong() - lastTakenAt);
    }
  }

  /**
   * Takes the duration of a finished chunk into the estimate.
   *
   * @param size the chunk's number of items
   * @param nanos how long it took
   */
  void finished(int size, long nanos) {
    if (size < 1) {
      return;
    }
    double cost = Math.max(0, nanos) / (double) size;
    lock.lock();
    try {
      if (Double.isNaN(nanosPerItem) || cost > nanosPerItem) {
        nanosPerItem = cost;
      } else {
        nanosPerItem = (nanosPerItem + cost) / 2;
      }
      largestFinished = Math.max(largestFinished, size);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The size of the next chunk, by the rule in the class comment.
   *
   * @return the number of items, at least 1
   */
  int nextSize() {
    lock.lock();
    try {
      if (Double.isNaN(nanosPerItem)) {
        return INITIAL_SIZE;
      }
      double want = nanosPerItem <= 0 ? MAX_SIZE : Math.min(MAX_SIZE, targetNanos / nanosPerItem);
      double size = Math.min(want, (double) largestFinished * GROWTH);
      if (total >= 0) {
        long remaining = Math.max(0, total - issued);
        long share = (long) CHUNKS_PER_WORKER * workers;
        double guided = Math.ceilDiv(remaining, share); // ceil(remaining / share)
        size = Math.min(size, Math.max(guided, want / TAIL_DIVISOR));
      }
      return (int) Math.max(1, Math.min(MAX_SIZE, Math.floor(size)));
    } finally {
      lock.unlock();
    }
  }

  /**
   * The estimated cost per item.
   *
   * @return nanoseconds per item, NaN before the first chunk finished
   */
  double nanosPerItem() {
    lock.lock();
    try {
      return nanosPerItem;
    } finally {
      lock.unlock();
    }
  }
}
