/**
 * The cluster service provider interface: run the chunks of a stash on the members of a cluster.
 *
 * <ul>
 *   <li>{@link zensols.multi.cluster.ClusterProcessor}: the fourth {@link zensols.multi.Processor};
 *       a stash configured with it sends each chunk, by the stash's <em>name</em>, to a member;
 *   <li>{@link zensols.multi.cluster.ClusterEngine}: what an engine module implements to move a
 *       {@link zensols.multi.cluster.ClusterChunk} to a member and report a lost member (the
 *       module {@code zensols.multi.hazelcast} binds it to Hazelcast);
 *   <li>{@link zensols.multi.cluster.StashRegistry}: the stashes of a member by name, which runs
 *       the chunks the member receives.
 * </ul>
 *
 * <p>The core knows no engine: nothing outside this package depends on a cluster.
 */
@NullMarked
package zensols.multi.cluster;

import org.jspecify.annotations.NullMarked;
