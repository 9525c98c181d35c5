package zensols.multi;

import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import zensols.multi.internal.TaskScopes;
import zensols.multi.jfr.PrimeEvent;

/**
 * Records one run of a stash's work as a JDK Flight Recorder {@link PrimeEvent}: begun before the
 * processor runs, committed when it returns or throws. Until the Flight Recorder is initialized in
 * this JVM ({@link JfrGate}) there is no event, and the event class is not loaded.
 */
final class PrimeRecorder {
  private final @Nullable PrimeEvent event = JfrGate.on() ? new PrimeEvent() : null;
  private long itemsPresent;
  private final LongAdder failedItems = new LongAdder();
  private final MultiProcessStash<?, ?> stash;
  private final int workers;

  private PrimeRecorder(MultiProcessStash<?, ?> stash, int workers) {
    this.stash = stash;
    this.workers = workers;
  }

  /**
   * Begins the event of a run and counts the values the delegate holds (-1 if the delegate cannot
   * list its keys), for the event and the run's {@link ProcessReport}.
   *
   * @param stash the stash whose work runs
   * @param workers the resolved number of workers
   * @return the recorder
   */
  static PrimeRecorder begin(MultiProcessStash<?, ?> stash, int workers) {
    PrimeRecorder recorder = new PrimeRecorder(stash, workers);
    try { // counted once, for the event and the run's ProcessReport
      recorder.itemsPresent = stash.delegate().size(); // a count, not a key set
    } catch (RuntimeException e) { // the prime reports the delegate's failure, not the event
      recorder.itemsPresent = -1;
    }
    PrimeEvent event = recorder.event;
    if (event != null) {
      event.itemsPresent = recorder.itemsPresent;
      event.begin();
    }
    return recorder;
  }

  /**
   * The values the delegate held when the run began.
   *
   * @return the count, or -1 if the delegate could not list its keys
   */
  long itemsPresent() {
    return itemsPresent;
  }

  /**
   * The items whose creation failed and was recorded so far in this run.
   *
   * @return the count
   */
  long itemsFailed() {
    return failedItems.sum();
  }

  /** One item's creation failed and was recorded as a {@link Failure}. */
  void itemFailed() {
    failedItems.increment();
  }

  /**
   * The run completed.
   *
   * @param report what it did
   */
  void succeeded(ProcessReport report) {
    PrimeEvent event = this.event;
    if (event == null) {
      return;
    }
    event.end();
    if (event.shouldCommit()) {
      event.backend = report.backend();
      event.chunks = report.chunks();
      event.itemsComputed = report.items();
      commit(event, ChunkObserver.SUCCEEDED, null);
    }
  }

  /**
   * The run threw.
   *
   * @param cause what it threw
   */
  void failed(Throwable cause) {
    PrimeEvent event = this.event;
    if (event == null) {
      return;
    }
    event.end();
    if (event.shouldCommit()) {
      Processor processor = stash.processor();
      event.backend =
          processor instanceof SingleProcessor ? "caller" : TaskScopes.factory().backend();
      String outcome =
          cause instanceof ProcessInterruptedException
              ? "interrupted"
              : cause instanceof DeadlineExceededException ? "deadline" : ChunkObserver.FAILED;
      commit(event, outcome, cause);
    }
  }

  private void commit(PrimeEvent event, String outcome, @Nullable Throwable cause) {
    event.stash = stash.name();
    event.processor = stash.processor().kind();
    event.workers = workers;
    event.chunkSize = stash.config().chunkSize().toString();
    event.itemsFailed = failedItems.sum();
    event.outcome = outcome;
    event.failure = cause == null ? null : cause.getClass().getName();
    event.commit();
  }
}
