package zensols.multi.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A cluster member in its own JVM, started by {@link MemberProcess}: registers {@link
 * TestStashes}, prints {@code READY <uuid>}, then answers {@code stats} with {@code STATS
 * <computed>} and leaves on {@code exit} or when its standard input closes (its parent died).
 */
public final class TestMember {
  private TestMember() {}

  /**
   * Runs the member.
   *
   * @param args cluster name, base port, executor pool size, shared directory
   * @throws Exception if the member cannot start
   */
  public static void main(String[] args) throws Exception {
    String cluster = args[0];
    int basePort = Integer.parseInt(args[1]);
    int poolSize = Integer.parseInt(args[2]);
    Path shared = Path.of(args[3]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    HazelcastInstance hz =
        HazelcastMember.start(
            LoopbackCluster.member(cluster, basePort, poolSize),
            (instance, registry) -> TestStashes.register(instance, registry, shared));
    out.println("READY " + hz.getCluster().getLocalMember().getUuid());
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.equals("stats")) {
          out.println("STATS " + TestStashes.COMPUTED.get());
        } else if (line.equals("exit")) {
          break;
        }
      }
    }
    hz.shutdown();
    System.exit(0);
  }
}
