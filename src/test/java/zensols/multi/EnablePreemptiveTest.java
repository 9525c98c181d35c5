package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import zensols.multi.stash.MemoryStash;
import zensols.multi.stash.PreemptiveStash;

/**
 * {@link EnablePreemptive} decides "has data" as the original does: with {@code always}, never;
 * otherwise the delegate's own answer, and only when that is no, the setting is true and the
 * factory is a {@link PreemptiveStash}, the factory's answer.
 */
class EnablePreemptiveTest {
  private static final Set<String> ALL = Set.of("0", "1", "2", "3", "4");
  private static final MultiProcessConfig CONFIG =
      new MultiProcessConfig(2, WorkerCount.of(2), Processor.pool());

  @Test
  void falseRunsTheWorkWhenTheDelegateIsEmptyWhateverTheFactoryHas() {
    CountingFactory factory = new CountingFactory(5);
    MemoryStash<String> delegate = new MemoryStash<>();
    MultiProcessFactoryStash<String> stash = new MultiProcessFactoryStash<>("false", delegate,
        new PreemptiveStash<>(factory), CONFIG, EnablePreemptive.FALSE);
    assertEquals(ALL, stash.keys());
    assertEquals(ALL, delegate.keys(), "primed in bulk");
    assertEquals(5, factory.totalLoads());
  }

  @Test
  void trueWithAPlainFactoryRunsTheWork() {
    CountingFactory factory = new CountingFactory(5);
    MemoryStash<String> delegate = new MemoryStash<>();
    MultiProcessFactoryStash<String> stash = new MultiProcessFactoryStash<>("true-plain",
        delegate, factory, CONFIG, EnablePreemptive.TRUE);
    assertEquals(ALL, stash.keys(), "a plain factory is not asked: the work runs");
    assertEquals(5, stash.size());
    assertEquals(ALL, delegate.keys());
    assertTrue(stash.lastReport().isPresent());
  }

  @Test
  void trueWithAPreemptiveFactoryThatHasDataSkipsTheWork() {
    CountingFactory factory = new CountingFactory(5);
    MemoryStash<String> delegate = new MemoryStash<>();
    MultiProcessFactoryStash<String> stash = new MultiProcessFactoryStash<>("true-preemptive",
        delegate, new PreemptiveStash<>(factory), CONFIG, EnablePreemptive.TRUE);
    assertEquals("value-2", stash.load("2").orElseThrow());
    assertEquals(Set.of("2"), delegate.keys(), "no bulk prime");
    assertEquals(1, factory.totalLoads());
    assertTrue(stash.lastReport().isEmpty());
  }

  @Test
  void alwaysRunsTheWorkOncePerInstanceOverAFullDelegate() {
    CountingFactory factory = new CountingFactory(5);
    MemoryStash<String> delegate = new MemoryStash<>();
    for (String key : ALL) {
      delegate.dump(key, "old-" + key);
    }
    delegate.markComplete();
    MultiProcessFactoryStash<String> stash = new MultiProcessFactoryStash<>("always", delegate,
        factory, CONFIG, EnablePreemptive.ALWAYS);
    assertEquals("value-1", stash.load("1").orElseThrow(), "recomputed although complete");
    assertEquals(5, factory.totalLoads());
    stash.size();
    stash.keys();
    assertEquals(5, factory.totalLoads(), "once per instance");
    MultiProcessFactoryStash<String> next = new MultiProcessFactoryStash<>("always", delegate,
        factory, CONFIG, EnablePreemptive.ALWAYS);
    next.size();
    assertEquals(10, factory.totalLoads(), "again for a new instance");
  }
}
