package zensols.multi;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import zensols.multi.stash.Stash;

/**
 * Builds a {@link MultiProcessRobustStash}: a factory stash that computes only the keys its
 * delegate lacks and records the items whose creation throws as {@link Failure}s. Get one from
 * {@link MultiProcess#robustStash(String, Stash, StashFactory)}.
 *
 * {@snippet file="Examples.java" region="robust"}
 *
 * <ul>
 *   <li>Defaults, as the original's {@code MultiProcessRobustStash}: chunk size 0, all processors,
 *       {@link PoolProcessor} ({@link MultiProcessConfig#FACTORY_DEFAULT}), {@linkplain
 *       #protectWork(boolean) protected work}, and the {@linkplain
 *       MultiProcessRobustStash#defaultFailureStash(Stash) default failure stash} (beside a
 *       {@code DirectoryStash} delegate, in memory otherwise).
 *   <li>The stash built is the one {@link MultiProcessRobustStash#MultiProcessRobustStash(String,
 *       Stash, Stash, MultiProcessConfig, boolean, Stash)} creates, with the factory {@linkplain
 *       StashFactory#asStash() as a stash}.
 * </ul>
 *
 * @param <V> the type of the values
 */
public final class MultiProcessRobustStashBuilder<V>
    extends MultiProcessBuilder<MultiProcessRobustStashBuilder<V>, MultiProcessRobustStash<V>> {

  private final Stash<V> delegate;
  private final Stash<V> factory;
  private boolean protectWork = true;
  private @Nullable Stash<Failure> failures;

  MultiProcessRobustStashBuilder(String name, Stash<V> delegate, Stash<V> factory) {
    super(name, delegate, MultiProcessConfig.FACTORY_DEFAULT);
    this.delegate = delegate;
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  /**
   * Whether an item whose creation throws is recorded as a {@link Failure} rather than failing the
   * prime (the original's {@code protect_work}).
   *
   * @param protectWork {@code true} (the default) to record failures, {@code false} to fail the
   *     prime with {@link ChunkFailedException}
   * @return this builder
   */
  public MultiProcessRobustStashBuilder<V> protectWork(boolean protectWork) {
    this.protectWork = protectWork;
    return this;
  }

  /**
   * Where the failures are kept; give a persistent stash for failures that survive a restart (and,
   * on a cluster, one every member reaches).
   *
   * @param failures the failure stash
   * @return this builder
   */
  public MultiProcessRobustStashBuilder<V> failures(Stash<Failure> failures) {
    this.failures = Objects.requireNonNull(failures, "failures");
    return this;
  }

  /**
   * Builds the stash.
   *
   * @return a new {@link MultiProcessRobustStash}
   * @throws IllegalArgumentException if the name is blank, or naming the option if an option is
   *     invalid, or if no failure stash was given and the default cannot be made beside the
   *     delegate
   */
  @Override
  public MultiProcessRobustStash<V> build() {
    String name = name();
    MultiProcessConfig config = config();
    Stash<Failure> failures = this.failures;
    if (failures == null) {
      try {
        failures = MultiProcessRobustStash.defaultFailureStash(delegate);
      } catch (IllegalArgumentException e) {
        throw invalid("failures (default)", String.valueOf(e.getMessage()), e);
      }
    }
    return withListeners(
        new MultiProcessRobustStash<>(name, delegate, factory, config, protectWork, failures));
  }
}
