package zensols.multi.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zensols.multi.cluster.ClusterChunk;
import zensols.multi.cluster.ClusterEngine;
import zensols.multi.cluster.ClusterProcessor;
import zensols.multi.Processor;

/**
 * A {@link ClusterEngine} on Hazelcast's {@link IExecutorService}: each chunk is one executor task
 * sent to one member, the members taken round-robin.
 *
 * <ul>
 *   <li>The instance may be a client (recommended for the priming side; its {@linkplain
 *       com.hazelcast.client.config.ClientNetworkConfig#setRedoOperation(boolean) redo operation}
 *       must stay off, the default) or a member.
 *   <li>Work goes to the data members only: lite members (and so members still {@linkplain
 *       HazelcastMember#start registering their stashes}) get none. The member list is read at
 *       each submission, so members that join get work and members that left get no more.
 *   <li>On the member, the task finds the {@link zensols.multi.cluster.StashRegistry} that {@link
 *       HazelcastMember} put in the instance's user context and runs the chunk by {@link
 *       zensols.multi.cluster.StashRegistry#process(ClusterChunk)}. The chunk's items travel by Java
 *       serialisation: they must be {@link java.io.Serializable}.
 *   <li>A member lost is a {@link TargetDisconnectedException}, {@link TargetNotMemberException},
 *       {@link MemberLeftException} or {@link HazelcastInstanceNotActiveException} (while this
 *       instance runs) anywhere in the cause chain.
 *   <li>The member runs the task in its executor named {@link #executorName()}; its pool size
 *       bounds the chunks a member runs at once, and the others wait in its queue.
 * </ul>
 *
 * <p>Thread safe.
 */
public final class HazelcastClusterEngine implements ClusterEngine {
  /** The name of the executor the tasks run in, unless another is given. */
  public static final String DEFAULT_EXECUTOR = "zensols.multi";

  private static final Logger LOG = LoggerFactory.getLogger(HazelcastClusterEngine.class);

  private final HazelcastInstance instance;
  private final String executorName;
  private final IExecutorService executor;
  private final AtomicInteger next = new AtomicInteger();

  /**
   * Creates the engine on the executor {@value #DEFAULT_EXECUTOR}.
   *
   * @param instance a client or a member of the cluster
   */
  public HazelcastClusterEngine(HazelcastInstance instance) {
    this(instance, DEFAULT_EXECUTOR);
  }

  /**
   * Creates the engine.
   *
   * @param instance a client or a member of the cluster
   * @param executorName the executor the tasks run in, configured on the members
   */
  public HazelcastClusterEngine(HazelcastInstance instance, String executorName) {
    this.instance = Objects.requireNonNull(instance, "instance");
    this.executorName = Objects.requireNonNull(executorName, "executorName");
    this.executor = instance.getExecutorService(executorName);
  }

  /**
   * A cluster processor on a new engine for {@code instance}, with the defaults of {@link
   * Processor#cluster(ClusterEngine)}.
   *
   * @param instance a client or a member of the cluster
   * @return the processor
   */
  public static ClusterProcessor processor(HazelcastInstance instance) {
    return Processor.cluster(new HazelcastClusterEngine(instance));
  }

  /**
   * The instance the tasks are submitted through.
   *
   * @return the client or member
   */
  public HazelcastInstance instance() {
    return instance;
  }

  /**
   * The executor the tasks run in.
   *
   * @return its name
   */
  public String executorName() {
    return executorName;
  }

  /**
   * The members that take work now: the data members, in the cluster's order.
   *
   * @return a snapshot
   */
  public List<Member> workers() {
    List<Member> workers = new ArrayList<>();
    for (Member member : instance.getCluster().getMembers()) {
      if (!member.isLiteMember()) {
        workers.add(member);
      }
    }
    return workers;
  }

  /**
   * Sends the chunk as one task to the next data member, round-robin.
   *
   * @throws IllegalStateException if the cluster has no data member
   */
  @Override
  public Future<Integer> submit(ClusterChunk<?> chunk) {
    Objects.requireNonNull(chunk, "chunk");
    List<Member> workers = workers();
    if (workers.isEmpty()) {
      throw new IllegalStateException(
          "stash '" + chunk.stash() + "': the cluster has no data member to run chunk "
              + chunk.chunkId());
    }
    Member member = workers.get(Math.floorMod(next.getAndIncrement(), workers.size()));
    LOG.trace("stash '{}': chunk {} (attempt {}) to {}", chunk.stash(), chunk.chunkId(),
        chunk.attempt(), member);
    Future<Integer> future = executor.submitToMember(new RemoteChunk(chunk), member);
    return new RemoteFuture(future, member, chunk);
  }

