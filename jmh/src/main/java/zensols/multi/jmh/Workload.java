package zensols.multi.jmh;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What one item costs: the value of a key computed by {@code cpu} (SHA-256 iterated over the key,
 * about 1 ms), {@code mixed} (0.1 ms for the first 256 keys, 1 ms after), {@code io-sleep} (blocks 20 ms), {@code io-http} (a GET to a loopback server that
 * answers after 20 ms) or {@code trivial} (value = key). Closing it stops the HTTP server.
 */
public final class Workload implements AutoCloseable {
  /** SHA-256 rounds per {@code cpu} item: about 1 ms on the 2-core reference machine. */
  public static final int CPU_ROUNDS = Integer.getInteger("bench.cpuRounds", 16_000);

  /** How long an {@code io-*} item waits. */
  public static final int IO_MILLIS = 20;

  /** Computes one item's value. */
  @FunctionalInterface
  public interface Item {
    String value(String key) throws Exception;
  }

  private final String name;
  private final Item item;
  private final HttpServer server;
  private final ExecutorService serverThreads;
  private final HttpClient client;

  private Workload(String name, Item item, HttpServer server, ExecutorService serverThreads,
      HttpClient client) {
    this.name = name;
    this.item = item;
    this.server = server;
    this.serverThreads = serverThreads;
    this.client = client;
  }

  /** The workload a {@code @Param} names: cpu, mixed, io-sleep, io-http or trivial. */
  public static Workload of(String name) throws IOException {
    return switch (name) {
      case "cpu" -> new Workload(name, Workload::cpu, null, null, null);
      case "io-sleep" -> new Workload(name, Workload::sleep, null, null, null);
      case "trivial" -> new Workload(name, key -> key, null, null, null);
      case "mixed" -> new Workload(name, Workload::mixed, null, null, null);
      case "io-http" -> http();
      default -> throw new IllegalArgumentException("unknown workload \"" + name + "\"");
    };
  }

  public Item item() {
    return item;
  }

  public String name() {
    return name;
  }

  static String cpu(String key) throws NoSuchAlgorithmException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] digest = key.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < CPU_ROUNDS; i++) {
      digest = sha.digest(digest);
    }
    return HexFormat.of().formatHex(digest, 0, 8);
  }

  /** The index where the {@code mixed} workload's cost rises ten-fold. */
  static final int MIXED_HALF = 256;

  /**
   * {@code mixed}: a tenth of a {@code cpu} item for the keys below {@link #MIXED_HALF} ({@link
   * Keys#of(int)} numbers them), a whole one for the others: a cost per item that changes ten-fold
   * half-way through 512 items.
   */
  static String mixed(String key) throws NoSuchAlgorithmException {
    int rounds = Integer.parseInt(key, 1, key.length(), 10) < MIXED_HALF ? CPU_ROUNDS / 10 : CPU_ROUNDS;
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] digest = key.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < rounds; i++) {
      digest = sha.digest(digest);
    }
    return HexFormat.of().formatHex(digest, 0, 8);
  }

  static String sleep(String key) throws InterruptedException {
    Thread.sleep(IO_MILLIS);
    return key;
  }

  /** A loopback server on a virtual-thread executor that answers every GET after 20 ms. */
  private static Workload http() throws IOException {
    // the server keeps at most 200 idle connections by default and closes the others, which the
    // client may be reusing at that moment ("header parser received no bytes"): keep them all
    System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(threads);
    server.createContext(
        "/",
        exchange -> {
          try {
            Thread.sleep(IO_MILLIS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] body = exchange.getRequestURI().getPath().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    Item get =
        key -> {
          HttpResponse<String> response =
              client.send(
                  HttpRequest.newBuilder(URI.create(base + key)).GET().build(),
                  HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() != 200) {
            throw new IOException("GET " + key + ": HTTP " + response.statusCode());
          }
          return response.body();
        };
    return new Workload("io-http", get, server, threads, client);
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
      serverThreads.close();
      client.close();
    }
  }
}
