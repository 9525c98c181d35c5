package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import zensols.multi.stash.Codec;
import zensols.multi.stash.DirectoryStash;
import zensols.multi.stash.ReadOnlyStash;

/**
 * Crash recovery, proven: a child JVM primes a robust {@link DirectoryStash} of {@value #ITEMS}
 * items on the pool processor ({@value #WORKERS} workers, chunks of {@value #CHUNK_SIZE}, so
 * several chunks are in flight) and is killed with SIGKILL ({@link Process#destroyForcibly()}) at
 * {@value #KILLS} moments spread over the run, then restarted, until a run completes. A child that
 * completes before its kill lands (a busy machine) is not a kill: a tenth of the values are then
 * deleted, as if lost, so that the next runs have work to be killed in, and the robust stash must
 * restore them.
 *
 * <p><b>Counting computations.</b> The child's factory appends the key, one line per key, to a
 * log file of that run before it computes the value; the line is written with one {@code write}
 * system call on a file opened for append, so it survives the kill of the process (SIGKILL cannot
 * lose what the kernel has accepted; a power loss could, and is not what this test simulates).
 * The value is then dumped by the worker: written to a temporary file and renamed over the key's
 * file.
 *
 * <p><b>What "exactly once" means.</b> A kill can land between the log line and the rename, so a
 * key can be computed and its value lost with the process. Precisely, the test asserts:
 *
 * <ol>
 *   <li>a key whose value file existed when a run started is never computed by that run (a value
 *       durably stored is never computed again);
 *   <li>within one run, every key is computed at most once, and a run that completes computes
 *       exactly the keys missing when it started;
 *   <li>a key computed by a killed run whose value did not land is computed again by a later run:
 *       these are the "keys recomputed"; since a worker dumps each value before it computes the
 *       next one, a kill loses at most one computed value per worker;
 *   <li>after every kill, every value file decodes to the right value (no file is partial or
 *       corrupt), and reopening the stash removes every temporary file;
 *   <li>at the end all {@value #ITEMS} values are present and correct, with the completion mark
 *       and no recorded failure.
 * </ol>
 *
 * <p>The test prints its tally: kills, keys recomputed, corrupt files (always 0). It runs the
 * child on the same structured-concurrency backend as the test JVM.
 */
class CrashRecoveryTest {
  static final int ITEMS = 20_000;
  static final int WORKERS = 4;
  static final int CHUNK_SIZE = 25;
  static final int KILLS = 24;
  /** How many SHA-256 rounds one value costs, so that a run lasts a few seconds. */
  static final int ROUNDS = 40;

  static final Codec<String> CODEC = Codec.serializable(String.class);
  private static final int LINE_BYTES = key(0).length() + 1;

  static String key(int i) {
    return String.format("k%05d", i);
  }

  static List<String> allKeys() {
    return IntStream.range(0, ITEMS).mapToObj(CrashRecoveryTest::key).toList();
  }

