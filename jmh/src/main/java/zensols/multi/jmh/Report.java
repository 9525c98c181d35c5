package zensols.multi.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Prints the ratio table of one run of {@code jmh/run} as Markdown: reads the JMH JSON files of a
 * results directory ({@code core.json}, {@code fallback.json}, {@code io.json}, {@code
 * directory.json}, {@code memory.json}) and sets every target's figures against its target. Every
 * ratio divides two numbers of the same JSON file, i.e. of the same JMH run.
 *
 * <p>Usage: {@code java -cp jmh/target/benchmarks.jar zensols.multi.jmh.Report jmh/results/full}
 */
public final class Report {
  private static final String[] CHUNKS = {"1", "16", "256", "4096", "0"};
  private static final String[] PROCESSORS = {"pool", "virtual", "single"};

  /** One benchmark's result, its score in milliseconds per operation. */
  record Result(
      String file,
      String name,
      Map<String, String> params,
      double ms,
      double errorMs,
      Map<String, Object> secondary,
      Map<String, Object> raw) {

    String param(String key) {
      return params.getOrDefault(key, "");
    }
  }

  private final Map<String, List<Result>> files = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> headers = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> classSettings = new LinkedHashMap<>();
  private final StringBuilder out = new StringBuilder();
  private final List<String[]> targets = new ArrayList<>();

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: Report <results directory>");
      System.exit(2);
    }
    Report report = new Report();
    report.read(Path.of(args[0]));
    System.out.print(report.render());
  }

  @SuppressWarnings("unchecked")
  void read(Path dir) throws IOException {
    try (Stream<Path> paths = Files.list(dir)) {
      for (Path path : paths.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        String file = path.getFileName().toString().replace(".json", "");
        List<Object> entries = (List<Object>) Json.parse(Files.readString(path));
        List<Result> results = new ArrayList<>();
        for (Object e : entries) {
          Map<String, Object> entry = (Map<String, Object>) e;
          if (!headers.containsKey(file)) {
            headers.put(file, entry);
          }
          String name = ((String) entry.get("benchmark")).replace("zensols.multi.jmh.", "");
          String type = name.substring(0, name.lastIndexOf('.'));
          classSettings
              .computeIfAbsent(file, k -> new LinkedHashMap<>())
              .putIfAbsent(
                  type,
                  type + ": " + entry.get("mode") + ", " + num(entry.get("forks")) + " fork, warmup "
                      + num(entry.get("warmupIterations")) + " × " + entry.get("warmupTime")
                      + ", measurement " + num(entry.get("measurementIterations")) + " × "
                      + entry.get("measurementTime"));
          Map<String, String> params = new LinkedHashMap<>();
          Object p = entry.get("params");
          if (p instanceof Map<?, ?> map) {
            map.forEach((k, v) -> params.put((String) k, (String) v));
          }
          Map<String, Object> primary = (Map<String, Object>) entry.get("primaryMetric");
          double factor = toMs((String) primary.get("scoreUnit"));
          double error = primary.get("scoreError") instanceof Double d && !d.isNaN() ? d : 0;
          Map<String, Object> secondary = new LinkedHashMap<>();
          Map<String, Object> raw = new LinkedHashMap<>();
          Object s = entry.get("secondaryMetrics");
          if (s instanceof Map<?, ?> map) {
            map.forEach(
                (k, v) -> {
                  Map<String, Object> metric = (Map<String, Object>) v;
                  secondary.put((String) k, metric.get("score"));
                  raw.put((String) k, metric.get("rawData"));
                });
          }
          if (primary.get("scorePercentiles") instanceof Map<?, ?> percentiles) {
            // single-shot forks: the median and extremes over the forks, beside the mean
            for (String q : new String[] {"0.0", "50.0", "100.0"}) {
              if (percentiles.get(q) instanceof Double v) {
                secondary.put("score.p" + q.substring(0, q.indexOf('.')), v * factor);
              }
            }
          }
          results.add(
              new Result(file, name, params, (Double) primary.get("score") * factor,
                  error * factor, secondary, raw));
        }
        files.put(file, results);
      }
    }
  }

  private static String num(Object n) {
    return n instanceof Double d ? Long.toString(Math.round(d)) : String.valueOf(n);
  }

  private static double toMs(String unit) {
    return switch (unit) {
      case "s/op" -> 1000;
      case "ms/op" -> 1;
      case "us/op" -> 1e-3;
      case "ns/op" -> 1e-6;
      default -> throw new IllegalArgumentException("unit " + unit);
    };
  }

  private Optional<Result> find(String file, String name, String... params) {
    Predicate<Result> match =
        r -> {
          if (!r.name().equals(name)) {
            return false;
          }
          for (int i = 0; i < params.length; i += 2) {
            if (!r.param(params[i]).equals(params[i + 1])) {
              return false;
            }
          }
          return true;
        };
    return files.getOrDefault(file, List.of()).stream().filter(match).findFirst();
  }

  private double ms(String file, String name, String... params) {
    return find(file, name, params).map(Result::ms).orElse(Double.NaN);
  }

  String render() {
    header();
    core("core");
    fallback();
    io();
    directory();
    memory();
    streamed();
    interleaved();
    auto();
    jfrCost();
    jfrPaired();
    for (String file : files.keySet()) {
      if (file.startsWith("cold")) {
        cold(file);
      }
    }
    StringBuilder all = new StringBuilder();
    all.append("## Targets\n\n");
    all.append("| target | measured | ratio | goal | result |\n|---|---|---|---|---|\n");
    for (String[] t : targets) {
      all.append("| ").append(String.join(" | ", t)).append(" |\n");
    }
    all.append('\n');
    return headerText + all + out;
  }

  private String headerText = "";

  @SuppressWarnings("unchecked")
  private void header() {
    StringBuilder h = new StringBuilder("## Setup\n\n");
    h.append("| | |\n|---|---|\n");
    h.append("| machine | ").append(cpuModel()).append(", ")
        .append(Runtime.getRuntime().availableProcessors()).append(" processors, ")
        .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
        .append(" (of the machine that printed this table) |\n");
    for (var e : headers.entrySet()) {
      Map<String, Object> entry = e.getValue();
      List<Object> jvmArgs = (List<Object>) entry.getOrDefault("jvmArgs", List.of());
      String backend =
          jvmArgs.contains("-Dzensols.multi.backend=fallback")
              ? "fallback (-Dzensols.multi.backend=fallback)"
              : jvmArgs.contains("--enable-preview") ? "structured (JEP 505, --enable-preview)" : "fallback";
      h.append("| ").append(e.getKey()).append(".json | JDK ").append(entry.get("jdkVersion"))
          .append(' ').append(entry.get("vmName")).append(", JMH ").append(entry.get("jmhVersion"))
          .append(", backend ").append(backend).append(", ").append(settings(e.getKey()))
          .append(" |\n");
    }
    headerText = h.append('\n').toString();
  }

  /** The JMH settings of each benchmark class in a file, e.g. "Prime: avgt, 1 fork, 2x1 s + 3x1 s". */
  @SuppressWarnings("unchecked")
  private String settings(String file) {
    return String.join("; ", classSettings.getOrDefault(file, Map.of()).values());
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }

  private static String f(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    double a = Math.abs(v);
    String pattern = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
    return String.format(Locale.ROOT, pattern, v);
  }

  private static String ratio(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f×", v);
  }

  private void target(String what, String measured, double ratio, String goal, boolean pass) {
    targets.add(
        new String[] {
          what, measured, ratio(ratio), goal, Double.isNaN(ratio) ? "not run" : pass ? "pass" : "**miss**"
        });
  }

  private static String chunkName(String c) {
    return c.equals("0") ? "0 (even)" : c;
  }

  private void core(String file) {
    if (!files.containsKey(file)) {
      return;
    }
    // CPU
    out.append("## cpu: 256 items of about 1 ms into MemoryStash (").append(file).append(".json)\n\n");
    out.append("ms per prime; workers = all processors.\n\n");
    matrix(file, "Prime.prime", "cpu", 1, "ms");
    double bare = ms(file, "Baseline.bareLoop", "workload", "cpu");
    double par = ms(file, "Baseline.parallelStream", "workload", "cpu");
    out.append("\nBy hand: bare loop ").append(f(bare)).append(" ms, parallelStream ")
        .append(f(par)).append(" ms; invokeAll over the same chunks (platform pool / virtual per task):\n\n");
    invokeAll(file, "cpu", 1, "ms");
    String best = "1";
    for (String c : CHUNKS) {
      if (ms(file, "Prime.prime", "workload", "cpu", "processor", "pool", "chunkSize", c)
          < ms(file, "Prime.prime", "workload", "cpu", "processor", "pool", "chunkSize", best)) {
        best = c;
      }
    }
    double pool = ms(file, "Prime.prime", "workload", "cpu", "processor", "pool", "chunkSize", best);
    double single =
        ms(file, "Prime.prime", "workload", "cpu", "processor", "single", "chunkSize", best);
    double speedup = single / pool;
    target("cpu: pool (all workers) speed-up over single, chunk " + best + " (pool's best)",
        f(single) + " / " + f(pool) + " ms", speedup, "≥ 1.85× (limit 2.0×)", speedup >= 1.85);
    for (String c : new String[] {"16", "0"}) {
      if (c.equals(best)) {
        continue;
      }
      double p = ms(file, "Prime.prime", "workload", "cpu", "processor", "pool", "chunkSize", c);
      double s = ms(file, "Prime.prime", "workload", "cpu", "processor", "single", "chunkSize", c);
      target("cpu: same at chunk " + chunkName(c), f(s) + " / " + f(p) + " ms", s / p,
          "≥ 1.85×", s / p >= 1.85);
    }
    double vsPar = pool / par;
    target("cpu: pool (chunk " + best + ") time ÷ parallelStream time", f(pool) + " / " + f(par) + " ms",
        vsPar, "≤ 1.05× (within 5%)", vsPar <= 1.05);

    // trivial
    out.append("\n## trivial: 100,000 items (value = key) into MemoryStash (").append(file)
        .append(".json)\n\n");
    out.append("ns per item; workers = all processors.\n\n");
    matrix(file, "Prime.prime", "trivial", 1e6 / 100_000, "ns/item");
    double tBare = ms(file, "Baseline.bareLoop", "workload", "trivial");
    double tPar = ms(file, "Baseline.parallelStream", "workload", "trivial");
    out.append("\nBy hand: bare loop ").append(f(tBare * 10)).append(" ns/item, parallelStream ")
        .append(f(tPar * 10)).append(" ns/item; invokeAll over the same chunks, ns/item:\n\n");
    invokeAll(file, "trivial", 1e6 / 100_000, "ns/item");
    double single4096 =
        ms(file, "Prime.prime", "workload", "trivial", "processor", "single", "chunkSize", "4096");
    target("overhead (" + file + "): trivial, single, chunk 4096 ÷ bare loop",
        f(single4096 * 10) + " / " + f(tBare * 10) + " ns/item", single4096 / tBare, "≤ 1.5×",
        single4096 / tBare <= 1.5);
    perChunk(file);
    fixedCost(file);
  }

  private void perChunk(String file) {
    out.append("\nCost per chunk (trivial, MemoryStash): (time at chunk 1 − time at chunk 4096) ÷ (100,000 − 25) chunks:\n\n");
    out.append("| processor | µs per chunk |\n|---|---|\n");
    for (String p : PROCESSORS) {
      double c1 = ms(file, "Prime.prime", "workload", "trivial", "processor", p, "chunkSize", "1");
      double c4096 =
          ms(file, "Prime.prime", "workload", "trivial", "processor", p, "chunkSize", "4096");
      out.append("| ").append(p).append(" | ").append(f((c1 - c4096) * 1000 / (100_000 - 25)))
          .append(" |\n");
    }
  }

  private void fixedCost(String file) {
    out.append("\nFixed cost of one prime() of 10 trivial items into MemoryStash (chunk 0, all workers):\n\n");
    out.append("| processor | µs per prime |\n|---|---|\n");
    for (String p : PROCESSORS) {
      out.append("| ").append(p).append(" | ")
          .append(f(ms(file, "FixedCost.prime10", "processor", p) * 1000)).append(" |\n");
    }
  }

  private void matrix(String file, String name, String workload, double scale, String unit) {
    out.append("| chunk size | pool | virtual | single |\n|---|---|---|---|\n");
    for (String c : CHUNKS) {
      out.append("| ").append(chunkName(c));
      for (String p : PROCESSORS) {
        out.append(" | ").append(
            f(ms(file, name, "workload", workload, "processor", p, "chunkSize", c) * scale));
      }
      out.append(" |\n");
    }
  }

  private void invokeAll(String file, String workload, double scale, String unit) {
    out.append("| chunk size | platform pool | virtual per task |\n|---|---|---|\n");
    for (String c : CHUNKS) {
      out.append("| ").append(chunkName(c)).append(" | ")
          .append(f(ms(file, "InvokeAll.platformPool", "workload", workload, "chunkSize", c) * scale))
          .append(" | ")
          .append(f(ms(file, "InvokeAll.virtualPerTask", "workload", workload, "chunkSize", c) * scale))
          .append(" |\n");
    }
  }

  private void fallback() {
    String file = "fallback";
    if (!files.containsKey(file)) {
      return;
    }
    out.append("\n## Fallback backend (-Dzensols.multi.backend=fallback, ").append(file)
        .append(".json)\n\n");
    out.append("trivial, 100,000 items into MemoryStash, ns per item:\n\n");
    out.append("| chunk size | pool | virtual | single |\n|---|---|---|---|\n");
    for (String c : new String[] {"1", "4096"}) {
      out.append("| ").append(c);
      for (String p : PROCESSORS) {
        out.append(" | ").append(
            f(ms(file, "Prime.prime", "workload", "trivial", "processor", p, "chunkSize", c) * 10));
      }
      out.append(" |\n");
    }
    double bare = ms(file, "Baseline.bareLoop", "workload", "trivial");
    out.append("\nBare loop ").append(f(bare * 10)).append(" ns/item.\n");
    double single4096 =
        ms(file, "Prime.prime", "workload", "trivial", "processor", "single", "chunkSize", "4096");
    double pool4096 =
        ms(file, "Prime.prime", "workload", "trivial", "processor", "pool", "chunkSize", "4096");
    target("overhead (fallback): trivial, single, chunk 4096 ÷ bare loop",
        f(single4096 * 10) + " / " + f(bare * 10) + " ns/item", single4096 / bare, "≤ 1.5×",
        single4096 / bare <= 1.5);
    target("overhead (fallback, reported): trivial, pool, chunk 4096 ÷ bare loop",
        f(pool4096 * 10) + " / " + f(bare * 10) + " ns/item", pool4096 / bare, "reported", true);
    perChunk(file);
    fixedCost(file);
  }

  private void io() {
    String file = "io";
    if (!files.containsKey(file)) {
      return;
    }
    out.append("\n## IO: items of 20 ms (io.json)\n\n");
    out.append("| workload | items | virtual, 1,000 workers, chunk 1 | ÷ limit | invokeAll, 1,000 platform threads | invokeAll, virtual per task (unbounded) | pool, 2 workers, chunk 1 | pool-2 ÷ virtual (per item) |\n");
    out.append("|---|---|---|---|---|---|---|---|\n");
    for (String w : new String[] {"io-sleep", "io-http"}) {
      Optional<Result> virtual = find(file, "IoTarget.virtual1000", "workload", w);
      if (virtual.isEmpty()) {
        continue;
      }
      int items = Integer.parseInt(virtual.get().param("items"));
      double limit = Math.ceil(items / 1000.0) * 20;
      double v = virtual.get().ms();
      double platform = ms(file, "IoTarget.invokeAllPlatform1000", "workload", w);
      double perTask = ms(file, "IoTarget.invokeAllVirtualPerTask", "workload", w);
      Optional<Result> pool2 = find(file, "IoPool2.pool2", "workload", w);
      double p2 = pool2.map(Result::ms).orElse(Double.NaN);
      int p2Items = pool2.map(r -> Integer.parseInt(r.param("pool2Items"))).orElse(items);
      double perItem = (p2 / p2Items) / (v / items);
      out.append("| ").append(w).append(" | ").append(items).append(" | ").append(f(v))
          .append(" ms | ").append(ratio(v / limit)).append(" | ").append(f(platform))
          .append(" ms | ").append(f(perTask)).append(" ms | ").append(f(p2)).append(" ms")
          .append(p2Items != items ? " (" + p2Items + " items)" : "").append(" | ")
          .append(ratio(perItem)).append(" |\n");
      if (w.equals("io-sleep")) {
        target("IO: " + items + " io-sleep items, virtual, 1,000 workers, chunk 1 ÷ limit " + f(limit) + " ms",
            f(v) + " ms", v / limit, "≤ 1.3×", v / limit <= 1.3);
      } else {
        target("IO (reported): same with io-http ÷ limit", f(v) + " ms", v / limit, "reported",
            true);
      }
    }
    out.append("\nEvery processor and chunk size, 50 items of 20 ms, 1,000 workers, ms per prime:\n\n");
    for (String w : new String[] {"io-sleep", "io-http"}) {
      if (find(file, "IoMatrix.prime", "workload", w).isEmpty()) {
        continue;
      }
      out.append("\n").append(w).append(":\n\n");
      out.append("| chunk size | pool | virtual | single |\n|---|---|---|---|\n");
      for (String c : CHUNKS) {
        out.append("| ").append(chunkName(c));
        for (String p : PROCESSORS) {
          out.append(" | ")
              .append(f(ms(file, "IoMatrix.prime", "workload", w, "processor", p, "chunkSize", c)));
        }
        out.append(" |\n");
      }
    }
  }

  private void directory() {
    String file = "directory";
    if (!files.containsKey(file)) {
      return;
    }
    out.append("\n## DirectoryStash: 1,000 small values into a new directory (directory.json)\n\n");
    out.append("ms per 1,000 items (µs per item):\n\n| chunk size | single | pool (all workers) |\n|---|---|---|\n");
    for (String c : new String[] {"1", "16", "256", "4096"}) {
      double s = ms(file, "Directory.prime", "processor", "single", "chunkSize", c);
      double p = ms(file, "Directory.prime", "processor", "pool", "chunkSize", c);
      out.append("| ").append(c).append(" | ").append(f(s)).append(" | ").append(f(p)).append(" |\n");
    }
    double atomic = ms(file, "Directory.ByHand.atomicLoop");
    double plain = ms(file, "Directory.ByHand.filesWriteLoop");
    out.append("\nBy hand: atomic loop (temporary file + ATOMIC_MOVE) ").append(f(atomic))
        .append(" ms, plain Files.write loop ").append(f(plain)).append(" ms.\n");
    double single = ms(file, "Directory.prime", "processor", "single", "chunkSize", "4096");
    double pool = ms(file, "Directory.prime", "processor", "pool", "chunkSize", "16");
    Optional<Result> both = find(file, "Directory.Interleaved.both");
    if (both.isPresent()
        && both.get().secondary().get("libraryNanos") instanceof Double libraryNanos
        && both.get().secondary().get("byHandNanos") instanceof Double byHandNanos) {
      double ratio = byHandNanos / libraryNanos;
      target("DirectoryStash: throughput, single, chunk 4096 ÷ hand-written atomic loop, "
              + "interleaved in one invocation",
          f(byHandNanos / 1e6) + " / " + f(libraryNanos / 1e6) + " ms in all", ratio,
          "≥ 0.8×", ratio >= 0.8);
      out.append("\nInterleaved (the target's figure): in each invocation the library (single,"
              + " chunk 4096) and the hand-written atomic loop each write 1,000 values into a new"
              + " directory, alternating which goes first; summed over the measurement iterations: library ")
          .append(f(libraryNanos / 1e6)).append(" ms, by hand ").append(f(byHandNanos / 1e6))
          .append(" ms.\n");
    }
    target("DirectoryStash (reported): single, chunk 4096 ÷ hand-written atomic loop, separate"
            + " benchmarks (disk drift between them)",
        f(atomic) + " / " + f(single) + " ms", atomic / single, "reported", true);
    target("DirectoryStash (reported): pool, chunk 16 ÷ hand-written atomic loop",
        f(atomic) + " / " + f(pool) + " ms", atomic / pool, "reported", true);
    target("DirectoryStash (reported): plain Files.write loop ÷ atomic loop, throughput",
        f(atomic) + " / " + f(plain) + " ms", atomic / plain, "reported", true);
    out.append("\nFixed cost of one prime() of 10 items into a new directory (chunk 0): ");
    for (String p : new String[] {"single", "pool", "virtual"}) {
      out.append(p).append(' ')
          .append(f(ms(file, "Directory.Fixed.prime10", "processor", p) * 1000)).append(" µs, ");
    }
    out.append("atomic loop of 10 by hand ")
        .append(f(ms(file, "Directory.Fixed.atomicLoop10", "processor", "single") * 1000))
        .append(" µs.\n");
    out.append("\nCost per chunk: (chunk 1 − chunk 4096) ÷ 999 chunks: ");
    for (String p : new String[] {"single", "pool"}) {
      double c1 = ms(file, "Directory.prime", "processor", p, "chunkSize", "1");
      double c4096 = ms(file, "Directory.prime", "processor", p, "chunkSize", "4096");
      out.append(p).append(' ').append(f((c1 - c4096) * 1000 / 999)).append(" µs")
          .append(p.equals("single") ? "; " : ".");
    }
    out.append(" (A negative figure is the disk's drift between the two benchmarks.)\n");
  }

  @SuppressWarnings("unchecked")
  private void memory() {
    String file = "memory";
    if (!files.containsKey(file)) {
      return;
    }
    out.append("\n## Memory: 5,000,000 trivial items, lazily generated, chunk 1,000, into NoopStash, 256 MB heap (memory.json)\n\n");
    out.append("| processor | ms per prime | live heap growth, MB (max over iterations) | old gen growth, MB | GCs per prime | allocated, bytes per item |\n|---|---|---|---|---|---|\n");
    for (String p : PROCESSORS) {
      Optional<Result> r = find(file, "MemoryPrime.prime", "processor", p);
      if (r.isEmpty()) {
        continue;
      }
      double live = maxRaw(r.get(), "liveGrowthMB");
      double old = maxRaw(r.get(), "oldGenGrowthMB");
      double gcs = maxRaw(r.get(), "gcs");
      Object norm = r.get().secondary().get("gc.alloc.rate.norm");
      int items = Integer.parseInt(r.get().param("items"));
      double perItem = norm instanceof Double d ? d / items : Double.NaN;
      out.append("| ").append(p).append(" | ").append(f(r.get().ms())).append(" | ")
          .append(f(live)).append(" | ").append(f(old)).append(" | ").append(f(gcs)).append(" | ")
          .append(f(perItem)).append(" |\n");
      target("memory: " + p + ", peak live heap growth priming " + String.format(Locale.ROOT, "%,d", items)
              + " items into NoopStash",
          f(live) + " MB", live / 64, "≤ 1.0× of 64 MB", live < 64);
    }
  }

  /**
   * Streamed factory keys (streamed.json): a 10,000,000-key factory prime and a robust prime over
   * a half-filled delegate, each one's live-heap growth against 64 MB.
   */
  private void streamed() {
    String file = "streamed";
    if (!files.containsKey(file)) {
      return;
    }
    out.append("\n## Streamed factory keys: 10,000,000 keys streamed by the factory, chunk 1,000, 256 MB heap (streamed.json)\n\n");
    out.append("factory: into a delegate that keeps nothing; robust: over a delegate that has every even key.\n\n");
    out.append("| stash | processor | ms per prime | live heap growth, MB (max over iterations) | old gen growth, MB | GCs per prime | values computed |\n|---|---|---|---|---|---|---|\n");
    for (String stash : new String[] {"factory", "robust"}) {
      for (String p : PROCESSORS) {
        Optional<Result> r = find(file, "StreamedKeys.prime", "stash", stash, "processor", p);
        if (r.isEmpty()) {
          continue;
        }
        double live = maxRaw(r.get(), "liveGrowthMB");
        out.append("| ").append(stash).append(" | ").append(p).append(" | ").append(f(r.get().ms()))
            .append(" | ").append(f(live)).append(" | ").append(f(maxRaw(r.get(), "oldGenGrowthMB")))
            .append(" | ").append(f(maxRaw(r.get(), "gcs"))).append(" | ")
            .append(f(maxRaw(r.get(), "computed"))).append(" |\n");
        target("memory: " + stash + ", " + p + ", peak live heap growth priming 10,000,000 streamed"
                + " factory keys" + (stash.equals("robust") ? " over a half-filled delegate" : ""),
            f(live) + " MB", live / 64, "≤ 1.0× of 64 MB", live < 64);
      }
    }
  }

  private static final String[] AUTO_WORKLOADS = {"trivial", "cpu", "io-sleep", "mixed"};

  private static final String[] COUNTERS = {"c1", "c16", "c256", "c4096", "c0", "cAuto"};

  /**
   * auto against the fixed sizes, paired (interleaved.json): every invocation primes with each
   * size in turn, timed separately, so the ratio is not the drift between separate benchmarks.
   */
  private void interleaved() {
    String file = "interleaved";
    if (!files.containsKey(file)) {
      return;
    }
    out.append("## auto against the best fixed chunk size, paired (").append(file)
        .append(".json)\n\n");
    out.append("ms per prime into MemoryStash, each invocation priming once with every chunk size, in an order"
        + " that changes every invocation (AutoInterleaved); trivial 100,000 items, cpu 256 × ≈1 ms, io-sleep 50 ×"
        + " 20 ms (1,000 workers), mixed 256 × ≈0.1 ms then 256 × ≈1 ms; other workloads: all"
        + " processors' workers.\n\n");
    out.append("| workload | processor |");
    for (String c : CHUNKS) {
      out.append(' ').append(chunkName(c)).append(" |");
    }
    out.append(" auto | best fixed | auto ÷ best |\n|---|---|");
    out.append("---|".repeat(CHUNKS.length + 3)).append('\n');
    double worst = Double.NaN;
    String worstWhere = "";
    int within = 0;
    int rows = 0;
    for (String w : AUTO_WORKLOADS) {
      for (String p : PROCESSORS) {
        Optional<Result> r =
            find(file, "AutoInterleaved.all", "workload", w, "processor", p);
        if (r.isEmpty() || !(r.get().secondary().get("rounds") instanceof Double rounds)) {
          continue;
        }
        double[] msPer = new double[COUNTERS.length];
        for (int i = 0; i < COUNTERS.length; i++) {
          Object v = r.get().secondary().get(COUNTERS[i]);
          msPer[i] = v instanceof Double d ? d / rounds / 1e6 : Double.NaN;
        }
        out.append("| ").append(w).append(" | ").append(p).append(" |");
        double best = Double.NaN;
        String bestSize = "";
        for (int i = 0; i < CHUNKS.length; i++) {
          out.append(' ').append(f(msPer[i])).append(" |");
          if (!Double.isNaN(msPer[i]) && (Double.isNaN(best) || msPer[i] < best)) {
            best = msPer[i];
            bestSize = CHUNKS[i];
          }
        }
        double auto = msPer[COUNTERS.length - 1];
        double ratio = auto / best;
        rows++;
        if (ratio <= 1.10) {
          within++;
        }
        if (Double.isNaN(worst) || ratio > worst) {
          worst = ratio;
          worstWhere = w + ", " + p;
        }
        out.append(' ').append(f(auto)).append(" | ").append(chunkName(bestSize)).append(" | ")
            .append(ratio > 1.10 ? "**" + ratio(ratio) + "**" : ratio(ratio)).append(" |\n");
      }
    }
    out.append('\n');
    target("auto ÷ best fixed chunk size, paired in one invocation, worst of " + rows
            + " workload × processor (" + worstWhere + ")",
        within + " of " + rows + " within 10%", worst, "≤ 1.10× (never > 1.2×)", worst <= 1.2);
  }

  /**
   * The chunk-size sweep with {@code auto} (auto.json): ms per prime for every fixed size and for
   * auto, and auto divided by the best fixed size of the same run.
   */
  private void auto() {
    String file = "auto";
    if (!files.containsKey(file)) {
      return;
    }
    out.append("## auto against the best fixed chunk size (").append(file).append(".json)\n\n");
    out.append("ms per prime into MemoryStash; trivial 100,000 items, cpu 256 × ≈1 ms, io-sleep 50 × 20 ms"
        + " (1,000 workers), mixed 256 × ≈0.1 ms then 256 × ≈1 ms; other workloads: all processors'"
        + " workers.\n\n");
    out.append("| workload | processor |");
    for (String c : CHUNKS) {
      out.append(' ').append(chunkName(c)).append(" |");
    }
    out.append(" auto | best fixed | auto ÷ best |\n|---|---|");
    out.append("---|".repeat(CHUNKS.length + 3)).append('\n');
    double worst = Double.NaN;
    String worstWhere = "";
    int within = 0;
    int rows = 0;
    for (String w : AUTO_WORKLOADS) {
      for (String p : PROCESSORS) {
        double auto = ms(file, "AutoChunk.prime", "workload", w, "processor", p, "chunkSize", "auto");
        if (Double.isNaN(auto)) {
          continue;
        }
        out.append("| ").append(w).append(" | ").append(p).append(" |");
        double best = Double.NaN;
        String bestSize = "";
        for (String c : CHUNKS) {
          double v = ms(file, "AutoChunk.prime", "workload", w, "processor", p, "chunkSize", c);
          out.append(' ').append(f(v)).append(" |");
          if (!Double.isNaN(v) && (Double.isNaN(best) || v < best)) {
            best = v;
            bestSize = c;
          }
        }
        double r = auto / best;
        rows++;
        if (r <= 1.10) {
          within++;
        }
        if (Double.isNaN(worst) || r > worst) {
          worst = r;
          worstWhere = w + ", " + p;
        }
        out.append(' ').append(f(auto)).append(" | ").append(chunkName(bestSize)).append(" | ")
            .append(r > 1.10 ? "**" + ratio(r) + "**" : ratio(r)).append(" |\n");
      }
    }
    out.append('\n');
    target("auto ÷ best fixed chunk size of the sweep, worst of " + rows + " workload × processor ("
            + worstWhere + ")",
        within + " of " + rows + " within 10%", worst, "≤ 1.10× (never > 1.2×)", worst <= 1.2);
  }

  /**
   * What recording the JFR events costs, paired in one invocation (JfrInterleaved, in jfr.json or
   * jfr-paired.json).
   */
  private void jfrPaired() {
    String file = files.containsKey("jfr-paired") ? "jfr-paired" : "jfr";
    if (find(file, "JfrInterleaved.both").isEmpty()) {
      return;
    }
    out.append("## JDK Flight Recorder events: recording on ÷ off, paired (").append(file)
        .append(".json)\n\n");
    out.append("ms per prime of 100,000 trivial items; each invocation primes once with the events"
        + " enabled in a running recording and once with them disabled, alternating.\n\n");
    out.append("| processor | chunk | off | on | on ÷ off |\n|---|---|---|---|---|\n");
    for (String p : new String[] {"pool", "single"}) {
      for (String c : new String[] {"1", "4096"}) {
        Optional<Result> r =
            find(file, "JfrInterleaved.both", "processor", p, "chunkSize", c);
        if (r.isEmpty() || !(r.get().secondary().get("pairs") instanceof Double pairs)) {
          continue;
        }
        double off = r.get().secondary().get("off") instanceof Double d ? d / pairs / 1e6 : Double.NaN;
        double on = r.get().secondary().get("on") instanceof Double d ? d / pairs / 1e6 : Double.NaN;
        out.append("| ").append(p).append(" | ").append(c).append(" | ").append(f(off))
            .append(" | ").append(f(on)).append(" | ").append(ratio(on / off)).append(" |\n");
      }
    }
    out.append('\n');
  }

  /**
   * What the JFR events cost (jfr.json; jfr-base.json, when present, is the same benchmark against
   * the library before the events): ms per prime of 100,000 trivial items.
   */
  private void jfrCost() {
    String file = "jfr";
    if (!files.containsKey(file)) {
      return;
    }
    boolean base = files.containsKey("jfr-base");
    out.append("## JDK Flight Recorder events: cost (").append(file).append(".json")
        .append(base ? ", jfr-base.json" : "").append(")\n\n");
    out.append("ms per prime of 100,000 trivial items; `on` records zensols.multi.Prime and"
        + " zensols.multi.Chunk (one chunk event per chunk).\n\n");
    out.append("| processor | chunk |").append(base ? " before the events |" : "")
        .append(" recording off | recording on |").append(base ? " off ÷ before |" : "")
        .append(" on ÷ off |\n|---|---|").append(base ? "---|---|---|---|---|\n" : "---|---|---|\n");
    for (String p : new String[] {"pool", "single"}) {
      for (String c : new String[] {"1", "4096"}) {
        double off = ms(file, "JfrCost.prime", "jfr", "off", "processor", p, "chunkSize", c);
        double on = ms(file, "JfrCost.prime", "jfr", "on", "processor", p, "chunkSize", c);
        double before =
            ms("jfr-base", "JfrCost.prime", "jfr", "off", "processor", p, "chunkSize", c);
        out.append("| ").append(p).append(" | ").append(c).append(" |");
        if (base) {
          out.append(' ').append(f(before)).append(" |");
        }
        out.append(' ').append(f(off)).append(" | ").append(f(on)).append(" |");
        if (base) {
          out.append(' ').append(ratio(off / before)).append(" |");
        }
        out.append(' ').append(ratio(on / off)).append(" |\n");
      }
    }
    out.append('\n');
  }

  @SuppressWarnings("unchecked")
  private static double maxRaw(Result r, String metric) {
    Object raw = r.raw().get(metric);
    double max = Double.NaN;
    if (raw instanceof List<?> forks) {
      for (Object fork : forks) {
        for (Object v : (List<Object>) fork) {
          double d = (Double) v;
          max = Double.isNaN(max) ? d : Math.max(max, d);
        }
      }
    }
    return max;
  }

  /** The median over the single-shot forks of a benchmark, in ms (NaN if not run). */
  private double median(String file, String name, String... params) {
    return find(file, name, params)
        .map(r -> r.secondary().get("score.p50") instanceof Double d ? d : r.ms())
        .orElse(Double.NaN);
  }

  private String spread(String file, String name, String... params) {
    Optional<Result> r = find(file, name, params);
    if (r.isEmpty()) {
      return "–";
    }
    Object min = r.get().secondary().get("score.p0");
    Object max = r.get().secondary().get("score.p100");
    return min instanceof Double lo && max instanceof Double hi ? f(lo) + "–" + f(hi) : "–";
  }

  private void coldRow(String file, String what, String name, String... params) {
    out.append("| ").append(what).append(" | ").append(f(median(file, name, params)))
        .append(" | ").append(f(ms(file, name, params))).append(" | ")
        .append(spread(file, name, params)).append(" |\n");
  }

  /** {@code ColdStart}: the first prime in fresh forks, each beside its bare-JDK baseline. */
  private void cold(String file) {
    String tag = file.equals("cold") ? "" : " [" + file + "]";
    double warm = ms(file, "ColdStart.IoWarm.libraryDirectory");
    if (!Double.isNaN(warm)) {
      out.append("\n## Warm: the IO case after warm-up (").append(file).append(".json)\n\n");
      out.append("| scenario | ms per prime (average time) |\n|---|---|\n");
      String[][] rows = {
        {"400 × 20 ms, 400 virtual workers, into a DirectoryStash", "libraryDirectory"},
        {"the same into a MemoryStash", "libraryMemory"},
        {"by hand: newVirtualThreadPerTaskExecutor, the same sleeps", "bareVirtual"},
        {"by hand: the same, each writing its file atomically", "bareVirtualFiles"}
      };
      for (String[] row : rows) {
        out.append("| ").append(row[0]).append(" | ")
            .append(f(ms(file, "ColdStart.IoWarm." + row[1]))).append(" |\n");
      }
      target("warm" + tag + ": 400 × 20 ms on 400 virtual workers into a DirectoryStash ÷ 30 ms",
          f(warm) + " ms (bare virtual threads " + f(ms(file, "ColdStart.IoWarm.bareVirtual"))
              + " ms, with files " + f(ms(file, "ColdStart.IoWarm.bareVirtualFiles"))
              + " ms; library into memory " + f(ms(file, "ColdStart.IoWarm.libraryMemory"))
              + " ms)",
          warm / 30, "≤ 1.0× (≤ 30 ms)", warm <= 30);
    }
    if (find(file, "ColdStart.Fixed.library").isEmpty()) {
      return;
    }
    out.append("\n## Cold start: the first prime of a fresh JVM (").append(file).append(".json)\n\n");
    out.append("Single shot per fork, no warm-up; ms, median over the forks (mean, min–max beside).\n\n");
    out.append("| scenario | median | mean | min–max |\n|---|---|---|---|\n");
    coldRow(file, "fixed: 10 items into a new DirectoryStash (default config)", "ColdStart.Fixed.library");
    coldRow(file, "fixed, by hand: the same 10 atomic writes", "ColdStart.Fixed.byHand");
    coldRow(file, "IO: 400 × 20 ms, 400 virtual workers, into a DirectoryStash", "ColdStart.Io.libraryDirectory");
    coldRow(file, "IO: the same into a MemoryStash", "ColdStart.Io.libraryMemory");
    coldRow(file, "IO, by hand: newVirtualThreadPerTaskExecutor, the same sleeps", "ColdStart.Io.bareVirtual");
    coldRow(file, "IO, by hand: the same, each writing its file atomically", "ColdStart.Io.bareVirtualFiles");
    for (String chunk : new String[] {"0", "auto"}) {
      for (String w : new String[] {"1", "2"}) {
        coldRow(file, "CPU: " + ColdWork.CPU_ITEMS + " items, pool, " + w + " worker(s), chunk " + chunk,
            "ColdStart.Cpu.library", "workers", w, "chunkSize", chunk);
      }
    }
    coldRow(file, "CPU, by hand: a loop", "ColdStart.CpuByHand.byHand", "threads", "1");
    coldRow(file, "CPU, by hand: 2 platform threads", "ColdStart.CpuByHand.byHand", "threads", "2");
    double fixed = median(file, "ColdStart.Fixed.library");
    if (!Double.isNaN(fixed)) {
      target("cold" + tag + ": fixed cost, 10 items into a DirectoryStash (median of forks) ÷ 20 ms",
          f(fixed) + " ms (by hand " + f(median(file, "ColdStart.Fixed.byHand")) + " ms)",
          fixed / 20, "≤ 1.0× (≤ 20 ms)", fixed <= 20);
    }
    double io = median(file, "ColdStart.Io.libraryDirectory");
    if (!Double.isNaN(io)) {
      target("cold" + tag + ": 400 × 20 ms on 400 virtual workers into a DirectoryStash ÷ 60 ms",
          f(io) + " ms (bare virtual threads " + f(median(file, "ColdStart.Io.bareVirtual"))
              + " ms, with files " + f(median(file, "ColdStart.Io.bareVirtualFiles"))
              + " ms; library into memory " + f(median(file, "ColdStart.Io.libraryMemory")) + " ms)",
          io / 60, "≤ 1.0× (≤ 60 ms)", io <= 60);
    }
    for (String chunk : new String[] {"0", "auto"}) {
      double one = median(file, "ColdStart.Cpu.library", "workers", "1", "chunkSize", chunk);
      double two = median(file, "ColdStart.Cpu.library", "workers", "2", "chunkSize", chunk);
      if (!Double.isNaN(one)) {
        double speedUp = one / two;
        target("cold" + tag + ": CPU scaling, pool, 1 ÷ 2 workers, chunk " + chunk,
            f(one) + " / " + f(two) + " ms (by hand: "
                + f(median(file, "ColdStart.CpuByHand.byHand", "threads", "1")) + " / "
                + f(median(file, "ColdStart.CpuByHand.byHand", "threads", "2")) + " ms)",
            speedUp, "≥ 1.6×", speedUp >= 1.6);
      }
    }
  }
}
