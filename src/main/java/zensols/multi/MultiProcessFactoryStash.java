package zensols.multi;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
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
 *   <li>the keys are read from the factory's {@link Stash#keyStream()} chunk by chunk, in the
 *       order it gives them: sorted for a factory that does not stream (the default {@code
 *       keyStream()} sorts {@code keys()}, and holds every key), the stream's own order for one
 *       that does ({@link StashFactory#ofStream(java.util.function.Supplier,
 *       StashFactory.Creator)}, or a {@code Stash} that overrides {@code keyStream()}); with a
 *       positive chunk size, a prime over a streaming factory holds only the chunks in flight
 *       (chunk size 0 divides the data evenly, which holds it all);
 *   <li>every key is {@linkplain Stash#checkKey(String) checked} by the delegate before any work
 *       runs, so a key the delegate can never store fails the prime first: a streaming factory's
 *       {@code keyStream()} is read once for that check and once for the work;
 *   <li>each key is computed at most once per prime, even if the key stream repeats it: a key
 *       still in flight is skipped, and for a key whose chunk finished the delegate is asked
 *       ({@link Stash#missingKeys(List)}). Only a factory stash that primes again over a delegate
 *       that already has values, from a stream that does not declare its keys distinct ({@link
 *       Spliterator#DISTINCT}, as a {@code Set}'s stream does), remembers every key of the prime
 *       to do that;
 *   <li>every stream taken from the factory is closed when the prime (or the check) is done with
 *       it, also when it fails or is cancelled;
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
  private volatile @Nullable KeyGate gate; // of the running prime, if its keys go through one

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
   * The factory's keys, in the order of its {@link Stash#keyStream()}, each {@linkplain
   * Stash#checkKey(String) checked} by the delegate first, so that a key the delegate can never
   * store fails the prime before any work runs; a key the stream repeats is given once (see the
   * class comment).
   *
   * @return the keys to create
   * @throws IllegalArgumentException quoting the first key the delegate cannot store
   */
  @Override
  protected Stream<String> createData() {
    return admitted(checkedKeys(), false);
  }

  /**
   * The keys of a prime: {@code keys} as they are when they cannot repeat and every key is to be
   * computed, otherwise through a {@link KeyGate} of this run (which looks keys up in the
   * delegate when {@code onlyMissing} or when the delegate was empty when the prime started).
   */
  final Stream<String> admitted(KeyStream keys, boolean onlyMissing) {
    gate = null;
    if (!onlyMissing && keys.distinct()) {
      return keys.stream();
    }
    UnaryOperator<List<String>> lookup =
        onlyMissing || delegate().size() == 0 ? this::absentFrom : null;
    KeyGate running = new KeyGate(name(), lookup);
    gate = running;
    return running
        .admit(keys.stream())
        .onClose(
            () -> {
              if (gate == running) {
                gate = null;
              }
            });
  }

  /** A stream of keys, and whether it declares them distinct. */
  record KeyStream(Stream<String> stream, boolean distinct) {}

  /**
   * The factory's keys, each checked by the delegate: a stream that holds its keys already (a
   * {@code SIZED} and {@code SORTED} one, such as the default {@code keyStream()}, which sorts
   * {@code keys()}) is checked as it is copied, so that {@code keys()} is asked once; any other
   * (a lazy one) is read once to check it, and then again.
   *
   * @throws IllegalArgumentException quoting the first key the delegate cannot store
   */
  final KeyStream checkedKeys() {
    Stream<String> keys = factoryKeys();
    boolean close = true;
    try {
      Spliterator<String> split = keys.spliterator();
      boolean distinct = split.hasCharacteristics(Spliterator.DISTINCT);
      if (split.hasCharacteristics(Spliterator.SIZED | Spliterator.SORTED)) {
        List<String> all = new ArrayList<>((int) Math.min(split.estimateSize(), 1 << 24));
        split.forEachRemaining(key -> all.add(checkedKey(key)));
        close = false;
        return new KeyStream(all.stream().onClose(keys::close), distinct);
      }
      split.forEachRemaining(this::checkedKey);
    } finally {
      if (close) {
        keys.close();
      }
    }
    Stream<String> again = factoryKeys();
    Spliterator<String> split = again.spliterator();
    return new KeyStream(
        StreamSupport.stream(split, false).onClose(again::close),
        split.hasCharacteristics(Spliterator.DISTINCT));
  }

  /**
   * Asks the delegate to check one key of the factory.
   *
   * @throws NullPointerException naming the stash for a null key
   * @throws IllegalArgumentException quoting the key if the delegate cannot store it
   */
  final String checkedKey(@Nullable String key) {
    if (key == null) {
      throw new NullPointerException(
          "stash '" + name() + "': the factory's keyStream() gave a null key");
    }
    delegate().checkKey(key);
    return key;
  }

  /**
   * A new stream of the factory's keys; the caller closes it.
   *
   * @throws NullPointerException naming the factory if its {@code keyStream()} returns null
   */
  final Stream<String> factoryKeys() {
    Stream<String> keys = factory.keyStream();
    if (keys == null) { // a factory that breaks the contract: name it
      throw new NullPointerException(
          "stash '" + name() + "': the factory " + factory + " returned null from keyStream()");
    }
    return keys;
  }

  /**
   * The keys of {@code keys} that count as not done: those the delegate lacks ({@link
   * MultiProcessRobustStash} also leaves out recorded failures).
   */
  List<String> absentFrom(List<String> keys) {
    return delegate().missingKeys(keys);
  }

  /**
   * The chunk processor of {@link MultiProcessStash}; when the running prime's keys go through a
   * gate, the chunk's keys leave its in-flight set once the chunk has stored them.
   *
   * @param chunkId the chunk id
   * @param data the chunk's keys
   * @return a {@link ChunkProcessor} for this stash
   */
  @Override
  protected ChunkProcessor<String, V> createChunkProcessor(int chunkId, List<String> data) {
    KeyGate running = gate;
    if (running == null) {
      return super.createChunkProcessor(chunkId, data);
    }
    return new ChunkProcessor<>(this, chunkId, data) {
      @Override
      public int process() throws Exception {
        try {
          return super.process();
        } finally {
          running.done(data());
        }
      }
    };
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
    Optional<V> loaded =
        factory instanceof StashFactoryAdapter<V> adapter // the key is one it enumerated
            ? Optional.of(adapter.create(key))
            : factory.load(key);
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
  final Optional<V> createFromFactory(String key) {
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
  Optional<V> loadOnDemand(String key) {
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
   * delegate's contents rather than from the chunks' results: every key of the factory must now be
   * in the delegate (or, in a {@link MultiProcessRobustStash}, recorded as a failure), looked up a
   * batch at a time as the factory's key stream is read again, without holding the keys.
   *
   * @throws IllegalStateException naming the stash, how many keys are missing and a few of them,
   *     if the delegate lacks keys (for example a delegate that not every member shares)
   */
  @Override
  protected void checkWorkComplete() {
    if (!chunksRanElsewhere()) {
      return;
    }
    long[] missing = {0};
    List<String> examples = new ArrayList<>();
    try (Stream<String> keys = factoryKeys()) {
      KeyGate.forEachBatch(
          keys,
          name(),
          batch -> {
            for (String key : absentFrom(batch)) {
              if (missing[0]++ < 5) {
                examples.add(key);
              }
            }
            return true;
          });
    }
    if (missing[0] > 0) {
      throw new IllegalStateException(
          "stash '" + name() + "': every chunk reported done, but " + missing[0]
              + " keys are missing from the delegate (" + examples
              + "…); is the delegate shared by every member?");
    }
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
