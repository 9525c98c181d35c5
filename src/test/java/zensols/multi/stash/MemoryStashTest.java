package zensols.multi.stash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MemoryStashTest {

  @Test
  void dumpLoadExistsDelete() {
    MemoryStash<Integer> stash = new MemoryStash<>();
    assertEquals(Optional.empty(), stash.load("a"));
    assertFalse(stash.exists("a"));
    stash.dump("a", 1);
    stash.dump("b", 2);
    stash.dump("a", 3);
    assertEquals(Optional.of(3), stash.load("a"));
    assertEquals(Optional.of(2), stash.get("b"));
    assertTrue(stash.exists("a"));
    assertEquals(2, stash.size());
    assertEquals(Set.of("a", "b"), stash.keys());
    assertEquals(Set.of(3, 2), stash.values().collect(Collectors.toSet()));
    assertEquals(
        Map.of("a", 3, "b", 2),
        stash.items().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    assertTrue(stash.delete("a"));
    assertFalse(stash.delete("a"));
    assertEquals(Set.of("b"), stash.keys());
  }

  @Test
  void keysIsAnUnmodifiableSnapshot() {
    MemoryStash<String> stash = new MemoryStash<>();
    stash.dump("a", "x");
    Set<String> keys = stash.keys();
    stash.dump("b", "y");
    assertEquals(Set.of("a"), keys);
    assertThrows(UnsupportedOperationException.class, () -> keys.add("c"));
  }

  @Test
  void completionMarkIsClearedByClear() {
    MemoryStash<String> stash = new MemoryStash<>();
    assertFalse(stash.isComplete());
    stash.dump("a", "x");
    stash.markComplete();
    assertTrue(stash.isComplete());
    stash.dump("b", "y");
    assertTrue(stash.isComplete(), "dump leaves the mark");
    stash.clearComplete();
    assertFalse(stash.isComplete());
    stash.markComplete();
    stash.clear();
    assertFalse(stash.isComplete());
    assertEquals(0, stash.size());
    assertEquals(Set.of(), stash.keys());
  }

  @Test
  void nullsAreRejectedWithTheArgumentName() {
    MemoryStash<String> stash = new MemoryStash<>();
    assertEquals(
        "key", assertThrows(NullPointerException.class, () -> stash.load(TestNulls.string()))
            .getMessage());
    assertEquals(
        "value",
        assertThrows(NullPointerException.class, () -> stash.dump("a", TestNulls.string()))
            .getMessage());
    assertEquals(
        "key", assertThrows(NullPointerException.class, () -> stash.delete(TestNulls.string()))
            .getMessage());
  }
}
