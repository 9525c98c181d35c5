package zensols.multi.stash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NoopStashTest {

  @Test
  void keepsNothing() {
    NoopStash<String> stash = new NoopStash<>();
    stash.dump("a", "x");
    assertEquals(Optional.empty(), stash.load("a"));
    assertEquals(Optional.empty(), stash.get("a"));
    assertEquals("d", stash.get("a", "d"));
    assertFalse(stash.exists("a"));
    assertFalse(stash.delete("a"));
    assertEquals(Set.of(), stash.keys());
    assertEquals(0, stash.size());
    assertEquals(0, stash.values().count());
    stash.clear();
    assertEquals(Set.of(), stash.keys());
  }

  @Test
  void stillRejectsNulls() {
    NoopStash<String> stash = new NoopStash<>();
    assertThrows(NullPointerException.class, () -> stash.dump("a", TestNulls.string()));
    assertThrows(NullPointerException.class, () -> stash.load(TestNulls.string()));
  }
}
