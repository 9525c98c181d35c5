package zensols.multi.hazelcast;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hazelcast configurations that keep every byte on 127.0.0.1: TCP-IP join on loopback addresses,
 * multicast and auto-detection off, bound to the loopback interface only, phone-home off.
 */
final class LoopbackCluster {
  static final String HOST = "127.0.0.1";
  static final int PORTS = 4;

  private LoopbackCluster() {}

  /** The first of {@link #PORTS} consecutive ports that are free on 127.0.0.1 now. */
  static int freeBasePort() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
      if (allFree(base)) {
        return base;
      }
    }
    throw new IllegalStateException("no " + PORTS + " consecutive free ports on " + HOST);
  }

  private static boolean allFree(int base) {
    for (int port = base; port < base + PORTS; port++) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  /** A member of {@code cluster} on 127.0.0.1:base..base+PORTS-1, with {@code poolSize} threads. */
  static Config member(String cluster, int basePort, int poolSize) {
    Config config = new Config();
    config.setClusterName(cluster);
    config.setInstanceName(cluster + "-" + ProcessHandle.current().pid());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    // a killed member is noticed by its closed connections; heartbeats are the backstop
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
    config.setProperty("hazelcast.partition.count", "71");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(basePort).setPortCount(PORTS).setPortAutoIncrement(true);
    network.getInterfaces().setEnabled(true).addInterface(HOST);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    for (int port = basePort; port < basePort + PORTS; port++) {
      join.getTcpIpConfig().addMember(HOST + ":" + port);
    }
    config.getExecutorConfig(HazelcastClusterEngine.DEFAULT_EXECUTOR)
        .setPoolSize(poolSize)
        .setStatisticsEnabled(false);
    config.addMapConfig(new MapConfig("*").setBackupCount(1));
    config.getJetConfig().setEnabled(false);
    return config;
  }

  /** A client of {@code cluster} that knows the loopback ports; redo operation off. */
  static ClientConfig client(String cluster, int basePort) {
    ClientConfig config = new ClientConfig();
    config.setClusterName(cluster);
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.client.statistics.enabled", "false");
    config.getNetworkConfig().getAutoDetectionConfig().setEnabled(false);
    config.getNetworkConfig().setRedoOperation(false);
    for (int port = basePort; port < basePort + PORTS; port++) {
      config.getNetworkConfig().addAddress(HOST + ":" + port);
    }
    config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(30_000);
    return config;
  }
}
