package zensols.multi.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import org.jspecify.annotations.Nullable;

/**
 * One prime that ran the work: its stash, processor, backend, workers, chunk size rule, how many
 * items it computed, found present or saw fail, and its outcome; the event's start time and
 * duration are the run's, its thread the priming thread. Enabled by default with no threshold.
 */
@Name(PrimeEvent.NAME)
@Label("Prime")
@Category({"zensols.multi", "Primes"})
@Description("One prime of a stash that ran the work: processor, workers, chunk size, items, outcome")
@StackTrace(false)
public final class PrimeEvent extends Event {
  /** The event's name. */
  public static final String NAME = "zensols.multi.Prime";

  /** The stash name. */
  @Label("Stash")
  public String stash = "";

  /** The processor's kind: pool, virtual, single or cluster. */
  @Label("Processor")
  public String processor = "";

  /** The structured-concurrency backend: structured, fallback, or caller (single). */
  @Label("Backend")
  public String backend = "";

  /** The resolved number of workers. */
  @Label("Workers")
  public int workers;

  /** The chunk size rule as configured: a size, 0 or auto. */
  @Label("Chunk Size")
  @Description("The chunk size rule as configured: a size, 0 (even division) or auto")
  public String chunkSize = "";

  /** The number of chunks that completed. */
  @Label("Chunks")
  public int chunks;

  /** The number of data items in the chunks that completed. */
  @Label("Items Computed")
  @Description("Data items in the chunks that completed")
  public long itemsComputed;

  /** The number of values the delegate held when the work started; -1 if it could not say. */
  @Label("Items Present")
  @Description("Values the delegate already held when the work started (left by an earlier run)")
  public long itemsPresent;

  /** The number of items whose creation failed in this prime. */
  @Label("Items Failed")
  @Description("Items recorded as failures (robust stash with protected work)")
  public long itemsFailed;

  /** {@code succeeded}, {@code failed}, {@code interrupted} or {@code deadline}. */
  @Label("Outcome")
  @Description("succeeded, failed, interrupted or deadline")
  public String outcome = "";

  /** The class of what the prime threw, or null. */
  @Label("Failure")
  public @Nullable String failure;
}
