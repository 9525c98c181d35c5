package zensols.multi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * Lets each key of a factory's key stream into one prime once, reading the stream a batch at a
 * time, so that a prime over millions of streamed keys holds only the keys in flight.
 *
 * <ul>
 *   <li>With a lookup (the keys of a batch that have no value yet: the robust stash's missing
 *       keys, or any key for a factory stash whose delegate was empty when the prime started), a
 *       key is let in when it is neither in flight (let in, its chunk not finished) nor found by
 *       the lookup, which runs after the in-flight check: a key whose chunk finished has been
 *       stored, so a repeat of it is found by the lookup; a key still in flight is skipped. The
 *       keys of a chunk leave the in-flight set when the chunk has stored them ({@link
 *       #done(List)}), so the set holds about chunk size × workers keys.
 *   <li>Without a lookup, every key let in stays in the set until the prime ends: exact, but it
 *       holds every key (only for a factory stash re-priming over a delegate that already had
 *       values, whose key stream does not declare its keys distinct).
 * </ul>
 *
 * <p>One gate per run. Reading ({@link #admit(Stream)}'s stream) happens in one thread at a time;
 * {@link #done(List)} in any worker.
 */
final class KeyGate {
  /** Keys per lookup. */
  static final int BATCH = 512;

  private final String name;
  private final @Nullable UnaryOperator<List<String>> missing;
  private final Set<String> admitted = ConcurrentHashMap.newKeySet();

  /**
   * Creates a gate.
   *
   * @param name the stash's name, for messages
   * @param missing the keys of a batch that have no value, in order; null for no lookup
   */
  KeyGate(String name, @Nullable UnaryOperator<List<String>> missing) {
    this.name = name;
    this.missing = missing;
  }

  /**
   * The keys of {@code keys} that this prime must compute, read a batch at a time as the stream
   * is consumed; closing it closes {@code keys}.
   *
   * @param keys the factory's keys
   * @return the keys to compute, each once
   */
  Stream<String> admit(Stream<String> keys) {
    Iterator<String> source = keys.iterator();
    Iterator<String> admittedKeys =
        new Iterator<>() {
          private Iterator<String> batch = Collections.emptyIterator();

          @Override
          public boolean hasNext() {
            while (!batch.hasNext() && source.hasNext()) {
              batch = nextBatch(source).iterator();
            }
            return batch.hasNext();
          }

          @Override
          public String next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            return batch.next();
          }
        };
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(
                admittedKeys, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT),
            false)
        .onClose(keys::close);
  }

  private List<String> nextBatch(Iterator<String> source) {
    List<String> batch = new ArrayList<>(BATCH);
    while (batch.size() < BATCH && source.hasNext()) {
      String key = nonNull(source.next(), name);
      if (admitted.add(key)) {
        batch.add(key);
      }
    }
    UnaryOperator<List<String>> lookup = missing;
    if (lookup == null || batch.isEmpty()) {
      return batch;
    }
    List<String> absent = Objects.requireNonNull(lookup.apply(batch), "missing keys");
    if (absent.size() < batch.size()) {
      Set<String> keep = new HashSet<>(absent);
      for (String key : batch) {
        if (!keep.contains(key)) {
          admitted.remove(key); // stored already: a repeat is found by the lookup again
        }
      }
    }
    return absent;
  }

  /**
   * Lets the keys of a chunk that has stored its values leave the in-flight set (with a lookup
   * only: without one, the set is what keeps a repeat out).
   *
   * @param chunk the chunk's keys
   */
  void done(List<String> chunk) {
    if (missing != null) {
      for (String key : chunk) {
        admitted.remove(key);
      }
    }
  }

  /**
   * Goes through {@code keys} a batch of {@link #BATCH} at a time until {@code batch} returns
   * false.
   *
   * @param keys the keys, not closed here
   * @param name the stash's name, for the message of a null key
   * @param batch gets each batch; returns whether to go on
   * @return whether every batch was taken (false if {@code batch} stopped early)
   */
  static boolean forEachBatch(Stream<String> keys, String name, Predicate<List<String>> batch) {
    Iterator<String> source = keys.iterator();
    List<String> keysOfBatch = new ArrayList<>(BATCH);
    while (source.hasNext()) {
      keysOfBatch.add(nonNull(source.next(), name));
      if (keysOfBatch.size() == BATCH) {
        if (!batch.test(keysOfBatch)) {
          return false;
        }
        keysOfBatch = new ArrayList<>(BATCH);
      }
    }
    return keysOfBatch.isEmpty() || batch.test(keysOfBatch);
  }

  private static String nonNull(@Nullable String key, String name) {
    if (key == null) {
      throw new NullPointerException(
          "stash '" + name + "': the factory's keyStream() gave a null key");
    }
    return key;
  }
}
