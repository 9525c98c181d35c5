/**
 * Hazelcast binding of the {@code zensols.multi} cluster processor.
 *
 * <ul>
 *   <li>{@link zensols.multi.hazelcast.HazelcastClusterEngine}: the {@link
 *       zensols.multi.cluster.ClusterEngine}: one executor task per chunk, round-robin over the members;
 *   <li>{@link zensols.multi.hazelcast.HazelcastMember}: starts a member whose {@link
 *       zensols.multi.cluster.StashRegistry} the tasks find;
 *   <li>{@link zensols.multi.hazelcast.HazelcastMapStash}: a stash on an {@code IMap} that every
 *       member reaches, as a delegate.
 * </ul>
 */
@NullMarked
package zensols.multi.hazelcast;

import org.jspecify.annotations.NullMarked;
