package zensols.multi.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster member from the command line, so that a member needs no {@code main} of the
 * application's own:
 *
 * <pre>{@code
 * java -p <module path> -m zensols.multi.hazelcast/zensols.multi.hazelcast.MemberLauncher \
 *     --cluster-name indexer --member node-1 --member node-2 --registrar com.example.Stashes
 * }</pre>
 *
 * <ul>
 *   <li>joins by TCP-IP only, to the {@code --member} addresses (multicast and auto-detection off),
 *       binding to {@code --interface} only when one is given;
 *   <li>runs {@code --threads} chunks at once (the executor {@value
 *       HazelcastClusterEngine#DEFAULT_EXECUTOR}) and keeps {@code --backups} synchronous backups
 *       of every map;
 *   <li>registers its stashes through every {@link StashRegistrar} provider on the module path and
 *       every {@code --registrar} class (by {@link HazelcastMember#start}, so that it takes chunks
 *       only once they are registered); with no registrar at all it refuses to start;
 *   <li>runs until the member shuts down: {@code SIGTERM} or Ctrl-C leaves the cluster gracefully
 *       (Hazelcast's shutdown hook with the policy {@code GRACEFUL}: the member's partitions move
 *       to the others first), and so does a member that the cluster shuts down;
 *   <li>phone-home is off unless {@code -Dhazelcast.phone.home.enabled=true} is given; other
 *       Hazelcast properties are read from {@code -D} options as usual.
 * </ul>
 *
 * <p>A wrong option stops it before the member starts, with exit status 2 and a message on
 * standard error; everything else is logged through slf4j.
 */
public final class MemberLauncher {
  /** The cluster name unless {@code --cluster-name} gives one. */
  public static final String DEFAULT_CLUSTER_NAME = "zensols-multi";

  /** The first port tried unless {@code --port} gives one (Hazelcast's default). */
  public static final int DEFAULT_PORT = 5701;

  private static final Logger LOG = LoggerFactory.getLogger(MemberLauncher.class);

  private static final String USAGE =
      """
      usage: java -p <module path> -m zensols.multi.hazelcast/zensols.multi.hazelcast.MemberLauncher
                  [options]
        --cluster-name NAME   the cluster to join (default zensols-multi)
        --member HOST[:PORT]  a member to join by TCP-IP; repeat for each (PORT: Hazelcast's default)
        --port N              the first port to bind (default 5701)
        --port-count N        how many ports from --port to try (default 3)
        --interface ADDRESS   bind to this interface only, e.g. 127.0.0.1 (default: any)
        --threads N           chunks this member runs at once (default: its processors)
        --backups N           synchronous backups of every map, at least 1 (default 1)
        --registrar CLASS     a StashRegistrar with a public no-argument constructor; repeat
        --help                this text
      Every StashRegistrar provider on the module path registers its stashes too.""";

  private MemberLauncher() {}

  /** The options of one member, as the command line gave them. */
  static final class Options {
    String clusterName = DEFAULT_CLUSTER_NAME;
    final List<String> members = new ArrayList<>();
    int port = DEFAULT_PORT;
    int portCount = 3;
    @Nullable String networkInterface;
    int threads = Runtime.getRuntime().availableProcessors();
    int backups = 1;
    final List<String> registrars = new ArrayList<>();
    boolean help;

    /**
     * Parses the command line.
     *
     * @throws IllegalArgumentException naming the option and quoting the value that is wrong
     */
    static Options parse(String... args) {
      Options options = new Options();
      for (int i = 0; i < args.length; i++) {
        String option = args[i];
        if (option.equals("--help") || option.equals("-h")) {
          options.help = true;
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(
              option.startsWith("--")
                  ? "option " + option + " needs a value"
                  : "unexpected argument \"" + option + "\"");
        }
        String value = args[++i];
        switch (option) {
          case "--cluster-name" -> options.clusterName = nonBlank(option, value);
          case "--member" -> options.members.add(nonBlank(option, value));
          case "--port" -> options.port = integer(option, value, 1, 65_535);
          case "--port-count" -> options.portCount = integer(option, value, 1, 1_000);
          case "--interface" -> options.networkInterface = nonBlank(option, value);
          case "--threads" -> options.threads = integer(option, value, 1, 100_000);
          case "--backups" -> options.backups = integer(option, value, 1, 6);
          case "--registrar" -> options.registrars.add(nonBlank(option, value));
          default -> throw new IllegalArgumentException("unknown option \"" + option + "\"");
        }
      }
      if (options.port + options.portCount - 1 > 65_535) {
        throw new IllegalArgumentException(
            "--port " + options.port + " with --port-count " + options.portCount
                + " goes past port 65535");
      }
      return options;
    }

    private static String nonBlank(String option, String value) {
      if (value.isBlank()) {
        throw new IllegalArgumentException("option " + option + " is blank");
      }
      return value.strip();
    }

    private static int integer(String option, String value, int min, int max) {
      int n;
      try {
        n = Integer.parseInt(value.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "option " + option + " \"" + value + "\" is not an integer", e);
      }
      if (n < min || n > max) {
        throw new IllegalArgumentException(
            "option " + option + " " + n + " is not between " + min + " and " + max);
      }
      return n;
    }

    /** The member's configuration. */
    Config config() {
      Config config = new Config();
      config.setClusterName(clusterName);
      if (System.getProperty("hazelcast.phone.home.enabled") == null) {
        config.setProperty("hazelcast.phone.home.enabled", "false");
      }
      if (System.getProperty("hazelcast.shutdownhook.policy") == null) {
        // SIGTERM hands the member's partitions to the others before it leaves
        config.setProperty("hazelcast.shutdownhook.policy", "GRACEFUL");
      }
      NetworkConfig network = config.getNetworkConfig();
      network.setPort(port).setPortCount(portCount).setPortAutoIncrement(portCount > 1);
      String bind = networkInterface;
      if (bind != null) {
        config.setProperty("hazelcast.socket.bind.any", "false");
        network.getInterfaces().setEnabled(true).addInterface(bind);
      }
      JoinConfig join = network.getJoin();
      join.getMulticastConfig().setEnabled(false);
      join.getAutoDetectionConfig().setEnabled(false);
      join.getTcpIpConfig().setEnabled(true);
      members.forEach(join.getTcpIpConfig()::addMember);
      config.getExecutorConfig(HazelcastClusterEngine.DEFAULT_EXECUTOR).setPoolSize(threads);
      config.addMapConfig(new MapConfig("*").setBackupCount(backups));
      return config;
    }

    /** The registrars: the providers on the module path, then the {@code --registrar} classes. */
    List<StashRegistrar> loadRegistrars() {
      List<StashRegistrar> loaded = new ArrayList<>();
      ServiceLoader.load(StashRegistrar.class).forEach(loaded::add);
      for (String name : registrars) {
        loaded.add(instantiate(name));
      }
      if (loaded.isEmpty()) {
        throw new IllegalArgumentException(
            "no stash to register: give --registrar CLASS, or put a provider of "
                + StashRegistrar.class.getName() + " on the module path");
      }
      return loaded;
    }

    private static StashRegistrar instantiate(String name) {
      Class<?> type;
      try {
        type = Class.forName(name, true, MemberLauncher.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalArgumentException("--registrar " + name + ": no such class", e);
      }
      if (!StashRegistrar.class.isAssignableFrom(type)) {
        throw new IllegalArgumentException(
            "--registrar " + name + " is not a " + StashRegistrar.class.getName());
      }
      try {
        return (StashRegistrar) type.getConstructor().newInstance();
      } catch (InvocationTargetException e) {
        throw new IllegalArgumentException(
            "--registrar " + name + ": its constructor threw " + e.getCause(), e.getCause());
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new IllegalArgumentException(
            "--registrar " + name + " cannot be created by a public no-argument constructor (is"
                + " its package exported to zensols.multi.hazelcast?): " + e,
            e);
      }
    }
  }

  /**
   * Starts a member as {@link MemberLauncher} describes and returns once it takes chunks.
   *
   * @param args the command line's options
   * @return the running member; shut it down to stop it
   * @throws IllegalArgumentException naming the option, or the registrar, that is wrong
   */
  public static HazelcastInstance start(String... args) {
    Objects.requireNonNull(args, "args");
    Options options = Options.parse(args);
    if (options.help) {
      throw new IllegalArgumentException("--help is only for main");
    }
    List<StashRegistrar> registrars = options.loadRegistrars();
    HazelcastInstance member =
        HazelcastMember.start(
            options.config(),
            (instance, registry) -> {
              for (StashRegistrar registrar : registrars) {
                registrar.register(instance, registry);
              }
            });
    LOG.info(
        "cluster '{}': member {} runs {} chunks at once",
        options.clusterName,
        member.getCluster().getLocalMember().getAddress(),
        options.threads);
    return member;
  }

  /**
   * Runs a member until it shuts down; see the class comment for the options.
   *
   * @param args the options
   * @throws InterruptedException if interrupted while the member runs
   */
  public static void main(String[] args) throws InterruptedException {
    PrintStream err = System.err;
    HazelcastInstance member;
    try {
      if (Options.parse(args).help) {
        err.println(USAGE);
        return;
      }
      member = start(args);
    } catch (IllegalArgumentException e) {
      err.println("MemberLauncher: " + e.getMessage());
      err.println("(--help for the options)");
      System.exit(2);
      return;
    }
    CountDownLatch down = new CountDownLatch(1);
    member
        .getLifecycleService()
        .addLifecycleListener(
            event -> {
              if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                down.countDown();
              }
            });
    if (!member.getLifecycleService().isRunning()) {
      down.countDown();
    }
    down.await();
    LOG.info("member left the cluster");
  }
}
