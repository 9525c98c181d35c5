package zensols.multi;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import zensols.multi.stash.Stash;

/**
 * Creates the values of a {@link MultiProcessFactoryStash} or {@link MultiProcessRobustStash}: the
 * keys to create, and how to create the value of one key. The Java-first form of the original's
 * factory stash; a lambda is enough through {@link #of(Collection, Creator)} or {@link
 * #of(Supplier, Creator)}.
 *
 * <ul>
 *   <li>A prime enumerates the keys through {@link #keyStream()}, chunk by chunk: by default the
 *       keys of {@link #keys()}, sorted; a factory that can enumerate its keys lazily (rows of a
 *       table, lines of a file, a generated range) overrides it, or is made with {@link
 *       #ofStream(Supplier, Creator)}, and a prime then never holds every key. {@link
 *       #create(String)} runs in a worker, once per key the prime computes, so it must be safe to
 *       call from several threads at once.
 *   <li>A {@code create} that throws fails its chunk, or, in a robust stash with {@code
 *       protectWork}, is recorded as that key's {@link Failure}.
 *   <li>{@link #asStash()} adapts a factory to the {@link Stash} that the constructors of the
 *       factory and robust stashes take, so both ways of writing a stash share the same factories.
 * </ul>
 *
 * {@snippet file="Examples.java" region="robust"}
 *
 * @param <V> the type of the values
 */
public interface StashFactory<V> {

  /**
   * The keys whose values this factory creates.
   *
   * @return the keys; never null
   */
  Set<String> keys();

  /**
   * The keys as a stream, which a prime reads chunk by chunk without holding them all.
   *
   * <ul>
   *   <li>The default sorts {@link #keys()}; override it (or use {@link #ofStream(Supplier,
   *       Creator)}) to enumerate the keys lazily, in an order of your own.
   *   <li>A prime may call it more than once (the robust stash: once to find whether keys are
   *       missing, once to check every key, once to compute the missing ones): each call gives a
   *       new stream of the same keys. The caller closes every stream it gets, also when the prime
   *       fails or is cancelled, so a stream over a resource closes it through {@link
   *       Stream#onClose(Runnable)}.
   *   <li>Each key should appear once; a key that appears again is computed once per prime all the
   *       same.
   * </ul>
   *
   * @return a sequential stream of the keys; never null
   */
  default Stream<String> keyStream() {
    return keys().stream().sorted();
  }

  /**
   * Whether {@code key} is one of this factory's keys: what the {@linkplain #asStash() adapter}'s
   * {@code exists(key)} answers and what its {@code load(key)} asks before creating a value. The
   * default asks {@link #keys()}; a prime does not ask it for the keys it enumerated itself.
   *
   * @param key the key
   * @return whether the factory lists the key
   */
  default boolean contains(String key) {
    return keys().contains(key);
  }

  /**
   * Creates the value of one key.
   *
   * @param key one of {@link #keys()}
   * @return the value; never null
   * @throws Exception if the value cannot be created
   */
  V create(String key) throws Exception;

  /**
   * This factory as a read-only {@link Stash}: {@code keys()} answers from {@link #keys()}, {@code
   * keyStream()} from {@link #keyStream()}, {@code exists(key)} from {@link #contains(String)};
   * {@code load(key)} of a listed key calls {@link #create(String)} and of any other key is empty
   * (a factory or robust stash priming from it creates the keys it enumerated without asking
   * {@code contains} again); writes are ignored.
   *
   * <ul>
   *   <li>An {@link java.io.IOException} from {@code create} is rethrown as an {@link
   *       java.io.UncheckedIOException}, an {@link InterruptedException} as an {@link
   *       IllegalStateException} with the interrupt status set again (the prime then counts it as
   *       a cancellation, not as a failure), any other checked exception as an {@link IllegalStateException} naming the key, with the exception as the
   *       cause; unchecked exceptions and errors are rethrown as they are.
   *   <li>A {@code create} that returns {@code null} throws {@link NullPointerException} naming
   *       the key: a programming error, which fails the prime even in a robust stash with
   *       protected work (it is not recorded as the key's {@link Failure}).
   * </ul>
   *
   * @return the adapter; each call returns a new one
   */
  default Stash<V> asStash() {
    return new StashFactoryAdapter<>(this);
  }

