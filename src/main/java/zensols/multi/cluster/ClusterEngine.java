package zensols.multi.cluster;

import java.util.concurrent.Future;
import zensols.multi.Processor;

/**
 * The binding of a {@link ClusterProcessor} to a cluster engine: the service provider interface
 * that an optional module implements (the module {@code zensols.multi.hazelcast} binds it to
 * Hazelcast), so that the core depends on no engine and the {@link Processor} hierarchy stays
 * closed.
 *
 * <p>An engine must:
 *
 * <ul>
 *   <li>run each submitted chunk as <em>one</em> remote task on one member, chosen round-robin
 *       among the members that run work; the member runs it by {@link
 *       StashRegistry#process(ClusterChunk)} on the registry that the application filled at
 *       start-up, so that the chunk's values are dumped into the stash's delegate, which every
 *       member must reach (a distributed map, or a directory on shared storage);
 *   <li>not retry a task by itself (for example a client's "redo operation" must be off): a lost
 *       member is reported through the future, and the processor decides what to resubmit;
 *   <li>be thread safe: {@link #submit} is called from many threads at once.
 * </ul>
 */
public interface ClusterEngine {

  /**
   * Sends one chunk to a member and returns at once.
   *
   * <p>The returned future completes with the number of values the member dumped, or fails with
   * an {@link java.util.concurrent.ExecutionException} whose cause is what the chunk threw on the
   * member, or a failure for which {@link #isMemberLost(Throwable)} is true. Its {@code
   * cancel(true)} cancels the remote task, interrupting it if it runs, and returns only once the
   * engine has delivered the cancellation (or knows that the member is gone).
   *
   * @param chunk the stash name, the chunk id and the items
   * @return the outcome of the remote task
   * @throws IllegalStateException if no member can take work; {@link #isMemberLost(Throwable)}
   *     decides whether a submission that throws may be tried again
   */
  Future<Integer> submit(ClusterChunk<?> chunk);

  /**
   * Whether a failure of a submission means that its member was lost (it died, left, or the
   * connection to it broke) so that the chunk's outcome is unknown: it may have dumped none, some
   * or all of its values. The processor then resubmits the chunk.
   *
   * @param failure what {@link #submit} or the future threw, or the cause of an {@code
   *     ExecutionException}
   * @return true if the chunk should be resubmitted; false for a real failure of the chunk
   */
  boolean isMemberLost(Throwable failure);
}
