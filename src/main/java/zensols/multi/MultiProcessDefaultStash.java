package zensols.multi;

import zensols.multi.stash.Stash;

/**
 * A {@link MultiProcessStash} with the original's defaults: {@linkplain MultiProcessConfig#DEFAULT
 * chunk size 0, one worker, PoolProcessor}.
 *
 * @param <D> the type of the data items
 * @param <V> the type of the values
 */
public abstract class MultiProcessDefaultStash<D, V> extends MultiProcessStash<D, V> {

  /**
   * Creates the stash with {@link MultiProcessConfig#DEFAULT}.
   *
   * @param name the stash's name
   * @param delegate keeps the values
   */
  protected MultiProcessDefaultStash(String name, Stash<V> delegate) {
    this(name, delegate, MultiProcessConfig.DEFAULT);
  }

  /**
   * Creates the stash.
   *
   * @param name the stash's name
   * @param delegate keeps the values
   * @param config chunk size, workers and processor
   */
  protected MultiProcessDefaultStash(String name, Stash<V> delegate, MultiProcessConfig config) {
    super(name, delegate, config);
  }
}
