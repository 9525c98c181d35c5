package zensols.multi.stash;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A stash that keeps nothing, the original's {@code NoopStash}: {@link #dump(String, Object)} is
 * ignored, {@link #load(String)} is always empty, {@link #exists(String)} always {@code false},
 * {@link #delete(String)} always {@code false} and {@link #keys()} always empty.
 *
 * <p>Arguments are still checked for {@code null}. Stateless and thread safe.
 *
 * @param <V> the type of the values
 */
public final class NoopStash<V> implements Stash<V> {

  /** Creates a stash that keeps nothing. */
  public NoopStash() {}

  /**
   * Returns nothing.
   *
   * @return an empty {@code Optional}
   * @throws NullPointerException if {@code key} is {@code null}
   */
  @Override
  public Optional<V> load(String key) {
    Objects.requireNonNull(key, "key");
    return Optional.empty();
  }

  /**
   * Returns {@code false}.
   *
   * @throws NullPointerException if {@code key} is {@code null}
   */
  @Override
  public boolean exists(String key) {
    Objects.requireNonNull(key, "key");
    return false;
  }

  /**
   * Ignores the value.
   *
   * @throws NullPointerException if {@code key} or {@code value} is {@code null}
   */
  @Override
  public void dump(String key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  /**
   * Removes nothing.
   *
   * @return {@code false}
   * @throws NullPointerException if {@code key} is {@code null}
   */
  @Override
  public boolean delete(String key) {
    Objects.requireNonNull(key, "key");
    return false;
  }

  /** Does nothing. */
  @Override
  public void clear() {}

  /**
   * Returns no keys.
   *
   * @return an empty, unmodifiable set
   */
  @Override
  public Set<String> keys() {
    return Set.of();
  }

  /**
   * Describes this stash.
   *
   * @return {@code "NoopStash"}
   */
  @Override
  public String toString() {
    return "NoopStash";
  }
}
