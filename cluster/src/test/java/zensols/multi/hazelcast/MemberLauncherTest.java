package zensols.multi.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import zensols.multi.hazelcast.example.Squares;
import zensols.multi.hazelcast.example.SquaresClient;

/**
 * {@link MemberLauncher} as README runs it: two members started from the command line in child
 * JVMs with {@code --registrar} {@link Squares}, primed by {@link SquaresClient}, which shuts its
 * client down (in this JVM, and as a {@code main} whose JVM could not exit otherwise).
 */
@Timeout(300)
class MemberLauncherTest {
  private static final String SQUARES = Squares.class.getName();

  @Test
  void wrongOptionsAreRefusedNamingTheOption() {
    assertMessage("unknown option \"--bogus\"", "--bogus", "1");
    assertMessage("option --port needs a value", "--port");
    assertMessage("option --port \"x\" is not an integer", "--port", "x");
    assertMessage("option --threads 0 is not between 1 and 100000", "--threads", "0");
    assertMessage("option --backups 0 is not between 1 and 6", "--backups", "0");
    assertMessage("option --cluster-name is blank", "--cluster-name", " ");
    assertMessage("goes past port 65535", "--port", "65535", "--port-count", "2");
    assertMessage("unexpected argument \"stray\"", "stray");
  }

  @Test
  void registrarsAreCheckedBeforeTheMemberStarts() {
    assertRegistrar("no stash to register", List.of());
    assertRegistrar("--registrar com.example.Missing: no such class",
        List.of("--registrar", "com.example.Missing"));
    assertRegistrar("--registrar java.lang.String is not a zensols.multi.hazelcast.StashRegistrar",
        List.of("--registrar", "java.lang.String"));
    assertRegistrar("cannot be created by a public no-argument constructor",
        List.of("--registrar", NoDefaultConstructor.class.getName()));
    assertEquals(1, MemberLauncher.Options.parse("--registrar", SQUARES).loadRegistrars().size());
  }

  /** A registrar the launcher cannot create. */
  public static final class NoDefaultConstructor implements StashRegistrar {
    /**
     * Needs an argument.
     *
     * @param ignored anything
     */
    public NoDefaultConstructor(String ignored) {}

    @Override
    public void register(HazelcastInstance instance, zensols.multi.cluster.StashRegistry registry) {}
  }