  /**
   * A factory over a fixed set of keys.
   *
   * @param keys the keys, copied
   * @param creator creates the value of one key
   * @param <V> the type of the values
   * @return the factory
   * @throws NullPointerException if {@code keys}, one of them or {@code creator} is null
   */
  static <V> StashFactory<V> of(Collection<String> keys, Creator<? extends V> creator) {
    Set<String> copy = Set.copyOf(keys);
    return of(() -> copy, creator);
  }

  /**
   * A factory whose keys a supplier gives each time they are asked for: for keys that change
   * between primes (files in a directory, rows of a table). Each call of {@link #keys()} calls the
   * supplier, so make it cheap enough for that, or use {@link #of(Collection, Creator)}.
   *
   * @param keys gives the keys
   * @param creator creates the value of one key
   * @param <V> the type of the values
   * @return the factory
   * @throws NullPointerException if {@code keys} or {@code creator} is null, and from {@link
   *     #keys()} if the supplier returns null
   */
  static <V> StashFactory<V> of(Supplier<? extends Set<String>> keys, Creator<? extends V> creator) {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(creator, "creator");
    return new StashFactory<>() {
      @Override
      public Set<String> keys() {
        return Objects.requireNonNull(keys.get(), "the keys supplier returned null");
      }

      @Override
      public V create(String key) throws Exception {
        return creator.create(key);
      }

      @Override
      public String toString() {
        return "StashFactory.of(" + keys + ", " + creator + ")";
      }
    };
  }

  /**
   * A factory whose keys a supplier streams each time they are asked for, so that a prime reads
   * them chunk by chunk and never holds them all (a generated range, the lines of a file, a
   * database cursor): {@link #keyStream()} calls the supplier once per call, in the stream's own
   * order; the supplier gives a new stream of the same keys each time.
   *
   * <ul>
   *   <li>{@link #keys()} collects a stream into an unmodifiable set (it holds every key), and
   *       {@link #contains(String)} reads a stream until it finds the key: both exist for the
   *       {@link Stash} view and for on-demand loads of a key the prime did not create, not for
   *       the prime.
   *   <li>Every stream the supplier gives is closed after use, so a stream over a resource closes
   *       it through {@link Stream#onClose(Runnable)}.
   * </ul>
   *
   * @param keys gives a new stream of the keys on each call
   * @param creator creates the value of one key
   * @param <V> the type of the values
   * @return the factory
   * @throws NullPointerException if {@code keys} or {@code creator} is null, and from {@link
   *     #keyStream()} if the supplier returns null
   */
  static <V> StashFactory<V> ofStream(
      Supplier<? extends Stream<String>> keys, Creator<? extends V> creator) {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(creator, "creator");
    return new StashFactory<>() {
      @Override
      public Stream<String> keyStream() {
        return Objects.requireNonNull(keys.get(), "the key stream supplier returned null");
      }

      @Override
      public Set<String> keys() {
        try (Stream<String> stream = keyStream()) {
          Set<String> keySet = stream.collect(Collectors.toCollection(LinkedHashSet::new));
          return Collections.unmodifiableSet(keySet);
        }
      }

      @Override
      public boolean contains(String key) {
        Objects.requireNonNull(key, "key");
        try (Stream<String> stream = keyStream()) {
          return stream.anyMatch(key::equals);
        }
      }

      @Override
      public V create(String key) throws Exception {
        return creator.create(key);
      }

      @Override
      public String toString() {
        return "StashFactory.ofStream(" + keys + ", " + creator + ")";
      }
    };
  }

  /**
   * Creates the value of one key: the lambda of {@link #of(Collection, Creator)}.
   *
   * @param <V> the type of the values
   */
  @FunctionalInterface
  interface Creator<V> {
    /**
     * Creates the value of {@code key}.
     *
     * @param key the key
     * @return the value; never null
     * @throws Exception if the value cannot be created
     */
    V create(String key) throws Exception;
  }
}
