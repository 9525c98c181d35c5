import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import zensols.multi.ChunkSize;
import zensols.multi.MultiProcessConfig;
import zensols.multi.MultiProcessStash;
import zensols.multi.Processor;
import zensols.multi.WorkerCount;
import zensols.multi.stash.MemoryStash;

/**
 * The prime behind docs/auto-prime.png: 3,000 items primed with chunk size auto on 2 pool
 * workers; the first 1,500 items cost about 0.1 ms of SHA-256, the others about 1 ms: the cost per
 * item changes ten-fold half-way. A first prime of another stash ({@code warm-up}) lets the JIT
 * compile SHA-256 first, so that the recorded prime shows the steady state (plot.sh keeps only the
 * events of {@code auto-demo}). Run by docs/jfr/plot.sh under -XX:StartFlightRecording.
 */
public class RecordPrime {
  static final int ITEMS = 3000;
  static final int ROUNDS = Integer.getInteger("rounds", 16_000); // about 1 ms

  static String work(int item) throws Exception {
    int rounds = item < ITEMS / 2 ? ROUNDS / 10 : ROUNDS;
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] digest = Integer.toString(item).getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < rounds; i++) {
      digest = sha.digest(digest);
    }
    return Integer.toHexString(digest[0]);
  }

  public static void main(String[] args) {
    MultiProcessConfig config =
        new MultiProcessConfig(ChunkSize.auto(), WorkerCount.of(2), Processor.pool());
    stash("warm-up", config).prime();
    MultiProcessStash<Integer, String> stash = stash("auto-demo", config);
    stash.prime();
    System.out.println(stash.lastReport().orElseThrow());
  }

  static MultiProcessStash<Integer, String> stash(String name, MultiProcessConfig config) {
    return new MultiProcessStash<>(name, new MemoryStash<>(), config) {
          @Override
          protected Stream<Integer> createData() {
            return IntStream.range(0, ITEMS).boxed();
          }

          @Override
          protected Iterable<Map.Entry<String, String>> process(List<Integer> chunk)
              throws Exception {
            List<Map.Entry<String, String>> values = new ArrayList<>();
            for (int item : chunk) {
              values.add(Map.entry(Integer.toString(item), work(item)));
            }
            return values;
          }
        };
  }
}
