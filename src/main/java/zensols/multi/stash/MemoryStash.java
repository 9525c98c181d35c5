package zensols.multi.stash;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A stash that keeps its values in memory, in a {@link ConcurrentHashMap}.
 *
 * <ul>
 *   <li>Any non-null key is accepted.
 *   <li>{@link #keys()} is an unmodifiable snapshot; {@link #size()} is the map's size.
 *   <li>The completion mark ({@link CompletionMarker}) lives in memory too; {@link #clear()}
 *       clears it before the values.
 * </ul>
 *
 * <p>Thread safe: every operation may be called from any thread at any time; operations on one
 * key are atomic, {@link #clear()} and {@link #keys()} are not atomic with respect to concurrent
 * writes.
 *
 * @param <V> the type of the values
 */
public final class MemoryStash<V> implements Stash<V>, CompletionMarker {

  private final ConcurrentMap<String, V> values = new ConcurrentHashMap<>();
  private volatile boolean complete;

  /** Creates an empty stash without completion mark. */
  public MemoryStash() {}

  /**
   * Returns the value of the key.
   *
   * @return the stored value, or empty if there is none
   * @throws NullPointerException if {@code key} is {@code null}
   */
  @Override
  public Optional<V> load(String key) {
    return Optional.ofNullable(values.get(Objects.requireNonNull(key, "key")));
  }

  /**
   * Tells whether the key has a value.
   *
   * @throws NullPointerException if {@code key} is {@code null}
   */
  @Override
  public boolean exists(String key) {
    return values.containsKey(Objects.requireNonNull(key, "key"));
  }

  /**
   * Stores the value, replacing any previous one.
   *
   * @throws NullPointerException if {@code key} or {@code value} is {@code null}
   */
  @Override
  public void dump(String key, V value) {
    values.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
  }

  /**
   * Removes the value of the key.
   *
   * @return {@code true} if there was a value
   * @throws NullPointerException if {@code key} is {@code null}
   */
  @Override
  public boolean delete(String key) {
    return values.remove(Objects.requireNonNull(key, "key")) != null;
  }

  /** Clears the completion mark, then removes every value. */
  @Override
  public void clear() {
    complete = false;
    values.clear();
  }

  /**
   * Returns a snapshot of the keys.
   *
   * @return an unmodifiable copy of the keys present when called
   */
  @Override
  public Set<String> keys() {
    return Set.copyOf(values.keySet());
  }

  /**
   * Returns the number of values.
   *
   * @return the map's size, without copying the keys
   */
  @Override
  public int size() {
    return values.size();
  }

  /** Tells whether the in-memory mark is set. */
  @Override
  public boolean isComplete() {
    return complete;
  }

  /** Sets the in-memory mark; it is visible to every thread once this returns. */
  @Override
  public void markComplete() {
    complete = true;
  }

  /** Clears the in-memory mark. */
  @Override
  public void clearComplete() {
    complete = false;
  }

  /**
   * Describes this stash.
   *
   * @return the class name and the number of values
   */
  @Override
  public String toString() {
    return "MemoryStash[size=" + values.size() + (complete ? ", complete" : "") + "]";
  }
}
