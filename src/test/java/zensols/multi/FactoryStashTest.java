package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import zensols.multi.stash.Codec;
import zensols.multi.stash.DirectoryStash;
import zensols.multi.stash.MemoryStash;
import zensols.multi.stash.PreemptiveStash;

/** The original's factory and robust stash behaviour. */
class FactoryStashTest {
  private static final Set<String> NINE =
      IntStream.range(0, 9).mapToObj(Integer::toString).collect(Collectors.toSet());

  private static MultiProcessConfig config(String processor) {
    return new MultiProcessConfig(2, WorkerCount.allProcessors(), Processor.of(processor));
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void aFactoryStashOfNineItemsHasNineValues(String processor) {
    CountingFactory factory = new CountingFactory(9);
    MultiProcessFactoryStash<String> stash =
        new MultiProcessFactoryStash<>("factory", new MemoryStash<>(), factory, config(processor),
            EnablePreemptive.FALSE);
    assertEquals(9, stash.size());
    assertEquals(NINE, stash.keys());
    assertEquals("value-4", stash.load("4").orElseThrow());
    assertEquals(9, stash.values().count());
    assertEquals(9, factory.totalLoads(), "each value is created once");
  }

  @Test
  void defaultsAreTheOriginals() {
    MultiProcessFactoryStash<String> stash =
        new MultiProcessFactoryStash<>("f", new MemoryStash<>(), new CountingFactory(1));
    assertEquals(ChunkSize.of(0), stash.chunkSize());
    assertEquals(WorkerCount.allProcessors(), stash.workers());
    assertInstanceOf(PoolProcessor.class, stash.processor());
    assertEquals(EnablePreemptive.FALSE, stash.enablePreemptive());
  }

  @Test
  void clearClearsTheFactoryToo() {
    MemoryStash<String> factory = new MemoryStash<>();
    factory.dump("a", "A");
    MultiProcessFactoryStash<String> stash =
        new MultiProcessFactoryStash<>("f", new MemoryStash<>(), factory);
    assertEquals(Set.of("a"), stash.keys());
    stash.clear();
    assertEquals(0, factory.size());
    assertEquals(0, stash.size());
  }

  @Test
  void alwaysRunsTheWorkOncePerInstance() {
    MemoryStash<String> delegate = new MemoryStash<>();
    CountingFactory factory = new CountingFactory(3);
    new MultiProcessFactoryStash<>("f", delegate, factory, config("single"), EnablePreemptive.FALSE)
        .prime();
    assertEquals(3, factory.totalLoads());

    MultiProcessFactoryStash<String> always =
        new MultiProcessFactoryStash<>("f", delegate, factory, config("single"),
            EnablePreemptive.ALWAYS);
    always.prime();
    always.keys();
    assertEquals(6, factory.totalLoads(), "runs again although the delegate is complete, once");

    new MultiProcessFactoryStash<>("f", delegate, factory, config("single"), EnablePreemptive.FALSE)
        .prime();
    assertEquals(6, factory.totalLoads());
  }

  @Test
  void enablePreemptiveParsesTheOriginalsText() {
    assertEquals(EnablePreemptive.ALWAYS, EnablePreemptive.parse("always"));
    assertEquals(EnablePreemptive.TRUE, EnablePreemptive.parse("True"));
    assertEquals(EnablePreemptive.FALSE, EnablePreemptive.parse(" false "));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EnablePreemptive.parse("sometimes"));
    assertTrue(Messages.of(e).contains("\"sometimes\""), Messages.of(e));
  }

  @ParameterizedTest
  @ValueSource(strings = {"invalidate", "size", "load"})
  void aRobustStashWhoseDelegateLostThreeFilesGetsExactlyThoseBack(String access, @TempDir Path dir)
      throws Exception {
    Path values = dir.resolve("values");
    CountingFactory factory = new CountingFactory(9);
    MultiProcessRobustStash<String> first =
        new MultiProcessRobustStash<>("robust", new DirectoryStash<>(values, Codec.utf8()), factory);
    assertEquals(9, first.size());
    for (String lost : List.of("1", "5", "8")) {
      Files.delete(values.resolve(lost));
    }
    factory.loads.clear();

    MultiProcessRobustStash<String> fresh =
        new MultiProcessRobustStash<>("robust", new DirectoryStash<>(values, Codec.utf8()), factory);
    switch (access) {
      case "invalidate" -> fresh.invalidate();
      case "size" -> assertEquals(9, fresh.size());
      default -> assertEquals("value-5", fresh.load("5").orElseThrow());
    }
    assertEquals(new TreeSet<>(Set.of("1", "5", "8")), factory.loadedKeys());
    assertEquals(3, factory.totalLoads(), "only the missing keys are computed, each once");
    assertEquals(NINE, new DirectoryStash<>(values, Codec.utf8()).keys());
  }

  @Test
  void invalidateRecoversFilesDeletedUnderTheStashsNose(@TempDir Path dir) throws Exception {
    CountingFactory factory = new CountingFactory(9);
    MultiProcessRobustStash<String> stash =
        new MultiProcessRobustStash<>("robust", new DirectoryStash<>(dir.resolve("v"), Codec.utf8()),
            factory);
    assertEquals(9, stash.size());
    Files.delete(dir.resolve("v").resolve("2"));
    assertEquals(8, stash.size(), "the stash does not look again by itself");
    stash.invalidate();
    assertEquals(9, stash.size());
    assertEquals(2, java.util.Objects.requireNonNull(factory.loads.get("2")).get());
  }

