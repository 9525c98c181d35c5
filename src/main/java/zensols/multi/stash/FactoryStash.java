package zensols.multi.stash;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stash that uses its {@link #delegate()} as a cache in front of a {@link #factory()} stash
 * that creates values. It behaves as the original's {@code CacheFactoryStash}: keys and existence
 * always come from the factory and {@code get} never asks it. (The original's {@code FactoryStash}
 * differs: once its delegate has data, its keys come from the delegate.)
 *
 * <ul>
 *   <li>{@link #load(String)} returns the delegate's value if there is one; otherwise it loads the
 *       value from the factory, dumps it into the delegate and returns it.
 *   <li>{@link #get(String)} consults only the delegate and never the factory.
 *   <li>{@link #keys()} and {@link #exists(String)} come from the factory, as in the original's
 *       {@code CacheFactoryStash}: they tell what can be loaded, not what is cached. {@code values()}, {@code items()} and {@code
 *       size()} follow from them, so {@code values()} loads (and caches) every value.
 *   <li>{@link #dump(String, Object)} and {@link #delete(String)} act on the delegate only.
 *   <li>{@link #clear()} clears the delegate, and the factory too when {@link
 *       #isForceClearFactory()}.
 * </ul>
 *
 * <p><b>{@code dumpFactoryNones}</b> (default {@code true}, as the original's {@code
 * dump_factory_nones}). The original dumps the factory's {@code None} into the delegate so that a
 * key the factory cannot create is not asked for again. Java stashes hold no {@code null}, so
 * nothing is written to the delegate; instead, when this option is on, the miss is remembered
 * <em>in memory, by this instance only</em>: the factory is not asked again for that key until
 * {@link #delete(String)} of the key, {@link #clear()} or {@link #dump(String, Object)} of the key.
 * The memory does not survive the instance (a new instance asks the factory again). When the
 * option is off, every {@code load} of a missing key asks the factory.
 *
 * <p><b>{@code forceClearFactory}</b> (default {@code false}, as the original's {@code
 * force_clear_factory}): when on, {@link #clear()} also clears the factory.
 *
 * <p>Thread safe if the delegate and the factory are. Two threads loading the same uncached key at
 * once may both ask the factory; the delegate then keeps the value dumped last.
 *
 * @param <V> the type of the values
 */
public class FactoryStash<V> extends DelegateStash<V> {

  private static final Logger LOG = LoggerFactory.getLogger(FactoryStash.class);

  private final Stash<V> factory;
  private final boolean dumpFactoryNones;
  private final boolean forceClearFactory;
  private final Set<String> factoryMisses = ConcurrentHashMap.newKeySet();

  /**
   * Creates a stash with the original's defaults: {@code dumpFactoryNones = true}, {@code
   * forceClearFactory = false}.
   *
   * @param delegate the cache
   * @param factory the stash that creates values on a miss
   * @throws NullPointerException if an argument is {@code null}
   */
  public FactoryStash(Stash<V> delegate, Stash<V> factory) {
    this(delegate, factory, true, false);
  }

  /**
   * Creates a stash.
   *
   * @param delegate the cache
   * @param factory the stash that creates values on a miss
   * @param dumpFactoryNones {@code true} to remember, in this instance, keys the factory has no
   *     value for and not ask it again until the key is deleted, dumped or the stash cleared
   * @param forceClearFactory {@code true} to make {@link #clear()} clear the factory too
   * @throws NullPointerException if {@code delegate} or {@code factory} is {@code null}
   */
  public FactoryStash(
      Stash<V> delegate, Stash<V> factory, boolean dumpFactoryNones, boolean forceClearFactory) {
    super(delegate);
    this.factory = Objects.requireNonNull(factory, "factory");
    this.dumpFactoryNones = dumpFactoryNones;
    this.forceClearFactory = forceClearFactory;
  }

  /**
   * Returns the stash that creates values on a miss.
   *
   * @return the factory given at construction, never {@code null}
   */
  public Stash<V> factory() {
    return factory;
  }

  /**
   * Tells whether factory misses are remembered (the original's {@code dump_factory_nones}).
   *
   * @return the option given at construction ({@code true} by default)
   */
  public boolean isDumpFactoryNones() {
    return dumpFactoryNones;
  }

  /**
   * Tells whether {@link #clear()} also clears the factory (the original's {@code
   * force_clear_factory}).
   *
   * @return the option given at construction ({@code false} by default)
   */
  public boolean isForceClearFactory() {
    return forceClearFactory;
  }

  /**
   * Returns the cached value, or loads it from the factory and caches it in the delegate.
   *
   * @return the value, or empty if neither the delegate nor the factory has one (or the factory
   *     had none before and {@link #isDumpFactoryNones()} is on)
   */
  @Override
  public Optional<V> load(String key) {
    Objects.requireNonNull(key, "key");
    Optional<V> cached = delegate().load(key);
    if (cached.isPresent() || factoryMisses.contains(key)) {
      return cached;
    }
    Optional<V> created = factory.load(key);
    created.ifPresentOrElse(
        value -> delegate().dump(key, value),
        () -> {
          if (dumpFactoryNones) {
            LOG.debug("factory of {} has no value for key {}; not asking again", this, key);
            factoryMisses.add(key);
          }
        });
    return created;
  }

  /**
   * Returns the cached value only; the factory is not consulted.
   *
   * @return the delegate's value, or empty
   */
  @Override
  public Optional<V> get(String key) {
    return delegate().get(key);
  }

  /**
   * Tells whether the factory has the key.
   *
   * @return the factory's {@link Stash#exists(String)}
   */
  @Override
  public boolean exists(String key) {
    return factory.exists(key);
  }

  /**
   * Returns the factory's keys.
   *
   * @return the factory's {@link Stash#keys()}
   */
  @Override
  public Set<String> keys() {
    return factory.keys();
  }

  /** Dumps into the delegate and forgets any remembered factory miss for the key. */
  @Override
  public void dump(String key, V value) {
    Objects.requireNonNull(key, "key");
    super.dump(key, value);
    factoryMisses.remove(key);
  }

  /**
   * Deletes the key from the delegate (never from the factory) and forgets any remembered factory
   * miss for it.
   *
   * @return {@code true} if the delegate had a value for the key
   */
  @Override
  public boolean delete(String key) {
    Objects.requireNonNull(key, "key");
    boolean deleted = super.delete(key);
    factoryMisses.remove(key);
    return deleted;
  }

  /**
   * Clears the delegate and the remembered factory misses, and the factory too when {@link
   * #isForceClearFactory()}.
   */
  @Override
  public void clear() {
    super.clear();
    factoryMisses.clear();
    if (forceClearFactory) {
      factory.clear();
    }
  }

  /**
   * Describes this stash, its delegate and its factory.
   *
   * @return a description for logs and messages
   */
  @Override
  public String toString() {
    return getClass().getSimpleName() + "[delegate=" + delegate() + ", factory=" + factory + "]";
  }
}
