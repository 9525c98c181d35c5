package zensols.multi;

import java.time.Duration;

/**
 * What one completed run of chunks did.
 *
 * @param name the stash (or run) name
 * @param processor the processor's {@linkplain Processor#kind() kind}
 * @param backend the structured-concurrency backend: {@code "structured"} (JEP 505), {@code
 *     "fallback"}, or {@code "caller"} for {@link SingleProcessor}
 * @param workers the resolved number of workers
 * @param threads the number of threads started
 * @param chunks the number of chunks processed
 * @param items the number of data items in those chunks: for the factory and robust stashes, the
 *     keys whose creation was tried ({@link #itemsComputed()} plus {@link #itemsFailed()})
 * @param elapsed the wall time of the run
 * @param itemsPresent the number of values the delegate already held when the run began, which
 *     the run skipped (a robust stash computes only the missing keys); -1 if the delegate could not
 *     list its keys; 0 in a report of a processor's own run ({@link Processor#run})
 * @param itemsFailed the number of items whose creation failed and was recorded as a {@link
 *     Failure} by a robust stash during the run (those recorded on other cluster members are not
 *     counted); 0 in a report of a processor's own run
 */
public record ProcessReport(
    String name,
    String processor,
    String backend,
    int workers,
    int threads,
    int chunks,
    long items,
    Duration elapsed,
    long itemsPresent,
    long itemsFailed) {

  /**
   * A report of a processor's own run, with no stash counts: {@code itemsPresent} and {@code
   * itemsFailed} are 0.
   *
   * @param name the stash (or run) name
   * @param processor the processor's kind
   * @param backend the structured-concurrency backend
   * @param workers the resolved number of workers
   * @param threads the number of threads started
   * @param chunks the number of chunks processed
   * @param items the number of items in those chunks
   * @param elapsed the wall time of the run
   */
  public ProcessReport(
      String name,
      String processor,
      String backend,
      int workers,
      int threads,
      int chunks,
      long items,
      Duration elapsed) {
    this(name, processor, backend, workers, threads, chunks, items, elapsed, 0, 0);
  }

  /**
   * The number of items whose values the run created and stored: {@link #items()} less {@link
   * #itemsFailed()}.
   *
   * @return the count, never negative
   */
  public long itemsComputed() {
    return Math.max(0, items - itemsFailed);
  }

  /** This report with the stash's counts. */
  ProcessReport withCounts(long present, long failed) {
    return new ProcessReport(
        name, processor, backend, workers, threads, chunks, items, elapsed, present, failed);
  }

  /**
   * Items per second over the run.
   *
   * @return {@code items / elapsed}, or 0 if nothing was processed
   */
  public double itemsPerSecond() {
    long nanos = elapsed.toNanos();
    return nanos <= 0 || items == 0 ? 0 : items * 1e9 / nanos;
  }
}