  /** True for a lost member anywhere in the cause chain; see the class comment. */
  @Override
  public boolean isMemberLost(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TargetDisconnectedException
          || t instanceof TargetNotMemberException
          || t instanceof MemberLeftException) {
        return true;
      }
      if (t instanceof HazelcastInstanceNotActiveException) {
        return instance.getLifecycleService().isRunning();
      }
    }
    return false;
  }

  /**
   * Describes the engine.
   *
   * @return the instance's name and the executor's
   */
  @Override
  public String toString() {
    return "HazelcastClusterEngine[" + instance.getName() + ", executor " + executorName + "]";
  }

  /**
   * The future of one remote task. Waiting is done on a mirror of Hazelcast's future, because
   * Hazelcast completes its own future with an {@link InterruptedException} when the waiting thread
   * is interrupted, after which its {@code cancel} no longer reaches the member; so an interrupted
   * wait leaves Hazelcast's future pending and {@link #cancel} sends the cancellation. Cancelling
   * never throws, even when the member is gone.
   */
  private static final class RemoteFuture implements Future<Integer> {
    private final Future<Integer> delegate;
    private final CompletableFuture<Integer> mirror = new CompletableFuture<>();
    private final Member member;
    private final ClusterChunk<?> chunk;

    RemoteFuture(Future<Integer> delegate, Member member, ClusterChunk<?> chunk) {
      this.delegate = delegate;
      this.member = member;
      this.chunk = chunk;
      if (delegate instanceof CompletionStage<?> stage) {
        stage.whenComplete(
            (value, failure) -> {
              if (failure != null) {
                mirror.completeExceptionally(unwrap(failure));
              } else if (value instanceof Integer dumped) {
                mirror.complete(dumped);
              } else {
                mirror.completeExceptionally(
                    new IllegalStateException("chunk " + chunk.chunkId() + " returned " + value));
              }
            });
      } else {
        Thread.ofVirtual().name("zensols-remote-chunk-" + chunk.chunkId()).start(this::pollDelegate);
      }
    }

    private static Throwable unwrap(Throwable failure) {
      Throwable t = failure;
      while ((t instanceof CompletionException || t instanceof ExecutionException)
          && t.getCause() != null) {
        t = t.getCause();
      }
      return t;
    }

    /** For a Hazelcast future that is no CompletionStage: wait on it in a thread of its own. */
    private void pollDelegate() {
      try {
        mirror.complete(delegate.get());
      } catch (ExecutionException | RuntimeException e) {
        mirror.completeExceptionally(unwrap(e));
      } catch (InterruptedException e) {
        mirror.completeExceptionally(e);
      }
    }

    /**
     * Sends the cancellation and waits for the member's answer. Hazelcast waits for that answer in
     * the calling thread, and gives up if that thread is interrupted (as a cancelled chunk's thread
     * may be, again): so the request is made from a thread of its own, and awaited without
     * reacting to interrupts, which are kept.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean[] cancelled = new boolean[1];
      Thread canceller =
          Thread.ofVirtual()
              .name("zensols-cancel-chunk-" + chunk.chunkId())
              .start(() -> cancelled[0] = cancelDelegate(mayInterruptIfRunning));
      boolean interrupted = false;
      while (true) {
        try {
          canceller.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      mirror.cancel(false);
      return cancelled[0];
    }

    private boolean cancelDelegate(boolean mayInterruptIfRunning) {
      try {
        boolean cancelled = delegate.cancel(mayInterruptIfRunning);
        LOG.debug("stash '{}': chunk {} cancelled on {}: {}", chunk.stash(), chunk.chunkId(),
            member, cancelled);
        return cancelled;
      } catch (RuntimeException e) {
        LOG.debug("stash '{}': cancelling chunk {} on {} failed", chunk.stash(), chunk.chunkId(),
            member, e);
        return false;
      }
    }

    @Override
    public boolean isCancelled() {
      return mirror.isCancelled();
    }

    @Override
    public boolean isDone() {
      return mirror.isDone();
    }

    @Override
    public Integer get() throws InterruptedException, ExecutionException {
      return mirror.get();
    }

    @Override
    public Integer get(long timeout, TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException {
      return mirror.get(timeout, unit);
    }
  }
}
