package zensols.multi.stash;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A stash that forwards to another stash, its {@link #delegate()}, the original's {@code
 * DelegateStash}. Subclasses override the operations they change.
 *
 * <p>{@link #load(String)}, {@link #get(String)}, {@link #exists(String)}, {@link #dump(String,
 * Object)}, {@link #delete(String)}, {@link #clear()} and {@link #keys()} are forwarded as they
 * are. {@link #values()}, {@link #items()}, {@link #size()} and {@link #get(String, Object)} are
 * not forwarded: they keep the {@link Stash} defaults built on this stash's own {@code keys()},
 * {@code load} and {@code get}, so that a subclass overriding those stays consistent.
 *
 * <p>Thread safety is that of the delegate: this class adds no state.
 *
 * @param <V> the type of the values
 */
public class DelegateStash<V> implements Stash<V> {

  private final Stash<V> delegate;

  /**
   * Creates a stash forwarding to {@code delegate}.
   *
   * @param delegate the stash that holds the data
   * @throws NullPointerException if {@code delegate} is {@code null}
   */
  protected DelegateStash(Stash<V> delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * Returns the stash this one forwards to.
   *
   * @return the delegate given at construction, never {@code null}
   */
  public Stash<V> delegate() {
    return delegate;
  }

  /** Forwards to the delegate's {@link Stash#load(String)}. */
  @Override
  public Optional<V> load(String key) {
    return delegate.load(key);
  }

  /** Forwards to the delegate's {@link Stash#get(String)}. */
  @Override
  public Optional<V> get(String key) {
    return delegate.get(key);
  }

  /** Forwards to the delegate's {@link Stash#exists(String)}. */
  @Override
  public boolean exists(String key) {
    return delegate.exists(key);
  }

  /** Forwards to the delegate's {@link Stash#dump(String, Object)}. */
  @Override
  public void dump(String key, V value) {
    delegate.dump(key, value);
  }

  /** Forwards to the delegate's {@link Stash#delete(String)}. */
  @Override
  public boolean delete(String key) {
    return delegate.delete(key);
  }

  /** Checks the delegate. */
  @Override
  public void checkWritable() {
    delegate.checkWritable();
  }

  /** Forwards to the delegate's {@link Stash#clear()}. */
  @Override
  public void clear() {
    delegate.clear();
  }

  /** Forwards to the delegate's {@link Stash#keys()}. */
  /** Asks the delegate. */
  @Override
  public void checkKey(String key) {
    delegate.checkKey(key);
  }

  @Override
  public Set<String> keys() {
    return delegate.keys();
  }

  /**
   * Describes this stash and its delegate.
   *
   * @return the simple class name followed by the delegate's description in brackets
   */
  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}
