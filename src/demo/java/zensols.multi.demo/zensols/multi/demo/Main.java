package zensols.multi.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import zensols.multi.MultiProcessConfig;
import zensols.multi.MultiProcessRobustStash;
import zensols.multi.ProcessReport;
import zensols.multi.Processor;
import zensols.multi.ProgressListener;
import zensols.multi.WorkerCount;
import zensols.multi.stash.Codec;
import zensols.multi.stash.DirectoryStash;

/**
 * The demo: primes two {@link DirectoryStash}es under an output directory.
 *
 * <ol>
 *   <li>{@code files}: SHA-256, size and line count of every regular file under a directory (by
 *       default the JDK's own {@code lib/}), on the {@code PoolProcessor} — CPU-bound;
 *   <li>{@code pages}: N pages fetched from a loopback HTTP server that waits before each answer,
 *       on the {@code VirtualProcessor} — IO-bound.
 * </ol>
 *
 * <p>Both are robust stashes: a second run finds the values and does no work, and after value
 * files are deleted a run computes exactly those again.
 *
 * <p>Usage: {@code Main [directory] [--out DIR] [--pages N] [--delay-ms MS] [--workers N]}
 */
public final class Main {
  private Main() {}

  /**
   * Runs the demo.
   *
   * @param args the command line
   * @throws Exception if the demo fails
   */
  public static void main(String[] args) throws Exception {
    Path directory = Path.of(System.getProperty("java.home"), "lib");
    Path out = Path.of("target", "demo");
    int pages = 500;
    int delayMs = 20;
    int ioWorkers = 100;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = Path.of(args[++i]);
        case "--pages" -> pages = Integer.parseInt(args[++i]);
        case "--delay-ms" -> delayMs = Integer.parseInt(args[++i]);
        case "--workers" -> ioWorkers = Integer.parseInt(args[++i]);
        default -> directory = Path.of(args[i]);
      }
    }
    Files.createDirectories(out);
    indexFiles(directory, out.resolve("files"));
    fetchPages(pages, delayMs, ioWorkers, out.resolve("pages"));
  }

  private static void indexFiles(Path directory, Path store) throws IOException {
    System.out.printf("files: indexing %s into %s%n", directory, store);
    MultiProcessRobustStash<FileInfo> files =
        new MultiProcessRobustStash<>(
            "files",
            new DirectoryStash<>(store, FileInfo.CODEC),
            new FileFactory(directory),
            new MultiProcessConfig(8, WorkerCount.allProcessors(), Processor.pool()));
    files.addProgressListener(new Quarters());
    long start = System.nanoTime();
    int size = files.size();
    summary(files, size, start);
    long bytes = files.values().mapToLong(FileInfo::size).sum();
    long lines = files.values().mapToLong(FileInfo::lines).sum();
    System.out.printf("files: %,d bytes, %,d lines, %d failures%n", bytes, lines,
        files.iterFailures().size());
  }

  private static void fetchPages(int pages, int delayMs, int workers, Path store)
      throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    try (ExecutorService serverThreads = Executors.newVirtualThreadPerTaskExecutor();
        HttpClient client =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build()) {
      server.setExecutor(serverThreads);
      server.createContext(
          "/",
          exchange -> {
            try {
              Thread.sleep(delayMs);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            byte[] body =
                ("<html><body>" + exchange.getRequestURI().getPath() + "</body></html>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream response = exchange.getResponseBody()) {
              response.write(body);
            }
          });
      server.start();
      URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
      System.out.printf("pages: fetching %d pages from %s (each answer waits %d ms) into %s%n",
          pages, base, delayMs, store);
      MultiProcessRobustStash<String> cache =
          new MultiProcessRobustStash<>(
              "pages",
              new DirectoryStash<>(store, Codec.utf8()),
              new PageFactory(base, client, pages),
              new MultiProcessConfig(1, WorkerCount.of(workers), Processor.virtual()));
      cache.addProgressListener(new Quarters());
      long start = System.nanoTime();
      int size = cache.size();
      summary(cache, size, start);
    } finally {
      server.stop(0);
    }
  }

  private static void summary(MultiProcessRobustStash<?> stash, int size, long start) {
    double seconds = (System.nanoTime() - start) / 1e9;
    ProcessReport report = stash.lastReport().orElse(null);
    if (report == null) {
      System.out.printf(Locale.ROOT,
          "%s: %d items, 0 computed (all found in the stash), %.2f s, processor %s%n",
          stash.name(), size, seconds, stash.processor().kind());
    } else {
      System.out.printf(Locale.ROOT,
          "%s: %d items, %d computed in %.2f s, %.1f items/s, processor %s, backend %s,"
              + " %d threads%n",
          stash.name(), size, report.items(), seconds, report.items() / seconds,
          report.processor(), report.backend(), report.threads());
    }
  }

  /** Prints a line each time another quarter of the items is done. */
  private static final class Quarters implements ProgressListener {
    private final AtomicInteger printed = new AtomicInteger();

    @Override
    public void itemsDone(String stash, long done, OptionalLong total) {
      if (total.isEmpty() || total.getAsLong() == 0) {
        return;
      }
      int quarter = (int) (done * 4 / total.getAsLong());
      int last = printed.get();
      if (quarter > last && quarter < 4 && printed.compareAndSet(last, quarter)) {
        System.out.printf("%s: %d%% (%d/%d)%n", stash, quarter * 25, done, total.getAsLong());
      }
    }
  }
}
