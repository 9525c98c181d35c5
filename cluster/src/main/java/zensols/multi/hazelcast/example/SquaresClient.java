package zensols.multi.hazelcast.example;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zensols.multi.MultiProcessConfig;
import zensols.multi.MultiProcessRobustStash;
import zensols.multi.WorkerCount;
import zensols.multi.cluster.ClusterProcessor;
import zensols.multi.hazelcast.HazelcastClusterEngine;

/**
 * The priming side of README's cluster section: a Hazelcast client that primes {@link Squares} on
 * the members that {@code MemberLauncher} started, logs what it did, and shuts its client down
 * whatever happens.
 *
 * <pre>{@code
 * java -p <module path> -m zensols.multi.hazelcast/zensols.multi.hazelcast.example.SquaresClient \
 *     --cluster-name squares --member 127.0.0.1 --items 1000 --chunk-size 100 --workers 8
 * }</pre>
 */
public final class SquaresClient {
  private static final Logger LOG = LoggerFactory.getLogger(SquaresClient.class);

  private SquaresClient() {}

  /**
   * What a prime found.
   *
   * @param values the keys that have a value
   * @param failures the keys that failed
   * @param resubmitted the chunks resubmitted because their member was lost
   * @param squareOf12 the value of key {@code "12"}, or empty if there is none
   */
  public record Result(int values, int failures, long resubmitted, String squareOf12) {}

  /**
   * Connects a client, primes {@link Squares} on the cluster and shuts the client down.
   *
   * @param client the client's configuration; its redo operation must stay off (the default)
   * @param items the number of keys
   * @param chunkSize the keys per chunk
   * @param workers the chunks in flight over the whole cluster
   * @return what the prime found
   */
  public static Result prime(ClientConfig client, int items, int chunkSize, int workers) {
    HazelcastInstance hz = HazelcastClient.newHazelcastClient(client);
    try {
      ClusterProcessor cluster = HazelcastClusterEngine.processor(hz);
      MultiProcessRobustStash<String> squares =
          Squares.stash(hz, items, new MultiProcessConfig(chunkSize, WorkerCount.of(workers), cluster));
      squares.prime();
      return new Result(
          squares.goodKeys().size(),
          squares.iterFailures().size(),
          cluster.resubmittedChunks(),
          items > 12 ? squares.load("12").orElse("") : "");
    } finally {
      hz.shutdown();
    }
  }

  /**
   * Primes {@link Squares}: {@code --cluster-name NAME} (default {@value
   * zensols.multi.hazelcast.MemberLauncher#DEFAULT_CLUSTER_NAME}), {@code --member HOST[:PORT]}
   * (repeat; default {@code 127.0.0.1}), {@code --items N} (default 1000), {@code --chunk-size N}
   * (default 100), {@code --workers N} (default 8). Logs the result at INFO; exits with status 2
   * on a wrong option.
   *
   * @param args the options
   */
  public static void main(String[] args) {
    String clusterName = zensols.multi.hazelcast.MemberLauncher.DEFAULT_CLUSTER_NAME;
    List<String> members = new ArrayList<>();
    int items = 1000;
    int chunkSize = 100;
    int workers = 8;
    try {
      for (int i = 0; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option " + args[i] + " needs a value");
        }
        String value = args[i + 1];
        switch (args[i]) {
          case "--cluster-name" -> clusterName = value;
          case "--member" -> members.add(value);
          case "--items" -> items = positive(args[i], value);
          case "--chunk-size" -> chunkSize = positive(args[i], value);
          case "--workers" -> workers = positive(args[i], value);
          default -> throw new IllegalArgumentException("unknown option \"" + args[i] + "\"");
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println("SquaresClient: " + e.getMessage());
      System.exit(2);
      return;
    }
    ClientConfig client = new ClientConfig();
    client.setClusterName(clusterName);
    client.getNetworkConfig().getAutoDetectionConfig().setEnabled(false);
    client.getNetworkConfig().setRedoOperation(false);
    if (members.isEmpty()) {
      members.add("127.0.0.1");
    }
    members.forEach(client.getNetworkConfig()::addAddress);
    Result result = prime(client, items, chunkSize, workers);
    LOG.info(
        "squares: {} values, {} failures, {} chunks resubmitted; 12 squared is {}",
        result.values(),
        result.failures(),
        result.resubmitted(),
        result.squareOf12());
  }

  private static int positive(String option, String value) {
    try {
      int n = Integer.parseInt(value.strip());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("option " + option + " \"" + value + "\" is not a positive integer");
  }
}
