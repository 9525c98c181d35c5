package zensols.multi.hazelcast.example;

import com.hazelcast.core.HazelcastInstance;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import zensols.multi.Failure;
import zensols.multi.MultiProcessConfig;
import zensols.multi.MultiProcessRobustStash;
import zensols.multi.cluster.StashRegistry;
import zensols.multi.hazelcast.HazelcastMapStash;
import zensols.multi.hazelcast.MemberLauncher;
import zensols.multi.hazelcast.StashRegistrar;
import zensols.multi.stash.ReadOnlyStash;

/**
 * The example stash of README's cluster section: {@value #NAME}, whose key {@code "n"} has the
 * value {@code n²} (as text), on the maps {@value #NAME} and {@code squares.failures}. A member
 * runs it with {@code MemberLauncher --registrar zensols.multi.hazelcast.example.Squares}; {@link
 * SquaresClient} primes it.
 */
public final class Squares implements StashRegistrar {
  /** The stash's name, and its map's. */
  public static final String NAME = "squares";

  /** Creates the registrar, for {@link MemberLauncher}'s {@code --registrar}. */
  public Squares() {}

  /**
   * The stash, built the same way on the members and on the priming side.
   *
   * @param instance a member or a client
   * @param items how many keys: {@code "0"} to {@code items - 1} (only the priming side reads them)
   * @param config chunk size, workers and processor (only the priming side's is used)
   * @return the stash
   */
  public static MultiProcessRobustStash<String> stash(
      HazelcastInstance instance, int items, MultiProcessConfig config) {
    return new MultiProcessRobustStash<>(
        NAME,
        HazelcastMapStash.of(instance, NAME),
        new SquareFactory(items),
        config,
        true,
        HazelcastMapStash.of(instance, NAME + ".failures", Failure.codec()));
  }

  /**
   * Lists the keys {@code "0"} to {@code items - 1} (the priming side's data) and creates the
   * value of any key that is a non-negative integer (a member is not told how many there are).
   */
  private static final class SquareFactory extends ReadOnlyStash<String> {
    private final int items;

    SquareFactory(int items) {
      this.items = items;
    }

    @Override
    public Optional<String> load(String key) {
      long n = parse(key);
      return n < 0 ? Optional.empty() : Optional.of(Long.toString(n * n));
    }

    @Override
    public boolean exists(String key) {
      return parse(key) >= 0;
    }

    @Override
    public Set<String> keys() {
      return IntStream.range(0, items).mapToObj(Integer::toString).collect(Collectors.toSet());
    }

    private static long parse(String key) {
      try {
        long n = Long.parseLong(key);
        return n <= Integer.MAX_VALUE ? n : -1;
      } catch (NumberFormatException e) {
        return -1;
      }
    }
  }

  /** Registers {@value #NAME} on a member. */
  @Override
  public void register(HazelcastInstance instance, StashRegistry registry) {
    registry.register(stash(instance, 0, MultiProcessConfig.FACTORY_DEFAULT));
  }
}
