package zensols.multi.stash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The default methods of {@link Stash}: get, values, items and size built on keys and load. */
class StashDefaultsTest {

  /** A minimal stash implementing only the abstract methods, with a key that vanishes. */
  static final class MinimalStash implements Stash<String> {
    final Map<String, String> data = new ConcurrentHashMap<>();
    final Set<String> phantomKeys = new LinkedHashSet<>();
    int loads;

    @Override
    public Optional<String> load(String key) {
      loads++;
      return Optional.ofNullable(data.get(key));
    }

    @Override
    public boolean exists(String key) {
      return data.containsKey(key);
    }

    @Override
    public void dump(String key, String value) {
      data.put(key, value);
    }

    @Override
    public boolean delete(String key) {
      return data.remove(key) != null;
    }

    @Override
    public void clear() {
      data.clear();
    }

    @Override
    public Set<String> keys() {
      Set<String> keys = new LinkedHashSet<>(data.keySet());
      keys.addAll(phantomKeys);
      return Set.copyOf(keys);
    }
  }

  @Test
  void dumpAllStoresEachEntryLazilyInOrderAndKeepsThoseBeforeAFailure() {
    MinimalStash stash = new MinimalStash();
    List<String> seen = new java.util.ArrayList<>();
    Iterable<Map.Entry<String, String>> lazy =
        () ->
            java.util.stream.Stream.of("a", "b", "c")
                .peek(seen::add)
                .map(k -> Map.entry(k, k.toUpperCase(java.util.Locale.ROOT)))
                .iterator();
    assertEquals(3, stash.dumpAll(lazy));
    assertEquals(List.of("a", "b", "c"), seen);
    assertEquals(Map.of("a", "A", "b", "B", "c", "C"), stash.data);

    Iterable<Map.Entry<String, String>> failing =
        () ->
            java.util.stream.Stream.of("x", "boom")
                .map(
                    k -> {
                      if (k.equals("boom")) {
                        throw new IllegalStateException("boom");
                      }
                      return Map.entry(k, k);
                    })
                .iterator();
    assertThrows(IllegalStateException.class, () -> stash.dumpAll(failing));
    assertEquals("x", stash.data.get("x"));
  }

  @Test
  void getDelegatesToLoadAndDefaultIsUsedOnlyWhenAbsent() {
    MinimalStash stash = new MinimalStash();
    stash.dump("a", "1");
    assertEquals(Optional.of("1"), stash.get("a"));
    assertEquals(1, stash.loads);
    assertEquals("1", stash.get("a", "dflt"));
    assertEquals("dflt", stash.get("b", "dflt"));
    assertEquals(Optional.empty(), stash.get("b"));
  }

  @Test
  void getWithNullDefaultIsRejected() {
    MinimalStash stash = new MinimalStash();
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> stash.get("a", TestNulls.string()));
    assertEquals("defaultValue", Thrown.message(e));
  }

  @Test
  void valuesAndItemsSkipKeysThatVanishedBetweenKeysAndLoad() {
    MinimalStash stash = new MinimalStash();
    stash.dump("a", "1");
    stash.dump("b", "2");
    stash.phantomKeys.add("gone");
    assertEquals(3, stash.size());
    assertEquals(Set.of("1", "2"), Set.copyOf(stash.values().toList()));
    assertEquals(
        Map.of("a", "1", "b", "2"),
        stash.items().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
  }

  @Test
  void valuesAreLazy() {
    MinimalStash stash = new MinimalStash();
    for (int i = 0; i < 10; i++) {
      stash.dump("k" + i, "v" + i);
    }
    List<String> first = stash.values().limit(2).toList();
    assertEquals(2, first.size());
    assertEquals(2, stash.loads, "only the values consumed are loaded");
  }
}
