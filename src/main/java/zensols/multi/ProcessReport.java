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
 * @param items the number of items in those chunks
 * @param elapsed the wall time of the run
 */
public record ProcessReport(
    String name,
    String processor,
    String backend,
    int workers,
    int threads,
    int chunks,
    long items,
    Duration elapsed) {

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
