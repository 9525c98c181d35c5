package zensols.multi;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import zensols.multi.stash.ReadOnlyStash;

/**
 * A factory of {@code n} values: key {@code "i"} has value {@code "value-i"}; counts the loads of
 * each key and fails on the keys in {@link #failing}.
 */
final class CountingFactory extends ReadOnlyStash<String> {
  final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();
  final Set<String> failing = ConcurrentHashMap.newKeySet();
  private final Set<String> keys;

  CountingFactory(int n) {
    this.keys =
        IntStream.range(0, n).mapToObj(Integer::toString).collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public Optional<String> load(String key) {
    loads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    if (failing.contains(key)) {
      throw new IllegalStateException("cannot create " + key);
    }
    return keys.contains(key) ? Optional.of("value-" + key) : Optional.empty();
  }

  @Override
  public boolean exists(String key) {
    return keys.contains(key);
  }

  @Override
  public Set<String> keys() {
    return keys;
  }

  int totalLoads() {
    return loads.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  Set<String> loadedKeys() {
    return new TreeSet<>(loads.keySet());
  }
}
