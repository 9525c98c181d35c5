package zensols.multi;

import java.util.function.Supplier;
import java.util.stream.Stream;
import zensols.multi.stash.Stash;

/**
 * The Java-first front door: builders for every stash of the {@code MultiProcessStash} family,
 * from lambdas, without subclassing. The builders create the same classes as the original's names
 * do ({@link MultiProcessStash}, {@link MultiProcessFactoryStash}, {@link
 * MultiProcessRobustStash}), with the same defaults.
 *
 * {@snippet file="Examples.java" region="squares"}
 *
 * <ul>
 *   <li>{@link #stash(String, Stash, Supplier)}: data from a supplier, work per item or per chunk;
 *   <li>{@link #factoryStash(String, Stash, StashFactory)}: the values of a factory;
 *   <li>{@link #robustStash(String, Stash, StashFactory)}: the values of a factory, computing only
 *       the missing ones and recording failures.
 * </ul>
 *
 * <p>Options (chunk size, workers, processor, deadline and the rest) are named methods of the
 * builder, checked by {@code build()} (see {@link MultiProcessBuilder}).
 */
public final class MultiProcess {
  private MultiProcess() {}

  /**
   * A builder of a stash whose data a supplier creates and whose values a lambda computes, per
   * item or per chunk.
   *
   * @param name the stash's name, used in thread names, logs and exceptions
   * @param delegate keeps the values
   * @param data creates the data; called once per prime, its stream closed when the prime ends
   * @param <D> the type of the data items
   * @param <V> the type of the values
   * @return the builder
   * @throws NullPointerException if an argument is null
   */
  public static <D, V> MultiProcessStashBuilder<D, V> stash(
      String name, Stash<V> delegate, Supplier<? extends Stream<? extends D>> data) {
    return new MultiProcessStashBuilder<>(name, delegate, data);
  }

  /**
   * A builder of a stash filled with the values of a factory.
   *
   * @param name the stash's name
   * @param delegate keeps the values
   * @param factory the keys and how to create their values
   * @param <V> the type of the values
   * @return the builder
   * @throws NullPointerException if an argument is null
   */
  public static <V> MultiProcessFactoryStashBuilder<V> factoryStash(
      String name, Stash<V> delegate, StashFactory<V> factory) {
    return new MultiProcessFactoryStashBuilder<>(name, delegate, factory.asStash());
  }

  /**
   * A builder of a stash filled with the values of a factory stash, as the original's factories
   * are.
   *
   * @param name the stash's name
   * @param delegate keeps the values
   * @param factory the factory stash
   * @param <V> the type of the values
   * @return the builder
   * @throws NullPointerException if an argument is null
   */
  public static <V> MultiProcessFactoryStashBuilder<V> factoryStash(
      String name, Stash<V> delegate, Stash<V> factory) {
    return new MultiProcessFactoryStashBuilder<>(name, delegate, factory);
  }

  /**
   * A builder of a robust stash filled with the values of a factory.
   *
   * @param name the stash's name
   * @param delegate keeps the values
   * @param factory the keys and how to create their values
   * @param <V> the type of the values
   * @return the builder
   * @throws NullPointerException if an argument is null
   */
  public static <V> MultiProcessRobustStashBuilder<V> robustStash(
      String name, Stash<V> delegate, StashFactory<V> factory) {
    return new MultiProcessRobustStashBuilder<>(name, delegate, factory.asStash());
  }

  /**
   * A builder of a robust stash filled with the values of a factory stash, as the original's
   * factories are.
   *
   * @param name the stash's name
   * @param delegate keeps the values
   * @param factory the factory stash
   * @param <V> the type of the values
   * @return the builder
   * @throws NullPointerException if an argument is null
   */
  public static <V> MultiProcessRobustStashBuilder<V> robustStash(
      String name, Stash<V> delegate, Stash<V> factory) {
    return new MultiProcessRobustStashBuilder<>(name, delegate, factory);
  }
}