  @Test
  void theOptionsBecomeTheMembersConfiguration() {
    Config config =
        MemberLauncher.Options.parse("--cluster-name", "c", "--member", "10.0.0.1",
                "--member", "10.0.0.2:5801", "--port", "5801", "--port-count", "2",
                "--interface", "127.0.0.1", "--threads", "3", "--backups", "2")
            .config();
    assertEquals("c", config.getClusterName());
    assertEquals(List.of("10.0.0.1", "10.0.0.2:5801"),
        config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
    assertTrue(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled());
    assertEquals(false, config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
    assertEquals(false, config.getNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled());
    assertEquals(5801, config.getNetworkConfig().getPort());
    assertEquals(2, config.getNetworkConfig().getPortCount());
    assertEquals(List.of("127.0.0.1"),
        List.copyOf(config.getNetworkConfig().getInterfaces().getInterfaces()));
    assertEquals(3,
        config.getExecutorConfig(HazelcastClusterEngine.DEFAULT_EXECUTOR).getPoolSize());
    assertEquals(2, config.getMapConfig("squares").getBackupCount());
    assertEquals("GRACEFUL", config.getProperty("hazelcast.shutdownhook.policy"));
    assertEquals("false", config.getProperty("hazelcast.phone.home.enabled"));
    assertEquals(MemberLauncher.DEFAULT_CLUSTER_NAME,
        MemberLauncher.Options.parse().config().getClusterName());
  }

  @Test
  void launchedMembersPrimeTheExampleWhoseClientShutsDown() throws Exception {
    String cluster = "launcher-" + ProcessHandle.current().pid();
    int basePort = LoopbackCluster.freeBasePort();
    List<String> join = new ArrayList<>();
    for (int port = basePort; port < basePort + LoopbackCluster.PORTS; port++) {
      join.addAll(List.of("--member", LoopbackCluster.HOST + ":" + port));
    }
    List<Process> started = new ArrayList<>();
    try {
      for (String name : List.of("launched-1", "launched-2")) {
        List<String> args = new ArrayList<>(List.of("--cluster-name", cluster,
            "--port", Integer.toString(basePort), "--port-count",
            Integer.toString(LoopbackCluster.PORTS), "--interface", LoopbackCluster.HOST,
            "--threads", "2", "--registrar", SQUARES));
        args.addAll(join);
        started.add(new ProcessBuilder(
                MemberProcess.javaCommand(MemberLauncher.class.getName(), args))
            .redirectErrorStream(true)
            .redirectOutput(MemberProcess.logFile(name).toFile())
            .start());
      }
      awaitDataMembers(cluster, basePort, 2, started);

      // in this JVM: the prime's result, and no client left behind
      Set<HazelcastInstance> before = Set.copyOf(HazelcastClient.getAllHazelcastClients());
      SquaresClient.Result result =
          SquaresClient.prime(LoopbackCluster.client(cluster, basePort), 1000, 100, 4);
      assertEquals(new SquaresClient.Result(1000, 0, 0, "144"), result);
      assertEquals(before, Set.copyOf(HazelcastClient.getAllHazelcastClients()),
          "the client shut down");

      // as README runs it: a JVM that ends only if the client shut down
      Path clientLog = MemberProcess.logFile("squares-client");
      List<String> clientArgs = new ArrayList<>(List.of("--cluster-name", cluster,
          "--items", "1000"));
      clientArgs.addAll(join);
      Process client = new ProcessBuilder(
              MemberProcess.javaCommand(SquaresClient.class.getName(), clientArgs))
          .redirectErrorStream(true)
          .redirectOutput(clientLog.toFile())
          .start();
      started.add(client);
      assertTrue(client.waitFor(180, TimeUnit.SECONDS), "the client's JVM ended");
      String log = Files.readString(clientLog);
      assertEquals(0, client.exitValue(), log);
      assertTrue(log.contains("squares: 1000 values, 0 failures, 0 chunks resubmitted; 12 squared"
          + " is 144"), log);

      // SIGTERM: each member leaves and its JVM ends
      for (int i = 0; i < 2; i++) {
        Process member = started.get(i);
        member.destroy();
        assertTrue(member.waitFor(120, TimeUnit.SECONDS), "a member ended on SIGTERM");
        String memberLog = Files.readString(MemberProcess.logFile("launched-" + (i + 1)));
        assertTrue(!memberLog.contains("Terminating forcefully"), "left gracefully: " + memberLog);
      }
    } finally {
      for (Process process : started) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** Waits (up to 3 minutes) until the cluster has {@code count} members that take chunks. */
  private static void awaitDataMembers(String cluster, int basePort, int count, List<Process> jvms)
      throws InterruptedException, IOException {
    HazelcastInstance probe =
        HazelcastClient.newHazelcastClient(LoopbackCluster.client(cluster, basePort));
    try {
      HazelcastClusterEngine engine = new HazelcastClusterEngine(probe);
      long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (engine.workers().size() < count) {
        for (Process jvm : jvms) {
          if (!jvm.isAlive()) {
            throw new IllegalStateException("a launched member exited with " + jvm.exitValue()
                + "; see target/cluster-logs/launched-*.log");
          }
        }
        if (System.nanoTime() - end > 0) {
          throw new IllegalStateException("only " + engine.workers().size() + " of " + count
              + " members take chunks after 3 minutes");
        }
        Thread.sleep(100); // polling the member list: no event announces a promoted member
      }
    } finally {
      probe.shutdown();
    }
  }

  private static void assertMessage(String expected, String... args) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MemberLauncher.Options.parse(args));
    assertTrue(String.valueOf(e.getMessage()).contains(expected), e.getMessage());
  }

  private static void assertRegistrar(String expected, List<String> args) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> MemberLauncher.Options.parse(args.toArray(String[]::new)).loadRegistrars());
    assertTrue(String.valueOf(e.getMessage()).contains(expected), e.getMessage());
  }
}
