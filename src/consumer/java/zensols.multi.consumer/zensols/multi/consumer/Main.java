package zensols.multi.consumer;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import zensols.multi.Failure;
import zensols.multi.MultiProcessConfig;
import zensols.multi.ProcessReport;
import zensols.multi.WorkerCount;

/**
 * Proves, on the module path, that the public API of {@code zensols.multi} is usable from another
 * module and that its {@code zensols.multi.internal} package is not.
 */
public final class Main {
  private static final String LIBRARY = "zensols.multi";
  private static final String INTERNAL = "zensols.multi.internal";

  private Main() {}

  private static void check(String what, Object actual, Object expected) {
    if (!actual.equals(expected)) {
      throw new AssertionError(what + " is " + actual + ", not " + expected);
    }
  }

  /**
   * Runs the checks; any failure ends the JVM with a non-zero status (an uncaught error).
   *
   * @param args ignored
   * @throws Exception if a check cannot be carried out
   */
  public static void main(String[] args) throws Exception {
    // (a) the exported API works
    int resolved = WorkerCount.parse("50%").resolve(4);
    if (resolved != 2) {
      throw new AssertionError("WorkerCount.parse(\"50%\").resolve(4) is " + resolved + ", not 2");
    }

    // (b) the internal package is neither exported to this module nor reflectively reachable
    Module library = ModuleLayer.boot().findModule(LIBRARY).orElseThrow(
        () -> new AssertionError("module " + LIBRARY + " is not in the boot layer"));
    if (library.isExported(INTERNAL)) {
      throw new AssertionError(LIBRARY + " exports " + INTERNAL);
    }
    if (library.isExported(INTERNAL, Main.class.getModule())) {
      throw new AssertionError(LIBRARY + " exports " + INTERNAL + " to " + Main.class.getModule());
    }
    // load without initialising: the check is about access, not about the library's start-up
    Class<?> scopes = Class.forName(INTERNAL + ".TaskScopes", false, Main.class.getClassLoader());
    Method factory = scopes.getMethod("factory");
    try {
      Object leaked = factory.invoke(null);
      throw new AssertionError(
          "reflective call of " + scopes.getName() + ".factory() succeeded: " + leaked);
    } catch (IllegalAccessException expected) {
      // the package is encapsulated, as it must be
    }

    // (c) the Javadoc's examples (Examples.java) give what the Javadoc says
    Path dir = Files.createTempDirectory("zensols-multi-examples");
    try {
      check("squares", Examples.squares(dir), 144L);
      check("lengths", Examples.lengths(), 3);
      List<Failure> failures = Examples.pages(dir);
      check("pages' failed keys", failures.stream().map(Failure::key).toList(), List.of("x"));
      check("pages' failure", failures.get(0).exceptionType(),
          NumberFormatException.class.getName());
      check("subclass squares", Examples.subclassSquares(dir.resolve("subclass")), 144L);
      List<MultiProcessConfig> processors = Examples.processors();
      check("cpu processor", processors.get(0).processor().kind(), "pool");
      MultiProcessConfig io = processors.get(1);
      check("io processor", io.processor().kind(), "virtual");
      check("io deadline", io.processor().deadline(), Optional.of(Duration.ofMinutes(30)));
      check("io workers", io.workers(), WorkerCount.of(200));
      check("workers", Examples.workers(), List.of(7, 7, 4, 3, 8, 1));
      check("directory", Examples.directory(dir), List.of("bonjour", Set.of("caf\u00e9")));
      List<MultiProcessConfig> configs = Examples.config();
      check("config from text", configs.get(1), configs.get(0));
      ProcessReport report = Examples.goodAndFailed(dir);
      check("report computed", report.itemsComputed(), 2L);
      check("report failed", report.itemsFailed(), 1L);
    } finally {
      deleteTree(dir); // 100,000 squares: about 400 MB that each build would leave behind
    }

    System.out.println(
        "consumer OK: the Javadoc's examples give what they say; "
            + "WorkerCount.parse(\"50%\").resolve(4) = " + resolved + "; "
            + INTERNAL + " is not exported by " + library + " and reflective access to "
            + scopes.getName() + ".factory() throws IllegalAccessException");
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
