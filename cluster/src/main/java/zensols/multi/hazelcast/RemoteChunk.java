package zensols.multi.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import zensols.multi.cluster.ClusterChunk;

/**
 * The executor task of one chunk: the stash name, the chunk id, the items and the attempt, sent by
 * Java serialisation; on the member it runs the chunk through the member's registry.
 */
final class RemoteChunk implements Callable<Integer>, Serializable, HazelcastInstanceAware {
  @Serial private static final long serialVersionUID = 1L;

  private final String stash;
  private final int chunkId;
  private final ArrayList<?> data;
  private final int attempt;
  private transient @Nullable HazelcastInstance instance;

  RemoteChunk(ClusterChunk<?> chunk) {
    this.stash = chunk.stash();
    this.chunkId = chunk.chunkId();
    this.data = new ArrayList<>(chunk.data());
    this.attempt = chunk.attempt();
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance instance) {
    this.instance = instance;
  }

  @Override
  public Integer call() throws Exception {
    HazelcastInstance local = instance;
    if (local == null) {
      throw new IllegalStateException(
          "stash '" + stash + "': chunk " + chunkId + " was not given its Hazelcast instance");
    }
    return HazelcastMember.registry(local)
        .process(new ClusterChunk<>(stash, chunkId, data, attempt));
  }

  @Override
  public String toString() {
    return "RemoteChunk[" + stash + " #" + chunkId + ", " + data.size() + " items, attempt "
        + attempt + "]";
  }
}
