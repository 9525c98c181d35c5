package zensols.multi.stash;

import java.util.Objects;

/**
 * A stash that does not support writes, the original's {@code ReadOnlyStash}: useful as a base for
 * factory stashes that create values on {@link #load(String)} but cannot persist them.
 *
 * <p>Subclasses implement {@link #load(String)}, {@link #exists(String)} and {@link #keys()}. The
 * write methods behave according to {@link #isStrict()}:
 *
 * <ul>
 *   <li>strict: {@link #dump(String, Object)}, {@link #delete(String)} and {@link #clear()} throw
 *       {@link UnsupportedOperationException} naming the stash class (and the key, if any);
 *   <li>not strict (the original's default): the writes are ignored and {@code delete} returns
 *       {@code false}.
 * </ul>
 *
 * <p>Arguments are checked for {@code null} in both modes. Thread safety is that of the subclass;
 * the write methods themselves hold no state.
 *
 * @param <V> the type of the values
 */
public abstract class ReadOnlyStash<V> implements Stash<V> {

  private final boolean strict;

  /** Creates a stash that ignores writes (not strict), as the original does by default. */
  protected ReadOnlyStash() {
    this(false);
  }

  /**
   * Creates a stash.
   *
   * @param strict {@code true} to throw {@link UnsupportedOperationException} on writes, {@code
   *     false} to ignore them
   */
  protected ReadOnlyStash(boolean strict) {
    this.strict = strict;
  }

  /**
   * Tells whether writes throw rather than being ignored.
   *
   * @return {@code true} if writes throw {@link UnsupportedOperationException}
   */
  public boolean isStrict() {
    return strict;
  }

  /**
   * Ignores the write, or throws when strict.
   *
   * @throws NullPointerException if {@code key} or {@code value} is {@code null}
   * @throws UnsupportedOperationException if this stash is strict
   */
  @Override
  public void dump(String key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    refuse("dump", key);
  }

  /**
   * Ignores the deletion and returns {@code false}, or throws when strict.
   *
   * @return {@code false}
   * @throws NullPointerException if {@code key} is {@code null}
   * @throws UnsupportedOperationException if this stash is strict
   */
  @Override
  public boolean delete(String key) {
    Objects.requireNonNull(key, "key");
    refuse("delete", key);
    return false;
  }

  /**
   * Does nothing, or throws when strict.
   *
   * @throws UnsupportedOperationException if this stash is strict
   */
  @Override
  public void clear() {
    if (strict) {
      throw new UnsupportedOperationException(
          "cannot clear read-only stash " + getClass().getName());
    }
  }

  private void refuse(String operation, String key) {
    if (strict) {
      throw new UnsupportedOperationException(
          "cannot " + operation + " key " + StashKeys.quote(key) + " in read-only stash "
              + getClass().getName());
    }
  }
}
