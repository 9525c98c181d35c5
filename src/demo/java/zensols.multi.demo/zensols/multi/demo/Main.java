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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import zensols.multi.Failure;
import zensols.multi.MultiProcess;
import zensols.multi.MultiProcessRobustStash;
import zensols.multi.MultiProcessStash;
import zensols.multi.ProcessReport;
import zensols.multi.Processor;
import zensols.multi.ProgressListener;
import zensols.multi.StashFactory;
import zensols.multi.WorkerCount;
import zensols.multi.stash.Codec;
import zensols.multi.stash.DirectoryStash;
import zensols.multi.stash.MemoryStash;
import zensols.multi.stash.Stash;
import zensols.multi.sqlite.SqliteStash;

/**
 * The demo: primes two stashes under an output directory: {@link DirectoryStash}es ({@code
 * --store directory}, the default) or tables of one SQLite file {@code demo.db} ({@code --store
 * sqlite}, {@link SqliteStash} of the optional module {@code zensols.multi.sqlite}).
 *
 * <ol>
 *   <li>{@code files}: SHA-256, size and line count of every regular file under a directory (by
 *       default the JDK's own {@code lib/}), on the {@code PoolProcessor} — CPU-bound. Each input
 *       directory has a stash of its own, {@code files-<name>-<hash of its path>} (a directory,
 *       or a table of {@code demo.db}). Files that
 *       cannot be read are the robust stash's failures, listed, not fatal;
 *   <li>{@code pages}: N pages fetched from a loopback HTTP server that waits before each answer,
 *       on the {@code VirtualProcessor} — IO-bound; then the same sample of pages fetched one after
 *       another and on virtual threads, both timed, to show what virtual threads buy.
 * </ol>
 *
 * <p>Both are robust stashes: a second run finds the values and does no work, and after value
 * files are deleted a run computes exactly those again.
 *
 * <p>Usage: {@code Main [directory] [--out DIR] [--store directory|sqlite] [--pages N]
 * [--delay-ms MS] [--workers N] [--compare N]}
 */
public final class Main {
  private Main() {}

