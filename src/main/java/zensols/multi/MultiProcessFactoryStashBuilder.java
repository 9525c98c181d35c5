package zensols.multi;

import java.util.Objects;
import zensols.multi.stash.Stash;

/**
 * Builds a {@link MultiProcessFactoryStash}: the values of a {@link StashFactory} (or of a factory
 * {@link Stash}) computed in chunks and kept in a delegate. Get one from {@link
 * MultiProcess#factoryStash(String, Stash, StashFactory)}.
 *
 * {@snippet file="Examples.java" region="factory"}
 *
 * <ul>
 *   <li>Defaults, as the original's {@code MultiProcessFactoryStash}: chunk size 0, all
 *       processors, {@link PoolProcessor} ({@link MultiProcessConfig#FACTORY_DEFAULT}), {@link
 *       EnablePreemptive#FALSE}.
 *   <li>The stash built is the one {@link MultiProcessFactoryStash#MultiProcessFactoryStash(String,
 *       Stash, Stash, MultiProcessConfig, EnablePreemptive)} creates, with the factory {@linkplain
 *       StashFactory#asStash() as a stash}.
 * </ul>
 *
 * @param <V> the type of the values
 */
public final class MultiProcessFactoryStashBuilder<V>
    extends MultiProcessBuilder<MultiProcessFactoryStashBuilder<V>, MultiProcessFactoryStash<V>> {

  private final Stash<V> delegate;
  private final Stash<V> factory;
  private EnablePreemptive enablePreemptive = EnablePreemptive.FALSE;

  MultiProcessFactoryStashBuilder(String name, Stash<V> delegate, Stash<V> factory) {
    super(name, delegate, MultiProcessConfig.FACTORY_DEFAULT);
    this.delegate = delegate;
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  /**
   * Whether the factory decides that the data exists (the original's {@code enable_preemptive}).
   *
   * @param enablePreemptive the setting; {@link EnablePreemptive#FALSE} by default
   * @return this builder
   */
  public MultiProcessFactoryStashBuilder<V> enablePreemptive(EnablePreemptive enablePreemptive) {
    this.enablePreemptive = Objects.requireNonNull(enablePreemptive, "enablePreemptive");
    return this;
  }

  /**
   * Builds the stash.
   *
   * @return a new {@link MultiProcessFactoryStash}
   * @throws IllegalArgumentException if the name is blank, or naming the option if an option is
   *     invalid
   */
  @Override
  public MultiProcessFactoryStash<V> build() {
    return withListeners(
        new MultiProcessFactoryStash<>(name(), delegate, factory, config(), enablePreemptive));
  }
}
