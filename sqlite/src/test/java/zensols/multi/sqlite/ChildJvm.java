package zensols.multi.sqlite;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;
import zensols.multi.MultiProcessStash;

/**
 * Starts a child JVM on the class path (core, this module, its tests, sqlite-jdbc, slf4j-api) with
 * native access enabled for the unnamed module, as a user on the class path would run it.
 */
final class ChildJvm {
  private ChildJvm() {}

  /** The flag the build passes for class-path JVMs (empty on JDK 21, where it is not needed). */
  static String nativeAccessFlag() {
    return System.getProperty("zensols.multi.test.nativeAccess", "--enable-native-access=ALL-UNNAMED");
  }

  private static String locationOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static ProcessBuilder command(Class<?> main, List<String> args) {
    String classPath =
        Stream.of(
                locationOf(MultiProcessStash.class),
                locationOf(SqliteStash.class),
                locationOf(ChildJvm.class),
                locationOf(org.sqlite.JDBC.class),
                locationOf(LoggerFactory.class))
            .distinct()
            .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String flag = nativeAccessFlag();
    if (!flag.isBlank()) {
      command.add(flag);
    }
    command.addAll(
        List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xmx256m", "-cp", classPath,
            main.getName()));
    command.addAll(args);
    return new ProcessBuilder(command);
  }

  /** What a child wrote to its standard error, or the exception reading it. */
  static String readQuietly(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }
}
