package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A thread-safe log of concurrent events, in the order they happened, with assertions on that
 * order.
 */
final class Trail {
  private final List<String> events = new ArrayList<>();

  /** Appends an event. */
  synchronized void add(String event) {
    events.add(event);
  }

  /** A snapshot of the events so far. */
  synchronized List<String> events() {
    return List.copyOf(events);
  }

  synchronized boolean contains(String event) {
    return events.contains(event);
  }

  /** The position of {@code event}, failing if it never happened. */
  synchronized int indexOf(String event) {
    int i = events.indexOf(event);
    if (i < 0) {
      fail("event \"" + event + "\" did not happen; trail: " + events);
    }
    return i;
  }

  /** Asserts that every one of {@code expected} happened, in this order (others may interleave). */
  synchronized void assertInOrder(String... expected) {
    int from = 0;
    for (String event : expected) {
      int i = events.subList(from, events.size()).indexOf(event);
      if (i < 0) {
        fail("event \"" + event + "\" did not happen after position " + from + "; trail: " + events);
      }
      from += i + 1;
    }
  }

  /** Asserts that {@code first} happened before {@code second}. */
  void assertBefore(String first, String second) {
    int a = indexOf(first);
    int b = indexOf(second);
    assertTrue(a < b, () -> "\"" + first + "\" was not before \"" + second + "\"; trail: " + events());
  }

  /** Asserts that no event matches {@code matching}. */
  synchronized void assertNone(Predicate<String> matching, String what) {
    for (String event : events) {
      if (matching.test(event)) {
        fail(what + ": \"" + event + "\"; trail: " + events);
      }
    }
  }

  /** The number of events matching {@code matching} after position {@code from}. */
  synchronized long countAfter(int from, Predicate<String> matching) {
    return events.subList(from + 1, events.size()).stream().filter(matching).count();
  }

  @Override
  public synchronized String toString() {
    return events.toString();
  }
}
