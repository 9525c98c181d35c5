package zensols.multi.jmh;

import java.nio.file.Path;
import java.util.List;

/**
 * One cold-start scenario of {@link ColdWork} in a plain {@code java} process, for what JMH's
 * forks cannot show: the classes the first prime loads ({@code -Xlog:class+load}), and a JDK 25
 * AOT cache trained on the job ({@code -XX:AOTCacheOutput}). Prints the scenario, the wall time of
 * its one shot and the CPU time the JVM used meanwhile (all threads, JIT and GC too), then the
 * backend it ran on; the scratch directory is made
 * before the shot and deleted after it.
 *
 * <pre>
 * java --enable-preview -cp jmh/target/benchmarks.jar zensols.multi.jmh.ColdMain fixed
 * </pre>
 *
 * <p>Scenarios: {@code train} (the library scenarios one after another, in one JVM: a training
 * run for an AOT cache), {@code fixed}, {@code fixed-by-hand}, {@code io}, {@code io-memory}, {@code
 * io-bare}, {@code io-bare-files}, {@code cpu-1}, {@code cpu-2} (chunk 0), {@code cpu-by-hand-1},
 * {@code cpu-by-hand-2}.
 */
public final class ColdMain {
  private ColdMain() {}

  /**
   * Runs one scenario.
   *
   * @param args the scenario's name
   * @throws Exception if it fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ColdMain SCENARIO");
    }
    String scenario = args[0];
    if (scenario.equals("train")) { // an AOT training run: every library scenario, one after another
      for (String s : new String[] {"fixed", "io", "io-memory", "cpu-1", "cpu-2"}) {
        main(new String[] {s});
      }
      return;
    }
    Path dir = ColdWork.newDirectory();
    List<String> keys =
        ColdWork.keys(
            scenario.startsWith("fixed")
                ? ColdWork.FIXED_ITEMS
                : scenario.startsWith("io") ? ColdWork.IO_ITEMS : ColdWork.CPU_ITEMS);
    ColdWork.ColdStash stash = null;
    long cpuStart = cpuNanos();
    long start = System.nanoTime();
    switch (scenario) {
      case "fixed" -> stash = ColdWork.fixedLibrary(dir, keys);
      case "fixed-by-hand" -> ColdWork.fixedByHand(dir, keys);
      case "io" -> stash = ColdWork.ioLibraryFiles(dir, keys);
      case "io-memory" -> stash = ColdWork.ioLibraryMemory(keys);
      case "io-bare" -> ColdWork.ioBare(keys);
      case "io-bare-files" -> ColdWork.ioBareFiles(dir, keys);
      case "cpu-1" -> stash = ColdWork.cpuLibrary(keys, 1, "0");
      case "cpu-2" -> stash = ColdWork.cpuLibrary(keys, 2, "0");
      case "cpu-by-hand-1" -> ColdWork.cpuByHand(keys, 1);
      case "cpu-by-hand-2" -> ColdWork.cpuByHand(keys, 2);
      default -> throw new IllegalArgumentException("unknown scenario \"" + scenario + "\"");
    }
    long nanos = System.nanoTime() - start;
    long cpu = cpuNanos() - cpuStart;
    StringBuilder line = // not a concatenation: no indy call site linked after the shot either
        new StringBuilder("cold ").append(scenario).append(' ').append((nanos / 10_000) / 100.0)
            .append(" ms, cpu ").append((cpu / 10_000) / 100.0).append(" ms");
    if (stash != null) {
      line.append(" backend ").append(stash.backend());
    }
    System.out.println(line);
    Directory.deleteTree(dir);
  }

  /**
   * The CPU time this JVM has used, all its threads (JIT and GC too), in nanoseconds: a measure of
   * a shot's cost that another process's load does not stretch as it does the wall time.
   */
  private static long cpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
  }
}
