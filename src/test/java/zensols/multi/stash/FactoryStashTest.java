package zensols.multi.stash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FactoryStashTest {

  /** Creates "v<key>" for keys 0..n-1 and counts how often each key was asked for. */
  static final class CountingFactory extends ReadOnlyStash<String> {
    final int n;
    final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
    boolean cleared;

    CountingFactory(int n) {
      this.n = n;
    }

    int asked(String key) {
      AtomicInteger count = asked.get(key);
      return count == null ? 0 : count.get();
    }

    @Override
    public Optional<String> load(String key) {
      asked.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      return exists(key) ? Optional.of("v" + key) : Optional.empty();
    }

    @Override
    public boolean exists(String key) {
      try {
        int i = Integer.parseInt(key);
        return i >= 0 && i < n;
      } catch (NumberFormatException e) {
        return false;
      }
    }

    @Override
    public Set<String> keys() {
      return java.util.stream.IntStream.range(0, n)
          .mapToObj(Integer::toString)
          .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void clear() {
      cleared = true;
    }
  }

  @Test
  void defaultsAreTheOriginals() {
    FactoryStash<String> stash = new FactoryStash<>(new MemoryStash<>(), new CountingFactory(1));
    assertTrue(stash.isDumpFactoryNones());
    assertFalse(stash.isForceClearFactory());
  }

  @Test
  void loadAsksTheFactoryOnceAndCachesInTheDelegate() {
    MemoryStash<String> cache = new MemoryStash<>();
    CountingFactory factory = new CountingFactory(9);
    FactoryStash<String> stash = new FactoryStash<>(cache, factory);
    assertSame(factory, stash.factory());
    assertSame(cache, stash.delegate());
    assertEquals(Optional.of("v3"), stash.load("3"));
    assertEquals(Optional.of("v3"), stash.load("3"));
    assertEquals(1, factory.asked("3"));
    assertEquals(Optional.of("v3"), cache.load("3"));
  }

  @Test
  void getConsultsOnlyTheDelegate() {
    MemoryStash<String> cache = new MemoryStash<>();
    CountingFactory factory = new CountingFactory(9);
    FactoryStash<String> stash = new FactoryStash<>(cache, factory);
    assertEquals(Optional.empty(), stash.get("4"));
    assertEquals("dflt", stash.get("4", "dflt"));
    assertEquals(0, factory.asked("4"));
    stash.load("4");
    assertEquals(Optional.of("v4"), stash.get("4"));
  }

  @Test
  void keysExistsAndValuesComeFromTheFactory() {
    MemoryStash<String> cache = new MemoryStash<>();
    FactoryStash<String> stash = new FactoryStash<>(cache, new CountingFactory(9));
    assertEquals(9, stash.size());
    assertTrue(stash.exists("8"));
    assertFalse(stash.exists("9"));
    assertEquals(0, cache.size(), "keys and exists do not load");
    assertEquals(9, stash.values().count());
    assertEquals(9, cache.size(), "values() loads and caches every value");
  }

  @Test
  void missesAreRememberedWhenDumpFactoryNones() {
    CountingFactory factory = new CountingFactory(3);
    FactoryStash<String> stash = new FactoryStash<>(new MemoryStash<>(), factory, true, false);
    assertEquals(Optional.empty(), stash.load("7"));
    assertEquals(Optional.empty(), stash.load("7"));
    assertEquals(1, factory.asked("7"));
    assertFalse(stash.delete("7"));
    assertEquals(Optional.empty(), stash.load("7"));
    assertEquals(2, factory.asked("7"), "delete forgets the miss");
    stash.clear();
    assertEquals(Optional.empty(), stash.load("7"));
    assertEquals(3, factory.asked("7"), "clear forgets the miss");
    stash.dump("7", "manual");
    assertEquals(Optional.of("manual"), stash.load("7"));
    stash.delete("7");
    assertEquals(Optional.empty(), stash.load("7"));
    assertEquals(4, factory.asked("7"));
  }

  @Test
  void missesAreAskedAgainWithoutDumpFactoryNones() {
    CountingFactory factory = new CountingFactory(3);
    FactoryStash<String> stash = new FactoryStash<>(new MemoryStash<>(), factory, false, false);
    assertEquals(Optional.empty(), stash.load("7"));
    assertEquals(Optional.empty(), stash.load("7"));
    assertEquals(2, factory.asked("7"));
  }

  @Test
  void clearLeavesTheFactoryUnlessForced() {
    MemoryStash<String> cache = new MemoryStash<>();
    CountingFactory factory = new CountingFactory(3);
    FactoryStash<String> stash = new FactoryStash<>(cache, factory);
    stash.load("1");
    stash.clear();
    assertEquals(0, cache.size());
    assertFalse(factory.cleared);

    CountingFactory forced = new CountingFactory(3);
    FactoryStash<String> forcing = new FactoryStash<>(new MemoryStash<>(), forced, true, true);
    assertTrue(forcing.isForceClearFactory());
    forcing.clear();
    assertTrue(forced.cleared);
  }

  @Test
  void deleteRemovesFromTheCacheOnly() {
    MemoryStash<String> cache = new MemoryStash<>();
    CountingFactory factory = new CountingFactory(3);
    FactoryStash<String> stash = new FactoryStash<>(cache, factory);
    stash.load("2");
    assertTrue(stash.delete("2"));
    assertFalse(cache.exists("2"));
    assertTrue(stash.exists("2"));
    assertEquals(Optional.of("v2"), stash.load("2"));
    assertEquals(2, factory.asked("2"));
  }
}
