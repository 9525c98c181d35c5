package zensols.multi.stash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReadOnlyStashTest {

  /** Squares the key's number: creates values it cannot store. */
  static final class SquareStash extends ReadOnlyStash<Integer> {
    SquareStash(boolean strict) {
      super(strict);
    }

    SquareStash() {}

    @Override
    public Optional<Integer> load(String key) {
      try {
        int n = Integer.parseInt(key);
        return n >= 0 && n < 5 ? Optional.of(n * n) : Optional.empty();
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    @Override
    public boolean exists(String key) {
      return load(key).isPresent();
    }

    @Override
    public Set<String> keys() {
      return Set.of("0", "1", "2", "3", "4");
    }
  }

  @Test
  void defaultIsNotStrictAndIgnoresWrites() {
    SquareStash stash = new SquareStash();
    assertFalse(stash.isStrict());
    stash.dump("3", 100);
    assertEquals(Optional.of(9), stash.load("3"));
    assertFalse(stash.delete("3"));
    stash.clear();
    assertEquals(5, stash.size());
    assertEquals(30, stash.values().mapToInt(Integer::intValue).sum());
  }

  @Test
  void strictThrowsNamingTheClassAndKey() {
    SquareStash stash = new SquareStash(true);
    assertTrue(stash.isStrict());
    UnsupportedOperationException dump =
        assertThrows(UnsupportedOperationException.class, () -> stash.dump("3", 100));
    assertTrue(Thrown.message(dump).contains("\"3\""), Thrown.message(dump));
    assertTrue(Thrown.message(dump).contains(SquareStash.class.getName()), Thrown.message(dump));
    UnsupportedOperationException delete =
        assertThrows(UnsupportedOperationException.class, () -> stash.delete("4"));
    assertTrue(Thrown.message(delete).contains("delete key \"4\""), Thrown.message(delete));
    UnsupportedOperationException clear =
        assertThrows(UnsupportedOperationException.class, stash::clear);
    assertTrue(Thrown.message(clear).contains(SquareStash.class.getName()), Thrown.message(clear));
    assertEquals(Optional.of(16), stash.load("4"));
  }

  @Test
  void nullArgumentsAreRejectedInBothModes() {
    for (boolean strict : new boolean[] {false, true}) {
      SquareStash stash = new SquareStash(strict);
      assertEquals(
          "value",
          assertThrows(NullPointerException.class, () -> stash.dump("1", TestNulls.nullOf(Integer.class)))
              .getMessage());
      assertEquals(
          "key",
          assertThrows(NullPointerException.class, () -> stash.delete(TestNulls.string()))
              .getMessage());
    }
  }
}
