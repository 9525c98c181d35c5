/**
 * Runs the chunks of a {@code zensols.multi} stash on the members of a Hazelcast cluster: a
 * {@link zensols.multi.cluster.ClusterEngine} on Hazelcast's executor service ({@link
 * zensols.multi.hazelcast.HazelcastClusterEngine}), the member start-up that makes a member's
 * {@link zensols.multi.cluster.StashRegistry} reachable ({@link zensols.multi.hazelcast.HazelcastMember})
 * and a stash on a Hazelcast {@code IMap} ({@link zensols.multi.hazelcast.HazelcastMapStash}).
 *
 * <p>{@link zensols.multi.hazelcast.MemberLauncher} starts a member from the command line, with
 * its stashes registered by {@link zensols.multi.hazelcast.StashRegistrar}s (providers of that
 * service, or {@code --registrar} classes). The non-exported package {@code
 * zensols.multi.hazelcast.example} holds README's runnable example: a registrar and the client
 * that primes its stash.
 *
 * <p>Hazelcast is the automatic module {@code com.hazelcast.core}. An automatic module requires
 * nothing, so the JDK modules it uses at run time are required here, so that they are resolved
 * when an application runs on the module path: {@code jdk.unsupported} ({@code sun.misc.Unsafe}),
 * {@code java.sql}, {@code java.management} and {@code jdk.management} (metrics, JMX) and {@code
 * jdk.net} (extended socket options).
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module zensols.multi.hazelcast {
  requires static org.jspecify;
  requires transitive zensols.multi;
  requires transitive com.hazelcast.core;
  requires org.slf4j;
  requires jdk.unsupported;
  requires java.sql;
  requires java.management;
  requires jdk.management;
  requires jdk.net;

  exports zensols.multi.hazelcast;

  uses zensols.multi.hazelcast.StashRegistrar;
}
