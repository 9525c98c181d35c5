package zensols.multi.hazelcast;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TestMember} in a child JVM on the test's module path (so that the module-info's
 * requires are what it runs with), with a small heap; its log goes to {@code target/cluster-logs}.
 */
final class MemberProcess implements AutoCloseable {
  /** What Hazelcast asks for on JDK 17+ when it runs on the module path. */
  static final List<String> HAZELCAST_ACCESS =
      List.of(
          "--add-exports", "java.base/jdk.internal.ref=com.hazelcast.core",
          "--add-opens", "java.base/java.lang=com.hazelcast.core",
          "--add-opens", "java.base/sun.nio.ch=com.hazelcast.core",
          "--add-opens", "java.management/sun.management=com.hazelcast.core",
          "--add-opens", "jdk.management/com.sun.management.internal=com.hazelcast.core");

  private final String name;
  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(1024);
  private volatile @Nullable String uuid;

  private MemberProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readStdout, name + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts member {@code name} and waits until it takes chunks. */
  static MemberProcess start(String name, String cluster, int basePort, int poolSize, Path shared)
      throws IOException, InterruptedException {
    List<String> command =
        javaCommand(
            TestMember.class.getName(),
            List.of(cluster, Integer.toString(basePort), Integer.toString(poolSize),
                shared.toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectError(ProcessBuilder.Redirect.to(logFile(name).toFile()));
    MemberProcess member = new MemberProcess(name, builder.start());
    String ready = member.awaitLine("READY ", Duration.ofSeconds(90));
    member.uuid = ready.substring("READY ".length());
    return member;
  }

  /** The log file of child JVM {@code name}, in a directory that exists. */
  static Path logFile(String name) throws IOException {
    Path logs = Path.of(System.getProperty("zensols.multi.test.logs", "target/cluster-logs"));
    Files.createDirectories(logs);
    return logs.resolve(name + ".log");
  }

  /**
   * The command that runs {@code mainClass} of the module zensols.multi.hazelcast (patched with
   * the test classes) in a child JVM on the test's module path, as a member runs.
   */
  static List<String> javaCommand(String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-Xss512k",
            "-Dhazelcast.phone.home.enabled=false",
            "-Dhazelcast.logging.type=slf4j",
            "-Dorg.slf4j.simpleLogger.log.com.hazelcast=warn",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"));
    command.addAll(HAZELCAST_ACCESS);
    if (Runtime.version().feature() >= 23) {
      command.add("--sun-misc-unsafe-memory-access=allow"); // JEP 471: Hazelcast uses Unsafe
    }
    String modulePath = System.getProperty("jdk.module.path");
    String testClasses = System.getProperty("zensols.multi.test.classes");
    Objects.requireNonNull(modulePath, "the tests run on the module path");
    Objects.requireNonNull(testClasses, "zensols.multi.test.classes");
    command.addAll(
        List.of(
            "--module-path", modulePath,
            "--patch-module", "zensols.multi.hazelcast=" + testClasses,
            "--add-reads", "zensols.multi.hazelcast=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path", ""),
            "-m", "zensols.multi.hazelcast/" + mainClass));
    command.addAll(args);
    return command;
  }

  private void readStdout() {
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        lines.offer(line);
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  private String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line == null) {
        if (!process.isAlive()) {
          throw new IllegalStateException(name + " exited with " + process.exitValue()
              + " before printing " + prefix + "; see target/cluster-logs/" + name + ".log");
        }
        if (System.nanoTime() - end >= 0) {
          throw new IllegalStateException(name + " printed no " + prefix + " in " + timeout);
        }
      } else if (line.startsWith(prefix)) {
        return line;
      }
    }
  }

  String name() {
    return name;
  }

  String uuid() {
    return Objects.requireNonNull(uuid);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The items this member's factories created so far. */
  long computed() throws IOException, InterruptedException {
    stdin.write("stats\n");
    stdin.flush();
    return Long.parseLong(awaitLine("STATS ", Duration.ofSeconds(10)).substring(6));
  }

  /** The CPU time the member's JVM has used so far. */
  Duration cpu() {
    return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  /** Kills the JVM with SIGKILL: no shutdown hook, no goodbye to the cluster. */
  void kill() throws InterruptedException {
    process.destroyForcibly(); // SIGKILL on Linux
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Asks the member to leave, then kills it if it has not within 20 s. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      try {
        stdin.write("exit\n");
        stdin.close();
      } catch (IOException e) {
        // already gone
      }
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }

  @Override
  public String toString() {
    return name + "(pid " + process.pid() + ")";
  }
}
