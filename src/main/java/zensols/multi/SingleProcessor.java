package zensols.multi;

import java.time.Duration;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Runs every chunk in the calling thread, one after another (the original's {@code
 * SingleMultiProcessor}): for debugging, for work too small to share, and where threads are not
 * wanted.
 *
 * <ul>
 *   <li>no thread is started; the worker count is resolved and reported but does not change how
 *       the chunks run;
 *   <li>the interrupt status is checked before each chunk, the deadline after the next chunk was
 *       taken and before it runs: a run whose chunks all finished has not missed its deadline,
 *       even if the last one ended after it; a chunk already running, or the reading of the next
 *       one, is not cut short by the deadline;
 *   <li>{@code ScopedValue} bindings and thread locals of the caller are seen by every chunk,
 *       since the chunks run in the caller's thread;
 *   <li>the MDC keys {@value Processor#MDC_STASH} and {@value Processor#MDC_CHUNK} are set while a
 *       chunk runs and restored afterwards;
 *   <li>everything else as {@link Processor} states.
 * </ul>
 */
public final class SingleProcessor extends AbstractProcessor implements Processor {
  static final String KIND = "single";

  SingleProcessor(@Nullable Duration deadline) {
    super(deadline);
  }

  /** Returns {@value #KIND}. */
  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public SingleProcessor withDeadline(Duration deadline) {
    return new SingleProcessor(requireDeadline(deadline));
  }

  @Override
  public SingleProcessor withoutDeadline() {
    return deadline().isEmpty() ? this : new SingleProcessor(null);
  }

  @Override
  public <D> ProcessReport run(
      String name, Stream<Chunk<D>> chunks, WorkerCount workers, ChunkTask<D> task) {
    return ChunkRun.inCaller(this, name, chunks, workers, task);
  }
}
