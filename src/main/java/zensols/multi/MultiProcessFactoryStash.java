package zensols.multi;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import zensols.multi.stash.PreemptiveStash;
import zensols.multi.stash.PrimeableStash;
import zensols.multi.stash.Stash;

/**
 * Fills the delegate from a {@linkplain #factory() factory} stash: the data are the factory's
 * keys, and each value is loaded from the factory inside the workers. The original's {@code
 * MultiProcessFactoryStash}; chunk size and workers default to 0 ({@link
 * MultiProcessConfig#FACTORY_DEFAULT}).
 *
 * <ul>
 *   <li>{@link #prime()} primes a factory that is a {@link PrimeableStash} first;
 *   <li>the keys are processed in sorted order;
 *   <li>{@link #load(String)} of a key the delegate lacks after the prime loads it from the factory
 *       and dumps it, as a {@code FactoryStash} does; {@link #get(String)} gives the same answer
 *       (a value the prime should have created is created, not reported missing);
 *   <li>a key the factory lists but cannot load fails its chunk with {@link
 *       IllegalStateException} naming the key;
 *   <li>{@link #clear()} clears the factory too.
 * </ul>
 *
 * @param <V> the type of the values
 */
public class MultiProcessFactoryStash<V> extends MultiProcessDefaultStash<String, V> {
  private final Stash<V> factory;
  private final EnablePreemptive enablePreemptive;
  private volatile boolean forced;

  /**
   * Creates the stash with {@link MultiProcessConfig#FACTORY_DEFAULT} and {@link
   * EnablePreemptive#FALSE}.
   *
   * @param name the stash's name
   * @param delegate keeps the values
   * @param factory creates the values
   */
  public MultiProcessFactoryStash(String name, Stash<V> delegate, Stash<V> factory) {
    this(name, delegate, factory, MultiProcessConfig.FACTORY_DEFAULT, EnablePreemptive.FALSE);
  }

  /**
   * Creates the stash.
   *
   * @param name the stash's name
   * @param delegate keeps the values
   * @param factory creates the values
   * @param config chunk size, workers and processor
   * @param enablePreemptive whether the factory decides that the data exists
   */
  public MultiProcessFactoryStash(
      String name,
      Stash<V> delegate,
      Stash<V> factory,
      MultiProcessConfig config,
      EnablePreemptive enablePreemptive) {
    super(name, delegate, config);
    this.factory = Objects.requireNonNull(factory, "factory");
    this.enablePreemptive = Objects.requireNonNull(enablePreemptive, "enablePreemptive");
  }

  /**
   * The stash that creates the values (the original's {@code factory}).
   *
   * @return the factory
   */
  public Stash<V> factory() {
    return factory;
  }

  /**
   * Whether the factory decides that the data exists (the original's {@code enable_preemptive}).
   *
   * @return the setting
   */
  public EnablePreemptive enablePreemptive() {
    return enablePreemptive;
  }

  /** Primes the factory first when it is a {@link PrimeableStash}. */
  @Override
  protected void beforePrime() {
    if (factory instanceof PrimeableStash<?> primeable) {
      primeable.prime();
    }
  }

  /**
   * Decides "has data" as the original does: with {@link EnablePreemptive#ALWAYS} never (once per
   * instance); otherwise the delegate's own answer, and only when that is no, the setting is
   * {@link EnablePreemptive#TRUE} and the factory is a {@link PreemptiveStash}, the factory's
   * {@link PreemptiveStash#hasData()}.
   */
  @Override
  protected boolean isDataComplete() {
    return switch (enablePreemptive) {
      case FALSE -> super.isDataComplete();
      case TRUE -> super.isDataComplete() || factoryHasData();
      case ALWAYS -> {
        if (forced) {
          yield super.isDataComplete();
        }
        forced = true;
        yield false;
      }
    };
  }

  /**
   * Whether the factory has data: {@link PreemptiveStash#hasData()} for a preemptive factory;
   * another factory is not asked (as in the original).
   */
  private boolean factoryHasData() {
    return factory instanceof PreemptiveStash<?> preemptive && preemptive.hasData();
  }

  /**
   * The factory's keys, sorted, each {@linkplain Stash#checkKey(String) checked} by the delegate
   * first, so that a key the delegate can never store fails the prime before any work runs.
   *
   * @return the keys to create
   * @throws IllegalArgumentException quoting the first key the delegate cannot store
   */
  @Override
  protected Stream<String> createData() {
    return checkedKeys(factory.keys()).stream().sorted();
  }

  /**
   * Asks the delegate to {@linkplain Stash#checkKey(String) check} every key, before any work.
   *
   * @param keys the keys the prime will create
   * @return {@code keys}
   * @throws IllegalArgumentException quoting the first key the delegate cannot store
   */
  protected final Collection<String> checkedKeys(Collection<String> keys) {
    for (String key : keys) {
      delegate().checkKey(key);
    }
    return keys;
  }

  /**
   * Loads each key of the chunk from the factory, lazily, one at a time.
   *
   * @param chunk the keys
   * @return the keys with their values
   */
  @Override
  protected Iterable<Map.Entry<String, V>> process(List<String> chunk) {
    return () -> new FactoryLoads(chunk.iterator());
  }

