package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InterruptedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import zensols.multi.stash.MemoryStash;

/**
 * With protected work the robust stash records every failure of one item as a {@link Failure},
 * decides cancellation from the run's state, and creates a value on demand with the same failure
 * handling; {@code load} and {@code get} agree.
 */
class RobustFailureTest {
  private static final int N = 20;

  /** Throws the throwable without declaring it, as a factory in another language may. */
  @SuppressWarnings("unchecked")
  static <T extends Throwable> RuntimeException sneaky(Throwable e) throws T {
    throw (T) e;
  }

  @SuppressWarnings("InfiniteRecursion") // on purpose: a real StackOverflowError
  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }

  private static Supplier<Throwable> thrown(String what) {
    return switch (what) {
      case "stackOverflow" -> () -> {
        try {
          recurse(0);
          return new AssertionError("no overflow");
        } catch (StackOverflowError e) {
          return e;
        }
      };
      case "noClassDef" -> () -> new NoClassDefFoundError("com/example/Missing");
      case "timeout" -> () -> new InterruptedIOException("timeout");
      case "wrappedInterrupt" -> () -> new RuntimeException(new InterruptedException());
      case "checked" -> () -> new java.io.IOException("remote said no");
      default -> throw new IllegalArgumentException(what);
    };
  }

  private static MultiProcessRobustStash<String> robust(String kind, String key,
      Supplier<Throwable> failure, MemoryStash<Failure> failures) {
    HookedFactory factory = new HookedFactory(new CountingFactory(N), (k, value) -> {
      if (k.equals(key)) {
        throw sneaky(failure.get());
      }
      return value;
    });
    return new MultiProcessRobustStash<>("robust", new MemoryStash<>(), factory,
        new MultiProcessConfig(3, WorkerCount.of(2), Processor.of(kind)), true, failures);
  }

  /**
   * A stack overflow, a linkage error, a timeout nobody cancelled (an {@link
   * InterruptedIOException}, an interrupt wrapped by a library), a checked exception: the item's
   * own failure, recorded; the prime completes.
   */
  @ParameterizedTest
  @CsvSource({"pool,stackOverflow", "virtual,stackOverflow", "single,stackOverflow",
      "pool,noClassDef", "single,noClassDef", "pool,timeout", "virtual,timeout", "single,timeout",
      "pool,wrappedInterrupt", "virtual,wrappedInterrupt", "single,wrappedInterrupt",
      "pool,checked"})
  void oneItemsFailureIsRecordedAndThePrimeCompletes(String kind, String what) {
    MemoryStash<Failure> failures = new MemoryStash<>();
    Throwable[] seen = new Throwable[1];
    MultiProcessRobustStash<String> stash = robust(kind, "7", () -> {
      seen[0] = thrown(what).get();
      return seen[0];
    }, failures);
    assertEquals(N, stash.size());
    List<Failure> recorded = stash.iterFailures();
    assertEquals(1, recorded.size(), recorded::toString);
    assertEquals("7", recorded.get(0).key());
    assertEquals(seen[0].getClass().getName(), recorded.get(0).exceptionType());
    var e = assertThrows(ItemFailedException.class, () -> stash.load("7"));
    assertEquals("7", e.failure().key());
    assertEquals(N - 1, stash.delegate().size());
  }

  /** A {@link VirtualMachineError} other than a stack overflow fails the prime. */
  @ParameterizedTest
  @ValueSource(strings = {"pool", "single"})
  void anOutOfMemoryErrorFailsThePrime(String kind) {
    OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
    MultiProcessRobustStash<String> stash = robust(kind, "7", () -> oom, new MemoryStash<>());
    var e = assertThrows(ChunkFailedException.class, stash::size);
    assertSame(oom, e.getCause());
  }

  /** After a delete, {@code load} and {@code get} give the same answer: the value, created again. */
  @ParameterizedTest
  @ValueSource(strings = {"factory", "robust"})
  void loadAndGetAgreeAfterADelete(String which) {
    CountingFactory factory = new CountingFactory(6);
    MultiProcessConfig config = new MultiProcessConfig(2, WorkerCount.of(2), Processor.pool());
    MultiProcessFactoryStash<String> stash = which.equals("factory")
        ? new MultiProcessFactoryStash<>("agree", new MemoryStash<>(), factory, config,
            EnablePreemptive.FALSE)
        : new MultiProcessRobustStash<>("agree", new MemoryStash<>(), factory, config);
    assertEquals(6, stash.size());
    stash.delete("3");
    assertEquals(Optional.of("value-3"), stash.get("3"), "get");
    stash.delete("3");
    assertEquals(Optional.of("value-3"), stash.load("3"), "load");
    assertEquals(Optional.empty(), stash.get("no-such-key"));
    assertEquals(Optional.empty(), stash.load("no-such-key"));
    assertEquals(Set.of("0", "1", "2", "3", "4", "5"), stash.delegate().keys());
  }

  /** On-demand creation goes through the failure handling of a prime. */
  @ParameterizedTest
  @ValueSource(strings = {"load", "get"})
  void onDemandCreationRecordsAFailureAsAPrimeDoes(String how) {
    CountingFactory factory = new CountingFactory(6);
    MemoryStash<Failure> failures = new MemoryStash<>();
    MultiProcessRobustStash<String> stash = new MultiProcessRobustStash<>("on-demand",
        new MemoryStash<>(), factory,
        new MultiProcessConfig(2, WorkerCount.of(2), Processor.pool()), true, failures);
    assertEquals(6, stash.size());
    factory.failing.add("3");
    stash.delete("3");
    var e = assertThrows(ItemFailedException.class, () -> {
      if (how.equals("load")) {
        stash.load("3");
      } else {
        stash.get("3");
      }
    });
    assertEquals("3", e.failure().key());
    assertEquals(IllegalStateException.class.getName(), e.failure().exceptionType());
    assertEquals(Set.of("3"), failures.keys(), "recorded");
    assertInstanceOf(ItemFailedException.class,
        assertThrows(ItemFailedException.class, () -> stash.load("3")));
  }
}
