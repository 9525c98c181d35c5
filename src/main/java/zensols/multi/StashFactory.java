package zensols.multi;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import zensols.multi.stash.Stash;

/**
 * Creates the values of a {@link MultiProcessFactoryStash} or {@link MultiProcessRobustStash}: the
 * keys to create, and how to create the value of one key. The Java-first form of the original's
 * factory stash; a lambda is enough through {@link #of(Collection, Creator)} or {@link
 * #of(Supplier, Creator)}.
 *
 * <ul>
 *   <li>{@link #keys()} is asked when a prime starts (and by the robust stash to find the missing
 *       keys); {@link #create(String)} runs in a worker, once per key the prime computes, so it
 *       must be safe to call from several threads at once.
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
   * Creates the value of one key.
   *
   * @param key one of {@link #keys()}
   * @return the value; never null
   * @throws Exception if the value cannot be created
   */
  V create(String key) throws Exception;

  /**
   * This factory as a read-only {@link Stash}: {@code keys()} and {@code exists(key)} answer from
   * {@link #keys()}; {@code load(key)} of a listed key calls {@link #create(String)} and of any
   * other key is empty; writes are ignored.
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
