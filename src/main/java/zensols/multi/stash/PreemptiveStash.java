package zensols.multi.stash;

import org.jspecify.annotations.Nullable;

/**
 * A delegate stash that remembers whether its delegate has any data, the original's {@code
 * PreemptiveStash}: asking the delegate once saves listing a large store on every access.
 *
 * <ul>
 *   <li>{@link #hasData()} asks {@link #calculateHasData()} the first time and caches the answer
 *       until {@link #reset()};
 *   <li>{@link #dump(String, Object)} sets the cached answer to {@code true} after the delegate
 *       stored the value;
 *   <li>{@link #delete(String)} and {@link #clear()} forget the cached answer after forwarding;
 *   <li>writes made to the delegate directly, not through this stash, are not seen until {@link
 *       #reset()}.
 * </ul>
 *
 * <p>Thread safe if the delegate is: the cache is guarded so that a concurrent {@code dump} is
 * never overwritten by an older {@code false}.
 *
 * @param <V> the type of the values
 */
public class PreemptiveStash<V> extends DelegateStash<V> {

  private final Object lock = new Object();
  private volatile @Nullable Boolean hasData;

  /**
   * Creates a stash over {@code delegate}.
   *
   * @param delegate the stash that holds the data
   * @throws NullPointerException if {@code delegate} is {@code null}
   */
  public PreemptiveStash(Stash<V> delegate) {
    super(delegate);
  }

  /**
   * Tells whether the delegate has data, computing the answer once with {@link
   * #calculateHasData()} and caching it until {@link #reset()}.
   *
   * @return the cached answer
   */
  public boolean hasData() {
    Boolean cached = hasData;
    if (cached != null) {
      return cached;
    }
    synchronized (lock) {
      cached = hasData;
      if (cached == null) {
        cached = calculateHasData();
        hasData = cached;
      }
      return cached;
    }
  }

  /**
   * Computes whether the delegate has data; called by {@link #hasData()} when nothing is cached.
   * Subclasses may override it, for example to consult a completion mark.
   *
   * @return {@code true} if the delegate has at least one key
   */
  protected boolean calculateHasData() {
    return delegate().size() > 0;
  }

  /**
   * Sets the cached answer of {@link #hasData()}, for subclasses that know it without asking.
   *
   * @param hasData the answer {@link #hasData()} returns until the next {@link #reset()}
   */
  protected void setHasData(boolean hasData) {
    synchronized (lock) {
      this.hasData = hasData;
    }
  }

  /** Forgets the cached answer, so the next {@link #hasData()} asks the delegate again. */
  public void reset() {
    synchronized (lock) {
      hasData = null;
    }
  }

  /** Forwards to the delegate, then caches that there is data. */
  @Override
  public void dump(String key, V value) {
    super.dump(key, value);
    setHasData(true);
  }

  /** Forwards to the delegate, then forgets the cached answer. */
  @Override
  public boolean delete(String key) {
    boolean deleted = super.delete(key);
    reset();
    return deleted;
  }

  /** Clears the delegate, then forgets the cached answer. */
  @Override
  public void clear() {
    super.clear();
    reset();
  }
}
