package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import zensols.multi.stash.MemoryStash;
import zensols.multi.cluster.ClusterChunk;
import zensols.multi.cluster.ClusterEngine;
import zensols.multi.cluster.ClusterProcessor;
import zensols.multi.cluster.StashRegistry;

/**
 * {@link ClusterProcessor} with an engine that runs chunks in this JVM: "members" are instances
 * of the stash registered by name, as on a real cluster.
 */
class ClusterProcessorTest {

  /** Runs each chunk at once through a registry, as a member would. */
  private record LocalEngine(Function<ClusterChunk<?>, Future<Integer>> submit)
      implements ClusterEngine {
    @Override
    public Future<Integer> submit(ClusterChunk<?> chunk) {
      return submit.apply(chunk);
    }

    @Override
    public boolean isMemberLost(Throwable failure) {
      return failure instanceof IllegalStateException e && "member lost".equals(e.getMessage());
    }
  }

  private static Future<Integer> run(StashRegistry members, ClusterChunk<?> chunk) {
    FutureTask<Integer> task = new FutureTask<>(() -> members.process(chunk));
    task.run();
    return task;
  }

  private static MultiProcessConfig onCluster(ClusterEngine engine) {
    return new MultiProcessConfig(2, WorkerCount.of(3), Processor.cluster(engine));
  }

  @Test
  void chunksRunOnTheMemberInstanceFoundByName() {
    MemoryStash<String> shared = new MemoryStash<>();
    CountingFactory factory = new CountingFactory(9);
    StashRegistry members = new StashRegistry();
    members.register(new MultiProcessFactoryStash<>("f", shared, factory));
    MultiProcessFactoryStash<String> primer =
        new MultiProcessFactoryStash<>("f", shared, factory,
            onCluster(new LocalEngine(chunk -> run(members, chunk))), EnablePreemptive.FALSE);
    assertEquals(9, primer.size());
    assertEquals("cluster", primer.lastReport().orElseThrow().processor());
    assertEquals(9, factory.totalLoads());
    assertTrue(shared.isComplete());
  }

  @Test
  void completionIsDecidedFromTheDelegateNotFromTheChunks() {
    MemoryStash<String> primerSide = new MemoryStash<>();
    StashRegistry members = new StashRegistry();
    // a misconfigured member: its delegate is not the one the priming side reads
    members.register(new MultiProcessFactoryStash<>("f", new MemoryStash<>(), new CountingFactory(9)));
    MultiProcessFactoryStash<String> primer =
        new MultiProcessFactoryStash<>("f", primerSide, new CountingFactory(9),
            onCluster(new LocalEngine(chunk -> run(members, chunk))), EnablePreemptive.FALSE);
    PrimeFailedException e = assertThrows(PrimeFailedException.class, primer::prime);
    assertEquals("f", e.name());
    IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
    assertTrue(Messages.of(cause).contains("9 keys are missing"), Messages.of(cause));
    assertFalse(primerSide.isComplete(), "no completion mark over missing values");
  }

  @Test
  void aLostMembersTaskIsCancelledAndTheChunkResubmitted() throws Exception {
    MemoryStash<String> shared = new MemoryStash<>();
    CountingFactory factory = new CountingFactory(4);
    StashRegistry members = new StashRegistry();
    members.register(new MultiProcessFactoryStash<>("f", shared, factory));
    AtomicInteger submissions = new AtomicInteger();
    CopyOnWriteArrayList<CompletableFuture<Integer>> lost = new CopyOnWriteArrayList<>();
    ClusterEngine engine =
        new LocalEngine(
            chunk -> {
              if (submissions.getAndIncrement() == 0) {
                // the first task's member is "lost": its future fails, the task is not done
                CompletableFuture<Integer> future = new CompletableFuture<>() {
                  @Override
                  public Integer get() throws ExecutionException {
                    throw new ExecutionException(new IllegalStateException("member lost"));
                  }
                };
                lost.add(future);
                return future;
              }
              return run(members, chunk);
            });
    MultiProcessFactoryStash<String> primer =
        new MultiProcessFactoryStash<>("f", shared, factory,
            new MultiProcessConfig(2, WorkerCount.of(1), Processor.cluster(engine)),
            EnablePreemptive.FALSE);
    assertEquals(4, primer.size());
    ClusterProcessor cluster = assertInstanceOf(ClusterProcessor.class, primer.processor());
    assertEquals(1, cluster.resubmittedChunks());
    assertTrue(lost.get(0).isCancelled(), "the lost task was cancelled before the resubmission");
  }
}
