package zensols.multi.stash;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A persistent key → value store with {@code String} keys, the Java counterpart of the original's
 * {@code zensols.persist.Stash}.
 *
 * <p>Contract shared by every implementation:
 *
 * <ul>
 *   <li>Values are never {@code null}: absence is reported as {@link Optional#empty()}, and
 *       {@link #dump(String, Object)} rejects a {@code null} value with a {@link
 *       NullPointerException}.
 *   <li>A {@code null} key is rejected with a {@link NullPointerException} naming {@code key}.
 *       Implementations may reject further keys (for example {@link DirectoryStash} rejects keys
 *       that are not valid file names) with an {@link IllegalArgumentException} quoting the key.
 *   <li>{@link #keys()} is an unmodifiable snapshot: later changes to the stash do not show in it.
 *   <li>Thread safety is that of the implementation; each class documents its own.
 * </ul>
 *
 * @param <V> the type of the values
 */
public interface Stash<V> {

  /**
   * Returns the value of {@code key}, creating it if this stash knows how to (for example
   * {@link FactoryStash} asks its factory on a miss).
   *
   * @param key the key
   * @return the value, or an empty {@code Optional} if the stash has no value for the key and
   *     cannot create one
   * @throws NullPointerException if {@code key} is {@code null}
   * @throws IllegalArgumentException if the implementation does not accept {@code key}
   */
  Optional<V> load(String key);

  /**
   * Returns the value of {@code key} without forcing its creation where the implementation
   * distinguishes the two. The default implementation returns {@link #load(String)}; {@link
   * FactoryStash} overrides it to consult only its cache.
   *
   * @param key the key
   * @return the value, or an empty {@code Optional} if there is none
   * @throws NullPointerException if {@code key} is {@code null}
   * @throws IllegalArgumentException if the implementation does not accept {@code key}
   */
  default Optional<V> get(String key) {
    return load(key);
  }

  /**
   * Returns the value of {@code key} as {@link #get(String)} does, or {@code defaultValue} if
   * there is none.
   *
   * @param key the key
   * @param defaultValue the value returned when the key has no value
   * @return the value of the key, or {@code defaultValue}
   * @throws NullPointerException if {@code key} or {@code defaultValue} is {@code null}
   * @throws IllegalArgumentException if the implementation does not accept {@code key}
   */
  default V get(String key, V defaultValue) {
    Objects.requireNonNull(defaultValue, "defaultValue");
    return get(key).orElse(defaultValue);
  }

  /**
   * Tells whether {@code key} has a value (or, for stashes that create values, can have one).
   *
   * @param key the key
   * @return {@code true} if the key exists
   * @throws NullPointerException if {@code key} is {@code null}
   * @throws IllegalArgumentException if the implementation does not accept {@code key}
   */
  boolean exists(String key);

  /**
   * Stores {@code value} under {@code key}, replacing any previous value.
   *
   * @param key the key
   * @param value the value
   * @throws NullPointerException if {@code key} or {@code value} is {@code null}
   * @throws IllegalArgumentException if the implementation does not accept {@code key}
   * @throws UnsupportedOperationException if the stash is read-only and strict
   */
  void dump(String key, V value);

  /**
   * Stores every entry of {@code entries}, in iteration order, each replacing any previous value
   * of its key: a batch of {@link #dump(String, Object)}s. A chunk of a prime reaches its stash's
   * delegate as one such batch.
   *
   * <ul>
   *   <li>The default implementation calls {@link #dump(String, Object)} for each entry as the
   *       iteration produces it, so a lazy {@code entries} is never held in memory; if one fails,
   *       the entries before it stay stored and the exception propagates.
   *   <li>A transactional implementation may store the batch atomically, so that after a crash
   *       either every entry of the batch or none of them is stored; it documents that it does.
   * </ul>
   *
   * @param entries the entries; iterated once
   * @return the number of entries stored
   * @throws NullPointerException if {@code entries}, an entry, its key or its value is {@code
   *     null}
   * @throws IllegalArgumentException if the implementation does not accept a key
   * @throws UnsupportedOperationException if the stash is read-only and strict
   */
  default int dumpAll(Iterable<? extends Map.Entry<String, ? extends V>> entries) {
    Objects.requireNonNull(entries, "entries");
    int stored = 0;
    for (Map.Entry<String, ? extends V> entry : entries) {
      Objects.requireNonNull(entry, "entry");
      dump(entry.getKey(), entry.getValue());
      stored++;
    }
    return stored;
  }

  /**
   * Checks, without touching any value, that {@code key} can be stored here, so that a caller who
   * knows its keys up front (a factory or robust stash) fails before any work runs rather than at
   * {@link #dump(String, Object)}. The default accepts every non-null key; a {@link
   * DirectoryStash} rejects a key whose file name would be too long.
   *
   * @param key the key
   * @throws NullPointerException if {@code key} is {@code null}
   * @throws IllegalArgumentException quoting the key if this stash can never store it
   */
  default void checkKey(String key) {
    Objects.requireNonNull(key, "key");
  }

  /**
   * Checks, without storing anything, that values can be stored here, so that a caller about to
   * run expensive work (a prime) fails before the work rather than at its first {@link
   * #dump(String, Object)}. The default does nothing; a {@link DirectoryStash} checks that its
   * directory (or, while it does not exist, the nearest existing parent) is writable by this
   * process, and a {@link DelegateStash} asks its delegate.
   *
   * @throws java.io.UncheckedIOException saying why values cannot be stored here
   */
  default void checkWritable() {}

  /**
   * Removes the value of {@code key}.
   *
   * @param key the key
   * @return {@code true} if a value was removed, {@code false} if there was none
   * @throws NullPointerException if {@code key} is {@code null}
   * @throws IllegalArgumentException if the implementation does not accept {@code key}
   * @throws UnsupportedOperationException if the stash is read-only and strict
   */
  boolean delete(String key);

  /**
   * Removes every value. Exercise caution, as in the original.
   *
   * @throws UnsupportedOperationException if the stash is read-only and strict
   */
  void clear();

  /**
   * Returns the keys of this stash.
   *
   * @return an unmodifiable snapshot of the keys, in no particular order; never {@code null}
   */
  Set<String> keys();

  /**
   * Returns the keys of this stash as a stream, for a caller that goes through them once (a
   * {@code MultiProcessFactoryStash} primes from its factory's key stream chunk by chunk, without
   * holding every key).
   *
   * <ul>
   *   <li>The default sorts a snapshot of {@link #keys()}: it holds every key, and gives them in
   *       their natural order, so that a prime over it is deterministic. A stash that can
   *       enumerate its keys lazily (rows of a table, lines of a file, a generated range)
   *       overrides it to give them without holding them; the order is then its own, and should
   *       be the same from one call to the next.
   *   <li>Each call gives a new stream; a caller that primes may call it more than once per prime
   *       (to check every key, to find the missing keys, to process them), so each call should
   *       give the same keys while the prime runs.
   *   <li>The caller closes the stream ({@link Stream#onClose(Runnable)} runs), also when it stops
   *       early or fails.
   *   <li>Each key should appear once; a factory stash computes a repeated key once per prime all
   *       the same.
   * </ul>
   *
   * @return a sequential stream of the keys; never {@code null}
   */
  default Stream<String> keyStream() {
    return keys().stream().sorted();
  }

  /**
   * Returns the keys of {@code keys} that this stash has no value for: a batch of {@link
   * #exists(String)} lookups, which a robust stash uses to find the keys it must compute a chunk
   * at a time. The default asks {@link #exists(String)} once per key; a stash that can answer a
   * batch more cheaply (one query for the whole batch) may override it.
   *
   * @param keys the keys to look up; not modified
   * @return the keys without a value, in the order of {@code keys} (a key given twice and missing
   *     is returned twice); a new, modifiable list
   * @throws NullPointerException if {@code keys} or one of its keys is {@code null}
   * @throws IllegalArgumentException if the implementation does not accept one of the keys
   */
  default List<String> missingKeys(List<String> keys) {
    Objects.requireNonNull(keys, "keys");
    List<String> missing = new ArrayList<>();
    for (String key : keys) {
      if (!exists(Objects.requireNonNull(key, "key"))) {
        missing.add(key);
      }
    }
    return missing;
  }

  /**
   * Returns the values of this stash, built lazily from {@link #keys()} and {@link
   * #load(String)}: a key that vanished between the two is skipped.
   *
   * @return a sequential, lazy stream of the values
   */
  default Stream<V> values() {
    return keys().stream().map(this::load).flatMap(Optional::stream);
  }

  /**
   * Returns the key/value pairs of this stash, built lazily from {@link #keys()} and {@link
   * #load(String)}: a key that vanished between the two is skipped.
   *
   * @return a sequential, lazy stream of immutable entries
   */
  default Stream<Map.Entry<String, V>> items() {
    return keys().stream()
        .flatMap(key -> load(key).map(value -> Map.entry(key, value)).stream());
  }

  /**
   * Returns the number of keys.
   *
   * @return {@code keys().size()} unless an implementation documents a cheaper equivalent
   */
  default int size() {
    return keys().size();
  }
}
