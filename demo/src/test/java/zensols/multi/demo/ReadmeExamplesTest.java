package zensols.multi.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * README's {@code ```java} blocks, taken from README.md itself, compiled with
 * {@link javax.tools.JavaCompiler} against the library this build made, and run: README and what
 * the build checks cannot diverge. A block is one of:
 *
 * <ul>
 *   <li>a <b>program</b> (it has a {@code static void main}): a whole compilation unit, printed
 *       with its imports and package (if any), compiled as {@code <its first class>.java} with
 *       {@code -Xlint:all -Werror} on the class path of the core, the sqlite module, slf4j and the
 *       demo's own classes (for the example that uses the demo's {@code FileFactory}), then run in
 *       an empty working directory, with the directory {@link #input} as its argument. It must end
 *       with status 0; if any of its lines ends in {@code // prints X}, its standard output must
 *       be exactly those {@code X}, one line each, in order;
 *   <li>a <b>module declaration</b> (it starts with {@code module}): compiled as
 *       {@code module-info.java} against the core on the module path;
 *   <li>a <b>fragment</b>, marked by the line {@code <!-- fragment: DECLARATIONS -->} right before
 *       the block (an HTML comment: not shown on the rendered page): compiled as the body of a
 *       method with those parameters (e.g. {@code MultiProcessRobustStash<String> stash}), with
 *       {@code java.util.*}, {@code zensols.multi.*} and {@code zensols.multi.stash.*} imported.
 * </ul>
 *
 * Any other {@code java} block fails the test, so a new block cannot go unchecked. Blocks in the
 * section "Running on a cluster" are left to the cluster module (they need Hazelcast, which this
 * module does not have).
 */
class ReadmeExamplesTest {
  private static final String CLUSTER_SECTION = "Running on a cluster";
  private static final Pattern PRINTS = Pattern.compile("//\\s*prints (.*)$");
  private static final Pattern CLASS =
      Pattern.compile("(?m)^(?:public\\s+)?(?:final\\s+)?class\\s+(\\w+)");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
  private static final Pattern FRAGMENT = Pattern.compile("^<!--\\s*fragment:(.*)-->\\s*$");

  /** A {@code java} block of README: its first line number, the line before it, its text. */
  record Block(int line, String heading, String before, String text) {
    @Override
    public String toString() {
      return "README.md:" + line + " (" + heading + ")";
    }
  }

  private Path stage;

  @BeforeEach
  void stage() throws IOException {
    stage = Files.createTempDirectory("zensols-multi-readme-test");
  }

  @AfterEach
  void cleanUp() throws IOException {
    try (Stream<Path> paths = Files.walk(stage)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    assertTrue(value != null && !value.isBlank(), "system property " + name + " is not set");
    return value;
  }

  /** README's {@code java} blocks, outside the cluster section. */
  static List<Block> blocks(List<String> lines) {
    List<Block> blocks = new ArrayList<>();
    String heading = "";
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("#")) {
        heading = line.replaceFirst("^#+\\s*", "");
      } else if (line.strip().equals("```java")) {
        int first = i + 1;
        StringBuilder text = new StringBuilder();
        for (i = first; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
          text.append(lines.get(i)).append('\n');
        }
        assertTrue(i < lines.size(), "README.md:" + first + ": a java block that never ends");
        if (!heading.equals(CLUSTER_SECTION)) {
          String before = first >= 2 ? lines.get(first - 2) : "";
          blocks.add(new Block(first + 1, heading, before, text.toString()));
        }
      }
    }
    return blocks;
  }

  private static List<Block> readmeBlocks() throws IOException {
    Path readme = Path.of(property("zensols.multi.readme"));
    return blocks(Files.readAllLines(readme, StandardCharsets.UTF_8));
  }

  @Test
  void readmeHasTheExamplesThisTestIsAbout() throws IOException {
    List<Block> blocks = readmeBlocks();
    // the first example, both forms, and the robust stash over the demo's FileFactory
    for (String name : List.of("Squares", "BuiltSquares", "Index")) {
      assertTrue(blocks.stream().anyMatch(b -> className(b.text()).equals(name)),
          "README has no program " + name + ": " + blocks);
    }
    long subclass = lines(program(blocks, "Squares"));
    long builder = lines(program(blocks, "BuiltSquares"));
    assertTrue(builder < subclass,
        "the builder form (" + builder + " lines) is not shorter than the subclass form ("
            + subclass + " lines)");
  }

  private static String program(List<Block> blocks, String name) {
    return blocks.stream().filter(b -> className(b.text()).equals(name)).findFirst()
        .orElseThrow().text();
  }

  private static long lines(String text) {
    return text.lines().count();
  }

  @TestFactory
  List<DynamicTest> everyJavaBlockOfReadmeCompilesAndRunsAsPrinted() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Block block : readmeBlocks()) {
      tests.add(DynamicTest.dynamicTest(block.toString(), () -> check(block)));
    }
    assertFalse(tests.isEmpty(), "README has no java block");
    return tests;
  }

  private void check(Block block) throws Exception {
    Path dir = Files.createTempDirectory(stage, "block-" + block.line() + "-");
    String text = block.text();
    Matcher fragment = FRAGMENT.matcher(block.before().strip());
    if (text.contains("static void main(")) {
      runProgram(block, dir);
    } else if (text.strip().startsWith("module ")) {
      Path source = Files.createDirectories(dir.resolve("src")).resolve("module-info.java");
      Files.writeString(source, text);
      compile(block, List.of(source), dir.resolve("classes"),
          List.of("--module-path", property("zensols.multi.demo.path")));
    } else if (fragment.matches()) {
      String wrapped = "import java.util.*;\nimport zensols.multi.*;\nimport zensols.multi.stash.*;\n"
          + "final class Fragment {\n  static void run(" + fragment.group(1).strip()
          + ") throws Exception {\n" + text + "  }\n}\n";
      Path source = Files.createDirectories(dir.resolve("src")).resolve("Fragment.java");
      Files.writeString(source, wrapped);
      compile(block, List.of(source), dir.resolve("classes"), List.of("-cp", classPath()));
    } else {
      fail(block + " is neither a program (static void main), a module declaration nor a block "
          + "marked <!-- fragment: DECLARATIONS --> on the line before it:\n" + text);
    }
  }

  private static String className(String text) {
    Matcher matcher = CLASS.matcher(text);
    return matcher.find() ? matcher.group(1) : "";
  }

  private static String classPath() {
    return property("zensols.multi.demo.classes") + File.pathSeparator
        + property("zensols.multi.demo.path");
  }

  private void runProgram(Block block, Path dir) throws Exception {
    String text = block.text();
    String name = className(text);
    assertFalse(name.isEmpty(), block + ": no class");
    Matcher pkg = PACKAGE.matcher(text);
    String qualified = pkg.find() ? pkg.group(1) + "." + name : name;
    Path source = dir.resolve("src").resolve(qualified.replace('.', '/') + ".java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, text);
    Path classes = dir.resolve("classes");
    compile(block, List.of(source), classes, List.of("-cp", classPath()));

    // the expected output: the "// prints X" comments, in order
    List<String> expected = new ArrayList<>();
    for (String line : text.lines().toList()) {
      Matcher prints = PRINTS.matcher(line);
      if (prints.find()) {
        expected.add(prints.group(1).strip());
      }
    }

    // the argument: a directory of two small files (the robust example indexes it)
    Path input = Files.createDirectories(dir.resolve("input"));
    Files.writeString(input.resolve("a.txt"), "one\ntwo\n");
    Files.writeString(input.resolve("b.txt"), "three\n");
    Path work = Files.createDirectories(dir.resolve("work"));
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classes + File.pathSeparator + classPath(), qualified, input.toString());
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
        .redirectError(dir.resolve("stderr").toFile());
    builder.environment().put("LC_ALL", "C");
    Process process = builder.start();
    byte[] out;
    try (var in = process.getInputStream()) {
      out = in.readAllBytes();
    }
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), block + ": the program did not end");
    String stdout = new String(out, StandardCharsets.UTF_8);
    String stderr = Files.readString(dir.resolve("stderr"));
    assertEquals(0, process.exitValue(),
        block + ": " + qualified + " failed\n" + stdout + "\n" + stderr);
    assertFalse(stdout.isBlank(), block + ": " + qualified + " printed nothing\n" + stderr);
    if (!expected.isEmpty()) {
      assertEquals(expected, stdout.lines().toList(),
          block + ": " + qualified + " does not print what README says\n" + stderr);
    }
  }

  private static void compile(Block block, List<Path> sources, Path classes, List<String> path)
      throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assertNotNull(compiler, "no system Java compiler: the test needs a JDK");
    Files.createDirectories(classes);
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter log = new StringWriter();
    boolean ok;
    try (StandardJavaFileManager files =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options = new ArrayList<>(List.of("--release", "21", "-proc:none",
          "-Xlint:all", "-Werror", "-d", classes.toString()));
      options.addAll(path);
      ok = compiler.getTask(log, files, diagnostics, options, null,
          files.getJavaFileObjectsFromPaths(sources)).call();
    }
    StringBuilder report = new StringBuilder();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      report.append(d.getKind()).append(" at block line ").append(d.getLineNumber()).append(": ")
          .append(d.getMessage(Locale.ROOT)).append('\n');
    }
    assertTrue(ok && diagnostics.getDiagnostics().isEmpty(),
        block + " does not compile as printed:\n" + report + log + "\n" + Files.readString(
            sources.get(0)));
  }
}
