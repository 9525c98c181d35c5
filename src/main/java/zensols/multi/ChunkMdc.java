package zensols.multi;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The slf4j MDC entries that name the stash ({@value Processor#MDC_STASH}) and the chunk ({@value
 * Processor#MDC_CHUNK}) while a chunk runs, and the entries they replace, restored afterwards.
 */
final class ChunkMdc {
  private final @Nullable String previousStash = MDC.get(Processor.MDC_STASH);
  private final @Nullable String previousChunk = MDC.get(Processor.MDC_CHUNK);

  private ChunkMdc() {}

  /**
   * Remembers the calling thread's current entries, for {@link #restore()}.
   *
   * @return the saved entries
   */
  static ChunkMdc save() {
    return new ChunkMdc();
  }

  /**
   * Names the stash and the chunk in the calling thread's MDC.
   *
   * @param stash the stash name
   * @param chunkId the chunk id
   */
  static void put(String stash, int chunkId) {
    MDC.put(Processor.MDC_STASH, stash);
    MDC.put(Processor.MDC_CHUNK, Integer.toString(chunkId));
  }

  /** Puts back the entries saved by {@link #save()}, removing those that were absent. */
  void restore() {
    restore(Processor.MDC_STASH, previousStash);
    restore(Processor.MDC_CHUNK, previousChunk);
  }

  private static void restore(String key, @Nullable String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
