package zensols.multi.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import org.jspecify.annotations.Nullable;

/**
 * One chunk run by a processor: its stash, id, number of items and outcome; the event's start
 * time, duration and thread are the chunk's. Enabled by default with no threshold.
 */
@Name(ChunkEvent.NAME)
@Label("Chunk")
@Category({"zensols.multi", "Chunks"})
@Description("One chunk of a prime: stash, chunk id, items, outcome; duration and thread are the chunk's")
@StackTrace(false)
public final class ChunkEvent extends Event {
  /** The event's name. */
  public static final String NAME = "zensols.multi.Chunk";

  /** The stash (or run) name. */
  @Label("Stash")
  public String stash = "";

  /** The chunk id, 0, 1, 2… in data order. */
  @Label("Chunk Id")
  public int chunkId;

  /** The number of items in the chunk. */
  @Label("Items")
  public int items;

  /** {@code succeeded}, {@code failed} or {@code cancelled}. */
  @Label("Outcome")
  @Description("succeeded, failed, or cancelled (interrupted because the run was cancelled)")
  public String outcome = "";

  /** The class of what the chunk threw, or null. */
  @Label("Failure")
  public @Nullable String failure;
}