  /** The value of {@code key}: its name and an iterated SHA-256 of it, about 300 characters. */
  static String value(String key) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] digest = key.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(key).append(':');
    for (int i = 0; i < ROUNDS; i++) {
      digest = sha.digest(digest);
      if (i % 8 == 0) {
        sb.append(HexFormat.of().formatHex(digest));
      }
    }
    return sb.toString();
  }

  /** The child JVM: primes the robust stash; its factory logs each key before computing it. */
  public static final class Child {
    private Child() {}

    /**
     * Primes the stash.
     *
     * @param args the values directory and this run's log file
     * @throws Exception if the prime fails (the test then sees a non-zero exit)
     */
    public static void main(String[] args) throws Exception {
      Path values = Path.of(args[0]);
      Path log = Path.of(args[1]);
      Set<String> keys = Set.copyOf(allKeys());
      try (FileChannel channel =
          FileChannel.open(
              log,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND)) {
        ReadOnlyStash<String> factory =
            new ReadOnlyStash<>() {
              @Override
              public Optional<String> load(String key) {
                if (!keys.contains(key)) {
                  return Optional.empty();
                }
                ByteBuffer line = ByteBuffer.wrap((key + "\n").getBytes(StandardCharsets.UTF_8));
                try {
                  // one write(2) of a whole line, appended: the kernel has it once this returns
                  while (line.hasRemaining()) {
                    channel.write(line);
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
                return Optional.of(value(key));
              }

              @Override
              public boolean exists(String key) {
                return keys.contains(key);
              }

              @Override
              public Set<String> keys() {
                return keys;
              }
            };
        MultiProcessRobustStash<String> stash =
            new MultiProcessRobustStash<>(
                "crash",
                new DirectoryStash<>(values, CODEC),
                factory,
                new MultiProcessConfig(CHUNK_SIZE, WorkerCount.of(WORKERS), Processor.pool()));
        stash.prime();
        System.out.println("primed " + stash.lastReport().map(ProcessReport::items).orElse(0L));
      }
    }
  }

  private static String locationOf(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  /**
   * Starts the child on the class path (library, tests, slf4j-api), on this JVM's backend; it
   * primes the robust stash in {@code values} and logs each key it computes to {@code log}.
   */
  static Process startChild(Path values, Path log, Path stderr) throws Exception {
    String classPath =
        Stream.of(
                locationOf(MultiProcessStash.class),
                locationOf(Child.class),
                locationOf(LoggerFactory.class))
            .distinct()
            .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if ("structured".equals(System.getProperty("zensols.multi.test.expectedBackend"))) {
      command.add("--enable-preview");
    }
    command.addAll(
        List.of(
            "-XX:TieredStopAtLevel=1",
            "-Xshare:auto",
            "-cp",
            classPath,
            Child.class.getName(),
            values.toString(),
            log.toString()));
    return new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
        .start();
  }

  /** The keys a run logged, in order; a torn last line (never seen in practice) is dropped. */
  static List<String> computedKeys(Path log) throws IOException {
    if (!Files.exists(log)) {
      return List.of();
    }
    String text = Files.readString(log, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    if (end < 0) {
      return List.of();
    }
    return Arrays.asList(text.substring(0, end).split("\n"));
  }

  private static long loggedCount(Path log) {
    try {
      return Files.size(log) / LINE_BYTES;
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the directory held after a kill, before it was reopened. */
  private record Scan(Set<String> values, int temporaryFiles, List<String> corrupt) {}

  /** Decodes every value file, without the stash, so that nothing is cleaned up first. */
  private static Scan scan(Path values) throws IOException {
    Set<String> keys = new HashSet<>();
    int temps = 0;
    List<String> corrupt = new ArrayList<>();
    if (!Files.exists(values)) {
      return new Scan(keys, 0, corrupt);
    }
    try (Stream<Path> entries = Files.list(values)) {
      for (Path entry : entries.toList()) {
        String name = String.valueOf(entry.getFileName());
        if (name.startsWith(DirectoryStash.TEMP_PREFIX)) {
          temps++;
        } else if (!name.startsWith(".")) { // the mark, the lock, the format mark
          try {
            String read = CODEC.read(new ByteArrayInputStream(Files.readAllBytes(entry)));
            if (read.equals(value(name))) {
              keys.add(name);
            } else {
              corrupt.add(name + " (wrong value)");
            }
          } catch (IOException | RuntimeException e) {
            corrupt.add(name + " (" + e + ")");
          }
        }
      }
    }
    return new Scan(keys, temps, corrupt);
  }

  private static List<String> temporaryFiles(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .map(p -> String.valueOf(p.getFileName()))
          .filter(n -> n.startsWith(DirectoryStash.TEMP_PREFIX))
          .toList();
    }
  }

  @Test
  void killedTwentyFourTimesLosesNothingAndRecomputesOnlyMissingKeys(@TempDir Path tmp)
      throws Exception {
    long seed = Long.getLong("zensols.multi.test.crashSeed", System.nanoTime());
    Random random = new Random(seed);
    String context = "seed " + seed + " (rerun with -Dzensols.multi.test.crashSeed=" + seed + ")";
    Path values = tmp.resolve("values");
    Path failures = tmp.resolve("values.failures");
    Path stderr = tmp.resolve("child-stderr.txt");
    Set<String> all = Set.copyOf(allKeys());

    // kill moments: progress targets spread uniformly over the run; every fourth run is killed
    // at a random time instead, which may land while the JVM starts or lists the keys
    long[] targets =
        random.longs(KILLS, 0, (long) (ITEMS * 0.95)).sorted().toArray();
    Map<String, Integer> computations = new HashMap<>();
    Set<String> stored = new HashSet<>();
    int kills = 0;
    int temporaryFilesSeen = 0;
    int corruptFiles = 0;
    int maxLostInOneKill = 0;
    long start = System.nanoTime();
    int completedEarly = 0;
    for (int run = 0; ; run++) {
      boolean last = kills >= KILLS;
      Set<String> missingAtStart = new HashSet<>(all);
      missingAtStart.removeAll(stored);
      Path log = tmp.resolve("run-" + run + ".log");
      Process child = startChild(values, log, stderr);
      try {
        if (!last) {
          if (run % 4 == 3 && missingAtStart.size() > ITEMS / 4) {
            Thread.sleep(random.nextInt(50, 600));
          } else {
            // never so close to the end that the child may finish first
            long target =
                Math.min(Math.max(0, targets[kills] - stored.size()), missingAtStart.size() / 2);
            while (child.isAlive() && loggedCount(log) < target) {
              Thread.sleep(1);
            }
            Thread.sleep(random.nextInt(0, 3));
          }
          if (child.isAlive()) {
            child.destroyForcibly();
            kills++;
          } else {
            completedEarly++;
          }
        }
        assertTrue(child.waitFor(3, TimeUnit.MINUTES), "the child ended; " + context);
      } finally {
        child.destroyForcibly();
      }
      boolean completed = last || child.exitValue() == 0;
      if (completed) {
        assertEquals(0, child.exitValue(), () -> "the run completed; " + context + "\n"
            + readQuietly(stderr));
      }

      List<String> computed = computedKeys(log);
      Set<String> computedOnce = new HashSet<>(computed);
      assertEquals(computed.size(), computedOnce.size(),
          "run " + run + " computed a key twice; " + context);
      Set<String> computedAlreadyStored = new TreeSet<>(computedOnce);
      computedAlreadyStored.removeAll(missingAtStart);
      assertEquals(Set.of(), computedAlreadyStored,
          "run " + run + " computed keys that were stored when it started; " + context);
      for (String key : computed) {
        computations.merge(key, 1, Integer::sum);
      }

      Scan scan = scan(values);
      temporaryFilesSeen += scan.temporaryFiles();
      corruptFiles += scan.corrupt().size();
      assertEquals(List.of(), scan.corrupt(), "run " + run + ": every value file decodes; "
          + context);
      Set<String> appeared = new TreeSet<>(scan.values());
      appeared.removeAll(stored);
      appeared.removeAll(computedOnce);
      assertEquals(Set.of(), appeared, "run " + run + ": values no run computed; " + context);
      assertTrue(scan.values().containsAll(stored), "run " + run + ": a stored value vanished");

      // reopening removes the temporary files of the killed run
      DirectoryStash<String> reopened = new DirectoryStash<>(values, CODEC);
      new DirectoryStash<>(failures, Failure.codec());
      assertEquals(List.of(), temporaryFiles(values), "run " + run + ": temporary files remain");
      assertEquals(List.of(), temporaryFiles(failures), "run " + run + ": temporary files remain");
      assertEquals(scan.values(), reopened.keys(), "run " + run);

      Set<String> lost = new HashSet<>(computedOnce);
      lost.removeAll(scan.values());
      assertTrue(lost.size() <= WORKERS,
          "run " + run + " lost " + lost.size() + " computed values, more than one per"
              + " worker: " + new TreeSet<>(lost) + "; " + context);
      maxLostInOneKill = Math.max(maxLostInOneKill, lost.size());
      stored = new HashSet<>(scan.values());

      if (completed) {
        assertEquals(missingAtStart, computedOnce,
            "the completing run computed exactly the missing keys; " + context);
        if (last) {
          break;
        }
        // the child finished before its kill: lose a tenth of the values so that the next runs
        // have work to be killed in
        List<String> present = new ArrayList<>(new TreeSet<>(stored));
        Collections.shuffle(present, random);
        for (String key : present.subList(0, ITEMS / 10)) {
          Files.delete(values.resolve(key));
          stored.remove(key);
        }
      }
    }

    assertEquals(all, stored, "every value is present and correct");
    assertTrue(Files.isRegularFile(values.resolve(DirectoryStash.MARKER_NAME)), "complete mark");
    assertEquals(Set.of(), new DirectoryStash<>(failures, Failure.codec()).keys());
    int recomputed =
        computations.values().stream().mapToInt(n -> n - 1).sum();
    long everComputedTwice = computations.values().stream().filter(n -> n > 1).count();
    assertEquals(ITEMS, computations.size(), "every key was computed at least once");
    assertTrue(kills >= 20, "kills: " + kills);
    System.out.printf(
        "CrashRecoveryTest (%s backend): %d kills (%d runs completed before their kill),"
            + " %d keys recomputed (%d keys computed more than"
            + " once, at most %d lost in one kill), %d temporary files left by kills and removed"
            + " on reopening, %d corrupt files, %d/%d values present and correct, %.1f s; %s%n",
        System.getProperty("zensols.multi.test.expectedBackend", "?"),
        kills,
        completedEarly,
        recomputed,
        everComputedTwice,
        maxLostInOneKill,
        temporaryFilesSeen,
        corruptFiles,
        stored.size(),
        ITEMS,
        (System.nanoTime() - start) / 1e9,
        context);
    if (corruptFiles != 0) {
      fail("corrupt files: " + corruptFiles);
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }
}
