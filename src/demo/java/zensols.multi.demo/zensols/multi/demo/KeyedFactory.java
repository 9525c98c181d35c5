package zensols.multi.demo;

import java.util.Optional;
import java.util.Set;
import zensols.multi.stash.ReadOnlyStash;

/**
 * A factory stash over a fixed set of keys: {@link #load(String)} creates the value of a listed
 * key with {@link #create(String)} and is empty for any other key.
 *
 * @param <V> the type of the values
 */
abstract class KeyedFactory<V> extends ReadOnlyStash<V> {
  private final Set<String> keys;

  KeyedFactory(Set<String> keys) {
    this.keys = Set.copyOf(keys);
  }

  /** Creates the value of a listed key. */
  abstract V create(String key);

  @Override
  public final Optional<V> load(String key) {
    return keys.contains(key) ? Optional.of(create(key)) : Optional.empty();
  }

  @Override
  public final boolean exists(String key) {
    return keys.contains(key);
  }

  @Override
  public final Set<String> keys() {
    return keys;
  }
}
