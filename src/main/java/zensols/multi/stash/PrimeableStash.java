package zensols.multi.stash;

/**
 * A stash that can prepare ("prime") its data before it is read, the original's {@code
 * PrimeableStash}.
 *
 * @param <V> the type of the values
 */
public interface PrimeableStash<V> extends Stash<V> {

  /**
   * Prepares the data of this stash.
   *
   * <p>Idempotent: once the data is prepared, further calls do no work. Implementations document
   * what happens when a prime fails or is interrupted, and whether concurrent calls are safe.
   */
  void prime();
}
