package zensols.multi.stash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DelegateStashTest {

  /** The plain forwarding stash; the constructor is protected, so a subclass opens it. */
  static final class Forwarding<V> extends DelegateStash<V> {
    Forwarding(Stash<V> delegate) {
      super(delegate);
    }
  }

  /** Upper-cases every loaded value, to check the derived methods use the override. */
  static final class Upper extends DelegateStash<String> {
    Upper(Stash<String> delegate) {
      super(delegate);
    }

    @Override
    public Optional<String> load(String key) {
      return super.load(key).map(String::toUpperCase);
    }
  }

  @Test
  void forwardsEveryOperation() {
    MemoryStash<String> memory = new MemoryStash<>();
    Forwarding<String> stash = new Forwarding<>(memory);
    assertSame(memory, stash.delegate());
    stash.dump("a", "x");
    assertEquals(Optional.of("x"), memory.load("a"));
    assertEquals(Optional.of("x"), stash.load("a"));
    assertEquals(Optional.of("x"), stash.get("a"));
    assertTrue(stash.exists("a"));
    memory.dump("b", "y");
    assertEquals(Set.of("a", "b"), stash.keys());
    assertEquals(2, stash.size());
    assertTrue(stash.delete("a"));
    assertFalse(memory.exists("a"));
    stash.clear();
    assertEquals(0, memory.size());
  }

  @Test
  void derivedMethodsUseTheSubclassOverrides() {
    MemoryStash<String> memory = new MemoryStash<>();
    memory.dump("a", "x");
    memory.dump("b", "y");
    Upper stash = new Upper(memory);
    assertEquals(Set.of("X", "Y"), stash.values().collect(Collectors.toSet()));
    assertEquals(
        Set.of("a=X", "b=Y"),
        stash.items().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.toSet()));
  }

  @Test
  void nullDelegateIsRejected() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> new Forwarding<String>(nullStash()));
    assertEquals("delegate", Thrown.message(e));
  }

  @SuppressWarnings("unchecked")
  private static Stash<String> nullStash() {
    return (Stash<String>) TestNulls.nullOf(Stash.class);
  }
}