  @Test
  void failuresAreRecordedSurviveARestartAndCanBeReprocessed(@TempDir Path dir) {
    Path values = dir.resolve("values");
    CountingFactory factory = new CountingFactory(9);
    factory.failing.addAll(Set.of("2", "7"));
    MultiProcessRobustStash<String> stash =
        new MultiProcessRobustStash<>("robust", new DirectoryStash<>(values, Codec.utf8()), factory);

    assertEquals(NINE, stash.keys());
    assertEquals(9, stash.size());
    assertEquals(
        List.of("2", "7"), stash.iterFailures().stream().map(Failure::key).toList());
    Failure failure = stash.iterFailures().get(0);
    assertEquals(IllegalStateException.class.getName(), failure.exceptionType());
    assertEquals("cannot create 2", failure.message());
    assertTrue(failure.stackTrace().contains("CountingFactory.load"), failure.stackTrace());
    ItemFailedException e = assertThrows(ItemFailedException.class, () -> stash.load("7"));
    assertEquals("7", e.failure().key());
    assertTrue(Messages.of(e).contains("\"7\""), Messages.of(e));
    assertThrows(ItemFailedException.class, () -> stash.get("2"));
    assertTrue(stash.exists("2"));
    assertThrows(ItemFailedException.class, () -> stash.values().toList());

    MultiProcessRobustStash<String> restarted =
        new MultiProcessRobustStash<>("robust", new DirectoryStash<>(values, Codec.utf8()), factory);
    assertEquals(2, restarted.iterFailures().size(), "failures survive a restart");
    assertEquals(1, java.util.Objects.requireNonNull(factory.loads.get("2")).get(), "a recorded failure is not retried by itself");

    factory.failing.clear();
    assertEquals(Set.of("2", "7"), restarted.reprocessFailures());
    assertTrue(restarted.iterFailures().isEmpty());
    assertEquals("value-7", restarted.load("7").orElseThrow());
    assertEquals(9, restarted.values().count());
    assertTrue(Files.exists(dir.resolve("values.failures")));
    assertEquals(Set.of(), new DirectoryStash<>(dir.resolve("values.failures"), Failure.codec()).keys());
  }

  @Test
  void withoutProtectedWorkThePrimeThrowsTheFactorysException() {
    CountingFactory factory = new CountingFactory(9);
    factory.failing.add("7");
    MemoryStash<String> delegate = new MemoryStash<>();
    MultiProcessRobustStash<String> stash =
        new MultiProcessRobustStash<>("robust", delegate, factory,
            new MultiProcessConfig(1, WorkerCount.of(1), Processor.single()), false,
            new MemoryStash<>());
    ChunkFailedException e = assertThrows(ChunkFailedException.class, stash::prime);
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertEquals("cannot create 7", Messages.of(java.util.Objects.requireNonNull(e.getCause())));
    assertEquals(7, e.chunkId());
    assertFalse(delegate.exists("7"));
    assertEquals(7, delegate.size(), "the keys before the failure stay");
  }

  @Test
  void deleteForgetsAFailure() {
    CountingFactory factory = new CountingFactory(3);
    factory.failing.add("1");
    MultiProcessRobustStash<String> stash =
        new MultiProcessRobustStash<>("robust", new MemoryStash<>(), factory);
    assertEquals(3, stash.size());
    assertTrue(stash.delete("1"));
    assertTrue(stash.iterFailures().isEmpty());
    assertEquals(Set.of("0", "2"), stash.keys());
  }

  /** A factory whose data exists only once it is primed; counts its primes. */
  private static final class PrimingFactory extends zensols.multi.stash.DelegateStash<String>
      implements zensols.multi.stash.PrimeableStash<String> {
    final java.util.concurrent.atomic.AtomicInteger primes =
        new java.util.concurrent.atomic.AtomicInteger();

    PrimingFactory() {
      super(new MemoryStash<>());
    }

    @Override
    public void prime() {
      if (primes.incrementAndGet() == 1) {
        delegate().dump("a", "A");
        delegate().dump("b", "B");
      }
    }
  }

  @Test
  void aPrimeableFactoryIsPrimedFirstOncePerPrime() {
    PrimingFactory factory = new PrimingFactory();
    java.util.concurrent.atomic.AtomicInteger primes = factory.primes;
    MultiProcessFactoryStash<String> stash =
        new MultiProcessFactoryStash<>("f", new MemoryStash<>(), factory);
    assertEquals(Set.of("a", "b"), stash.keys(), "the factory's data exists before its keys are read");
    stash.load("a");
    stash.size();
    assertEquals(1, primes.get(), "primed once, not on every access");
  }

  @Test
  void trueCreatesValuesOneByOneWhenAPreemptiveFactoryHasData() {
    MemoryStash<String> delegate = new MemoryStash<>();
    CountingFactory factory = new CountingFactory(5);
    PreemptiveStash<String> preemptive = new PreemptiveStash<>(factory);
    MultiProcessFactoryStash<String> stash =
        new MultiProcessFactoryStash<>("f", delegate, preemptive, config("pool"),
            EnablePreemptive.TRUE);
    assertEquals("value-3", stash.load("3").orElseThrow());
    assertEquals(1, factory.totalLoads(), "no bulk prime: only the key asked for");
    assertEquals(Set.of("3"), delegate.keys());
    assertTrue(stash.lastReport().isEmpty());
  }
}
