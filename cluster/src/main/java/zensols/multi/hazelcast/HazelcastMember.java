package zensols.multi.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zensols.multi.cluster.StashRegistry;

/**
 * Starts a cluster member whose {@link StashRegistry} the chunk tasks of a {@link
 * HazelcastClusterEngine} find: the member side of the cluster processor.
 *
 * <p>A member must know every stash by name before it runs a chunk, but its stashes (a {@link
 * HazelcastMapStash} delegate, say) need the running instance. So {@link #start} starts the member
 * as a <em>lite</em> member, which the engine never gives work, lets the application register its
 * stashes, and only then promotes it to a data member. Every member must register the same names.
 */
public final class HazelcastMember {
  /** The key of the member's registry in the instance's user context. */
  public static final String REGISTRY_KEY = "zensols.multi.cluster.StashRegistry";

  private static final Logger LOG = LoggerFactory.getLogger(HazelcastMember.class);

  private HazelcastMember() {}

  /**
   * Starts a member that takes chunks once {@code registrar} has registered its stashes.
   *
   * <ul>
   *   <li>puts a new registry in {@code config}'s user context under {@value #REGISTRY_KEY}, and
   *       starts the member as a lite member (the config is changed);
   *   <li>calls {@code registrar} with the running instance and the registry;
   *   <li>then promotes the member to a data member, unless {@code config} asked for a lite member
   *       (one that holds no data and runs no chunk, for a priming side that is a member);
   *   <li>if {@code registrar} throws, shuts the member down and rethrows.
   * </ul>
   *
   * @param config the member's configuration: network, cluster name, the executor {@value
   *     HazelcastClusterEngine#DEFAULT_EXECUTOR}'s pool size, map backups
   * @param registrar registers the member's stashes, for example {@code (hz, registry) ->
   *     registry.register(new MyStash(HazelcastMapStash.of(hz, "items")))}
   * @return the running member
   */
  public static HazelcastInstance start(
      Config config, BiConsumer<HazelcastInstance, StashRegistry> registrar) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(registrar, "registrar");
    boolean lite = config.isLiteMember();
    StashRegistry registry = new StashRegistry();
    config.getUserContext().put(REGISTRY_KEY, registry);
    config.setLiteMember(true);
    HazelcastInstance instance = Hazelcast.newHazelcastInstance(config);
    try {
      registrar.accept(instance, registry);
      if (!lite) {
        instance.getCluster().promoteLocalLiteMember();
      }
    } catch (RuntimeException | Error e) {
      instance.shutdown();
      throw e;
    }
    LOG.info("member {} takes chunks of {}", instance.getCluster().getLocalMember(), registry);
    return instance;
  }

  /**
   * The registry of a member started by {@link #start}.
   *
   * @param instance the member
   * @return its registry
   * @throws IllegalStateException if the member was not started by {@link #start}
   */
  public static StashRegistry registry(HazelcastInstance instance) {
    Object registry = instance.getUserContext().get(REGISTRY_KEY);
    if (registry instanceof StashRegistry stashRegistry) {
      return stashRegistry;
    }
    throw new IllegalStateException(
        "member " + instance.getName() + " has no stash registry: start it with"
            + " HazelcastMember.start(config, registrar)");
  }
}
