package zensols.multi.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import zensols.multi.cluster.StashRegistry;

/**
 * Registers a member's stashes: what {@link MemberLauncher} runs on a member so that the member
 * needs no {@code main} of the application's own.
 *
 * <p>A registrar names the stashes that the priming side primes, each with a delegate that every
 * member reaches (for example a {@link HazelcastMapStash} on {@code instance}). {@link
 * MemberLauncher} finds registrars in two ways: every provider of this service on the module path
 * ({@code provides zensols.multi.hazelcast.StashRegistrar with ...}) and every class named by
 * {@code --registrar}, created by its public no-argument constructor.
 */
@FunctionalInterface
public interface StashRegistrar {

  /**
   * Registers stashes in {@code registry}; called once, while the member is still a lite member
   * that takes no chunk.
   *
   * @param instance the running member, for delegates on its maps
   * @param registry the member's registry
   */
  void register(HazelcastInstance instance, StashRegistry registry);
}