  /**
   * Loads one key's value from the factory, in a worker; {@link MultiProcessRobustStash} overrides
   * this to protect the work.
   *
   * @param key the key
   * @return the value, or empty to skip the key
   * @throws IllegalStateException naming the key if the factory has no value for it
   * @throws NullPointerException naming the key if the factory returns {@code null} instead of an
   *     {@code Optional}, breaking the {@link Stash} contract
   */
  protected Optional<V> loadFromFactory(String key) {
    Optional<V> loaded = factory.load(key);
    if (loaded == null) { // a factory that breaks the contract: name the key, not just the call
      throw new FactoryNullException(
          "stash '" + name() + "': the factory " + factory + " returned null for key \"" + key
              + "\" instead of an Optional");
    }
    if (loaded.isEmpty()) {
      throw new IllegalStateException(
          "stash '" + name() + "': the factory lists key \"" + key + "\" but has no value for it");
    }
    return loaded;
  }

  /**
   * The delegate's value, or else, after the prime, the factory's value, which is then dumped into
   * the delegate.
   */
  @Override
  public Optional<V> load(String key) {
    Optional<V> value = super.load(key);
    return value.isPresent() ? value : createFromFactory(key);
  }

  /**
   * As {@link #load(String)}: a stash whose values all come from the factory has no value that
   * {@code get} could find without creating it, so the two give the same answer.
   */
  @Override
  public Optional<V> get(String key) {
    return load(key);
  }

  /**
   * Loads {@code key}'s value from the factory and dumps it into the delegate, for a key the
   * delegate lacks after the prime. Runs as this stash's work: the factory's {@code load} must not
   * read this stash (it fails with {@link IllegalStateException}).
   *
   * @param key the key
   * @return the value, or empty if the factory has none
   */
  protected final Optional<V> createFromFactory(String key) {
    return asWork(
        () -> {
          Optional<V> created = loadOnDemand(key);
          created.ifPresent(v -> delegate().dump(key, v));
          return created;
        });
  }

  /**
   * Loads the value of a key the delegate lacks after the prime, for {@link #load(String)}; {@link
   * MultiProcessRobustStash} overrides this to handle a failure as a prime does.
   *
   * @param key the key
   * @return the factory's value, or empty if it has none
   * @throws NullPointerException naming the key if the factory returns {@code null} instead of an
   *     {@code Optional}
   */
  protected Optional<V> loadOnDemand(String key) {
    Optional<V> loaded = factory.load(key);
    if (loaded == null) { // a factory that breaks the contract: name the key, not just the call
      throw new FactoryNullException(
          "stash '" + name() + "': the factory " + factory + " returned null for key \"" + key
              + "\" instead of an Optional");
    }
    return loaded;
  }

  /**
   * When the chunks ran on other machines (a cluster processor), decides completion from the
   * delegate's contents rather than from the chunks' results: every key this prime had to create
   * must now be in the delegate (or {@linkplain #settledKeys() settled} otherwise).
   *
   * @throws IllegalStateException naming the stash, how many keys are missing and a few of them,
   *     if the delegate lacks keys (for example a delegate that not every member shares)
   */
  @Override
  protected void checkWorkComplete() {
    if (!chunksRanElsewhere()) {
      return;
    }
    Set<String> missing = new TreeSet<>(workKeys());
    missing.removeAll(delegate().keys());
    missing.removeAll(settledKeys());
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "stash '" + name() + "': every chunk reported done, but " + missing.size()
              + " keys are missing from the delegate (" + missing.stream().limit(5).toList()
              + "…); is the delegate shared by every member?");
    }
  }

  /**
   * The keys the last prime had to create: the factory's keys.
   *
   * @return the keys
   */
  protected Collection<String> workKeys() {
    return factory.keys();
  }

  /**
   * Keys that count as done although the delegate lacks them: none here; the failures of a {@link
   * MultiProcessRobustStash}.
   *
   * @return the keys
   */
  protected Set<String> settledKeys() {
    return Set.of();
  }

  /** Clears the delegate and the factory. */
  @Override
  public void clear() {
    withPrimeLock(
        () -> {
          super.clear();
          factory.clear();
        });
  }

  /** A key whose value the delegate holds need not be computed again by a resubmitted chunk. */
  @Override
  boolean isStored(String key) {
    return delegate().exists(key);
  }

  /** Iterates a chunk's keys, loading each value as it is asked for. */
  private final class FactoryLoads implements Iterator<Map.Entry<String, V>> {
    private final Iterator<String> keys;
    private Map.@Nullable Entry<String, V> next;

    FactoryLoads(Iterator<String> keys) {
      this.keys = keys;
    }

    @Override
    public boolean hasNext() {
      while (next == null && keys.hasNext()) {
        String key = keys.next();
        Optional<V> value = loadFromFactory(key);
        if (value.isPresent()) {
          next = Map.entry(key, value.get());
        }
      }
      return next != null;
    }

    @Override
    public Map.Entry<String, V> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Map.Entry<String, V> entry = Objects.requireNonNull(next);
      next = null;
      return entry;
    }
  }
}
