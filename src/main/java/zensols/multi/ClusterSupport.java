package zensols.multi;

import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Stream;
import zensols.multi.internal.ChunkPlacement;
import zensols.multi.internal.CoreAccess;

/**
 * The core's side of {@link CoreAccess}: what the cluster package ({@code zensols.multi.cluster})
 * may do with the engine, and nothing else. Registers itself when initialised.
 */
final class ClusterSupport implements CoreAccess.Core {
  static {
    CoreAccess.register(new ClusterSupport());
  }

  private ClusterSupport() {}

  @Override
  public <D> ProcessReport runInThreads(
      Processor processor,
      ChunkPlacement placement,
      String name,
      Stream<Chunk<D>> chunks,
      WorkerCount workers,
      ChunkTask<D> task,
      ThreadFactory threads) {
    return ChunkRun.inThreads(processor, placement, name, chunks, workers, task, threads);
  }

  @Override
  public int runReceived(MultiProcessStash<?, ?> stash, int chunkId, List<?> data, int attempt)
      throws Exception {
    ChunkMdc saved = ChunkMdc.save();
    ChunkMdc.put(stash.name(), chunkId);
    try {
      return stash.processReceived(chunkId, data, attempt);
    } finally {
      saved.restore();
    }
  }
}
