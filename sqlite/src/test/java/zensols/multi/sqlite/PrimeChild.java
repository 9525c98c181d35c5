package zensols.multi.sqlite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import zensols.multi.MultiProcessConfig;
import zensols.multi.MultiProcessRobustStash;
import zensols.multi.ProcessReport;
import zensols.multi.Processor;
import zensols.multi.WorkerCount;
import zensols.multi.stash.Codec;
import zensols.multi.stash.ReadOnlyStash;

/**
 * The child JVM of the crash and two-process tests: primes a robust stash of {@code items} keys
 * over the stash {@value #NAME} in a SQLite file, failures in the same file; its factory appends
 * each key, one line with one {@code write}, to a log file before it computes the value, so the
 * log survives a kill -9. Arguments: file, log, items, workers, chunk size, rounds, and {@code
 * wait} to print {@code ready} and wait for a line on standard input before priming.
 */
public final class PrimeChild {
  static final String NAME = "crash";
  static final Codec<String> CODEC = Codec.serializable(String.class);

  private PrimeChild() {}

  static String key(int i) {
    return String.format("k%05d", i);
  }

  static List<String> allKeys(int items) {
    return IntStream.range(0, items).mapToObj(PrimeChild::key).toList();
  }

  /** The value of {@code key}: its name and an iterated SHA-256 of it. */
  static String value(String key, int rounds) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] digest = key.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(key).append(':');
    for (int i = 0; i < rounds; i++) {
      digest = sha.digest(digest);
      if (i % 8 == 0) {
        sb.append(HexFormat.of().formatHex(digest));
      }
    }
    return sb.toString();
  }

  /**
   * Primes the stash.
   *
   * @param args file, log, items, workers, chunk size, rounds, [wait]
   * @throws Exception if the prime fails (the test sees a non-zero exit)
   */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    Path log = Path.of(args[1]);
    int items = Integer.parseInt(args[2]);
    int workers = Integer.parseInt(args[3]);
    int chunkSize = Integer.parseInt(args[4]);
    int rounds = Integer.parseInt(args[5]);
    boolean wait = args.length > 6 && args[6].equals("wait");
    Set<String> keys = Set.copyOf(allKeys(items));
    try (FileChannel channel =
            FileChannel.open(
                log, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        SqliteStash<String> values = SqliteStash.open(file, NAME, CODEC)) {
      ReadOnlyStash<String> factory =
          new ReadOnlyStash<>() {
            @Override
            public Optional<String> load(String key) {
              if (!keys.contains(key)) {
                return Optional.empty();
              }
              ByteBuffer line = ByteBuffer.wrap((key + "\n").getBytes(StandardCharsets.UTF_8));
              try {
                while (line.hasRemaining()) {
                  channel.write(line);
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              return Optional.of(value(key, rounds));
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
              NAME,
              values,
              factory,
              new MultiProcessConfig(chunkSize, WorkerCount.of(workers), Processor.pool()),
              true,
              values.failureStash());
      if (wait) {
        System.out.println("ready");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      }
      long start = System.nanoTime();
      stash.prime();
      System.out.printf(
          "primed %d %d%n",
          stash.lastReport().map(ProcessReport::items).orElse(0L),
          (System.nanoTime() - start) / 1_000_000);
    }
  }
}