  /**
   * Runs the demo.
   *
   * @param args the command line
   * @throws Exception if the demo fails
   * @throws IllegalArgumentException naming the value if {@code --store} is neither {@code
   *     directory} nor {@code sqlite}
   */
  public static void main(String[] args) throws Exception {
    Path directory = Path.of(System.getProperty("java.home"), "lib");
    Path out = Path.of("target", "demo");
    int pages = 500;
    int delayMs = 20;
    int ioWorkers = 100;
    int compare = 100;
    Store store = Store.DIRECTORY;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = Path.of(args[++i]);
        case "--pages" -> pages = Integer.parseInt(args[++i]);
        case "--delay-ms" -> delayMs = Integer.parseInt(args[++i]);
        case "--workers" -> ioWorkers = Integer.parseInt(args[++i]);
        case "--compare" -> compare = Integer.parseInt(args[++i]);
        case "--store" -> store = Store.of(args[++i]);
        default -> directory = Path.of(args[i]);
      }
    }
    Files.createDirectories(out);
    indexFiles(directory, store, out, storeName(directory));
    fetchPages(pages, delayMs, ioWorkers, Math.min(compare, pages), store, out, "pages");
  }

  /** Where the demo keeps its stashes: a directory per stash, or a table per stash in one file. */
  enum Store {
    /** A {@link DirectoryStash} per stash, {@code <out>/<name>/}, failures in {@code <name>.failures/}. */
    DIRECTORY,
    /** A {@link SqliteStash} per stash: table {@code <name>} of {@code <out>/demo.db}. */
    SQLITE;

    /** The store named on the command line ({@code directory} or {@code sqlite}). */
    static Store of(String option) {
      return switch (option) {
        case "directory" -> DIRECTORY;
        case "sqlite" -> SQLITE;
        default ->
            throw new IllegalArgumentException(
                "--store must be directory or sqlite, not \"" + option + "\"");
      };
    }

    /** Opens the stash {@code name} under {@code out}. */
    <V> Backing<V> open(Path out, String name, Codec<V> codec) {
      if (this == DIRECTORY) {
        Path dir = out.resolve(name);
        return new Backing<>(new DirectoryStash<>(dir, codec), null, dir.toString(), () -> {});
      }
      Path file = out.resolve("demo.db");
      SqliteStash<V> values =
          SqliteStash.<V>builder().file(file).name(name).codec(codec).build();
      return new Backing<>(
          values, values.failureStash(), file + " (table " + name + ")", values::close);
    }
  }

  /**
   * An opened stash: its values, where its failures go ({@code null}: the robust stash's default,
   * beside a directory), where it is (for the output), and what closes it.
   */
  record Backing<V>(Stash<V> values, Stash<Failure> failures, String where, Runnable closer)
      implements AutoCloseable {
    @Override
    public void close() {
      closer.run();
    }
  }

  /** {@code files-<last name>-<8 hex of the SHA-256 of the absolute path>}: one per input. */
  static String storeName(Path directory) throws NoSuchAlgorithmException {
    Path absolute = directory.toAbsolutePath().normalize();
    Path last = absolute.getFileName();
    String name = last == null ? "root" : last.toString().replaceAll("[^A-Za-z0-9._-]", "_");
    byte[] hash =
        MessageDigest.getInstance("SHA-256")
            .digest(absolute.toString().getBytes(StandardCharsets.UTF_8));
    return "files-" + name + "-" + HexFormat.of().formatHex(hash, 0, 4);
  }

  private static void indexFiles(Path directory, Store kind, Path out, String name)
      throws IOException {
    FileFactory factory = new FileFactory(directory);
    try (Backing<FileInfo> store = kind.open(out, name, FileInfo.CODEC)) {
      System.out.printf("files: indexing %s into %s%n", directory, store.where());
      for (String skipped : factory.unlistable()) {
        System.out.printf("files: cannot list %s: skipped%n", skipped);
      }
      indexFiles(factory, store);
    }
  }

  private static void indexFiles(FileFactory factory, Backing<FileInfo> store) {
    var builder =
        MultiProcess.robustStash("files", store.values(), factory)
            .chunkSize(8)
            .workers(WorkerCount.allProcessors())
            .progressListener(new Quarters());
    if (store.failures() != null) {
      builder.failures(store.failures());
    }
    MultiProcessRobustStash<FileInfo> files = builder.build();
    long start = System.nanoTime();
    files.prime();
    List<Failure> failures = files.iterFailures();
    summary(files, files.size(), start);
    // the good values are the delegate's; the failures are listed apart
    long bytes = files.delegate().values().mapToLong(FileInfo::size).sum();
    long lines = files.delegate().values().mapToLong(FileInfo::lines).sum();
    System.out.printf("files: %,d bytes, %,d lines, %s%n", bytes, lines,
        plural(failures.size(), "failure"));
    for (Failure failure : failures.stream().limit(10).toList()) {
      System.out.printf("files: failed: %s: %s: %s%n", Keys.path(failure.key()),
          failure.exceptionType(), failure.message());
    }
    if (failures.size() > 10) {
      System.out.printf("files: ... and %d more%n", failures.size() - 10);
    }
  }

  private static void fetchPages(
      int pages, int delayMs, int workers, int compare, Store kind, Path out, String name)
      throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    try (ExecutorService serverThreads = Executors.newVirtualThreadPerTaskExecutor();
        HttpClient client =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        Backing<String> store = kind.open(out, name, Codec.utf8())) {
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
          pages, base, delayMs, store.where());
      PageFactory factory = new PageFactory(base, client, pages);
      var builder =
          MultiProcess.robustStash("pages", store.values(), factory)
              .chunkSize(1)
              .workers(workers)
              .processor(Processor.virtual())
              .progressListener(new Quarters());
      if (store.failures() != null) {
        builder.failures(store.failures());
      }
      MultiProcessRobustStash<String> cache = builder.build();
      long start = System.nanoTime();
      int size = cache.size();
      summary(cache, size, start);
      if (compare > 0) {
        compare(factory, compare, workers, delayMs);
      }
    } finally {
      server.stop(0);
    }
  }

  /**
   * Fetches the same {@code n} pages twice, into memory: one after another, then on virtual
   * threads, and prints both times and their ratio.
   */
  private static void compare(PageFactory factory, int n, int workers, int delayMs) {
    Set<String> sample = factory.keys().stream().sorted().limit(n).collect(Collectors.toSet());
    StashFactory<String> pages = StashFactory.of(sample, factory::create);
    double sequential = timeFetch(pages, "pages-sequential", Processor.single(), 1);
    double virtual = timeFetch(pages, "pages-virtual", Processor.virtual(), workers);
    System.out.printf(Locale.ROOT,
        "pages: the same %s (%d ms wait each): sequentially %.2f s, on virtual threads with %s"
            + " %.2f s: %.1fx faster%n",
        plural(n, "page"), delayMs, sequential, plural(workers, "worker"), virtual,
        sequential / virtual);
  }

  private static double timeFetch(
      StashFactory<String> pages, String name, Processor processor, int workers) {
    MultiProcessStash<String, String> stash =
        MultiProcess.factoryStash(name, new MemoryStash<>(), pages)
            .chunkSize(1)
            .workers(workers)
            .processor(processor)
            .build();
    long start = System.nanoTime();
    stash.prime();
    return (System.nanoTime() - start) / 1e9;
  }

  private static void summary(MultiProcessRobustStash<?> stash, int size, long start) {
    double seconds = (System.nanoTime() - start) / 1e9;
    ProcessReport report = stash.lastReport().orElse(null);
    if (report == null) {
      System.out.printf(Locale.ROOT,
          "%s: %s, 0 computed (all found in the stash), %.2f s, processor %s%n",
          stash.name(), plural(size, "item"), seconds, stash.processor().kind());
    } else {
      System.out.printf(Locale.ROOT,
          "%s: %s, %d computed in %.2f s, %.1f items/s, processor %s, backend %s, %s, %s%n",
          stash.name(), plural(size, "item"), report.items(), seconds, report.items() / seconds,
          report.processor(), report.backend(), plural(report.chunks(), "chunk"),
          plural(report.threads(), "thread"));
    }
  }

  /** "1 chunk", "2 chunks". */
  static String plural(long n, String noun) {
    return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
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
