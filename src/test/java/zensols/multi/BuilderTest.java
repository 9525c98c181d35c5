package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zensols.multi.stash.DirectoryStash;
import zensols.multi.stash.MemoryStash;
import zensols.multi.stash.Stash;
import zensols.multi.stash.Codec;

/**
 * The Java-first API: {@link MultiProcess}'s builders and {@link StashFactory} build the same
 * stashes as the subclass API, with every option named and checked by {@code build()}.
 */
@SuppressWarnings("NullAway") // nulls passed and returned on purpose; messages read are set
class BuilderTest {

  private static <V> Map<String, V> contents(Stash<V> stash) {
    return stash.items().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue,
        (a, b) -> a, TreeMap::new));
  }

  private static MultiProcessStashBuilder<Integer, List<Integer>> range(
      int n, Stash<List<Integer>> delegate) {
    return MultiProcess.stash("range", delegate, () -> IntStream.range(0, n).boxed())
        .processChunk(chunk -> List.of(Map.entry(Integer.toString(chunk.get(0)), chunk)));
  }

  // ---- same behaviour as the subclass form ----

  @Test
  void processChunkGivesWhatTheSubclassGivesForEveryConfiguration() {
    for (int n : new int[] {0, 1, 7, 100}) {
      for (int chunkSize : new int[] {0, 1, 3, 1000}) {
        for (int workers : new int[] {1, 2, 4}) {
          for (Processor processor :
              List.of(Processor.pool(), Processor.virtual(), Processor.single())) {
            MultiProcessConfig config =
                new MultiProcessConfig(chunkSize, WorkerCount.of(workers), processor);
            RangeStash subclass = new RangeStash(n, new MemoryStash<>(), config);
            MultiProcessStash<Integer, List<Integer>> built =
                range(n, new MemoryStash<>()).config(config).build();
            assertEquals(contents(subclass), contents(built), n + " items, " + config);
            assertEquals(config, built.config());
          }
        }
      }
    }
  }

  /**
   * The squares of README's first example, both ways, over a memory stash (README's blocks
   * themselves are compiled and run by the demo module's ReadmeExamplesTest).
   */
  static final class Squares extends MultiProcessStash<Integer, Long> {
    Squares(Stash<Long> delegate) {
      super("squares", delegate, new MultiProcessConfig(1000, WorkerCount.parse("-1"),
          Processor.pool()));
    }

    @Override
    protected Stream<Integer> createData() {
      return IntStream.range(0, 10_000).boxed();
    }

    @Override
    protected Iterable<Map.Entry<String, Long>> process(List<Integer> chunk) {
      return chunk.stream().map(i -> Map.entry(Integer.toString(i), (long) i * i)).toList();
    }
  }

  @Test
  void processItemGivesWhatTheSubclassGives() {
    Squares subclass = new Squares(new MemoryStash<>());
    MultiProcessStash<Integer, Long> built =
        MultiProcess.stash("squares", new MemoryStash<Long>(),
                () -> IntStream.range(0, 10_000).boxed())
            .processItem(i -> Map.entry(Integer.toString(i), (long) i * i))
            .chunkSize(1000)
            .workers("-1")
            .build();
    assertEquals(144L, built.get("12").orElseThrow());
    assertEquals(10_000, built.size());
    assertEquals(contents(subclass), contents(built));
    assertEquals(subclass.config(), built.config());
    assertEquals(10, built.lastReport().orElseThrow().chunks());
  }

  @Test
  void theBuiltStashPrimesOnceAndNotAgainOverAFullDelegate() {
    AtomicInteger created = new AtomicInteger();
    MemoryStash<List<Integer>> delegate = new MemoryStash<>();
    MultiProcessStash<Integer, List<Integer>> first =
        MultiProcess.stash("range", delegate, () -> {
              created.incrementAndGet();
              return IntStream.range(0, 10).boxed();
            })
            .processChunk(chunk -> List.of(Map.entry(Integer.toString(chunk.get(0)), chunk)))
            .chunkSize(2)
            .build();
    assertEquals(5, first.size());
    first.keys();
    assertEquals(1, created.get());
    MultiProcessStash<Integer, List<Integer>> second = range(10, delegate).chunkSize(2).build();
    assertEquals(5, second.size());
    assertTrue(second.lastReport().isEmpty(), "a complete delegate runs no work");
  }

  // ---- defaults and every option ----

  @Test
  void defaultsAreTheOriginals() {
    MultiProcessStash<Integer, List<Integer>> stash = range(3, new MemoryStash<>()).build();
    assertInstanceOf(MultiProcessDefaultStash.class, stash);
    assertEquals(MultiProcessConfig.DEFAULT, stash.config());
    assertEquals("range", stash.name());

    StashFactory<Integer> factory = StashFactory.of(Set.of("a"), String::length);
    MultiProcessFactoryStash<Integer> fs =
        MultiProcess.factoryStash("f", new MemoryStash<>(), factory).build();
    assertEquals(MultiProcessConfig.FACTORY_DEFAULT, fs.config());
    assertEquals(EnablePreemptive.FALSE, fs.enablePreemptive());

    MultiProcessRobustStash<Integer> rs =
        MultiProcess.robustStash("r", new MemoryStash<>(), factory).build();
    assertEquals(MultiProcessConfig.FACTORY_DEFAULT, rs.config());
    assertTrue(rs.protectWork());
    assertInstanceOf(MemoryStash.class, rs.failures());
  }

  @Test
  void everyConfigurationOptionReachesTheStash() {
    Duration deadline = Duration.ofMinutes(3);
    MultiProcessStash<Integer, List<Integer>> stash =
        range(5, new MemoryStash<>())
            .deadline(deadline) // before the processor: applied to whichever is chosen
            .chunkSize(2)
            .workers(3)
            .processor(Processor.virtual())
            .build();
    assertEquals(new MultiProcessConfig(2, WorkerCount.of(3),
        Processor.virtual().withDeadline(deadline)), stash.config());
    assertEquals(WorkerCount.of(3), stash.workers());
    assertEquals(Processor.virtual().withDeadline(deadline), stash.processor());
    assertEquals(Optional.of(deadline), stash.processor().deadline());

    assertEquals(WorkerCount.parse("50%"),
        range(5, new MemoryStash<>()).workers("50%").build().workers());
    assertEquals(WorkerCount.allBut(1),
        range(5, new MemoryStash<>()).workers(WorkerCount.allBut(1)).build().workers());
    assertEquals(WorkerCount.allBut(2), range(5, new MemoryStash<>()).workers(-2).build().workers());
    assertEquals(WorkerCount.of(2),
        range(5, new MemoryStash<>()).workers(7).workers("2").build().workers(), "last one wins");
  }

  @Test
  void configIsTheBaseTheOtherOptionsChange() {
    MultiProcessConfig base = MultiProcessConfig.from(
        Map.of("chunk_size", "4", "workers", "2", "processor", "single"),
        MultiProcessConfig.DEFAULT);
    MultiProcessStash<Integer, List<Integer>> stash =
        range(5, new MemoryStash<>()).chunkSize(1).config(base).build();
    assertEquals(new MultiProcessConfig(1, WorkerCount.of(2), Processor.single()), stash.config());
    assertEquals(base, range(5, new MemoryStash<>()).config(base).build().config());
  }

  @Test
  void progressListenersHearThePrime() {
    List<String> heard = new CopyOnWriteArrayList<>();
    ProgressListener listener = new ProgressListener() {
      @Override
      public void chunkFinished(String stash, int chunkId, int items) {
        heard.add(stash + ":" + chunkId + ":" + items);
      }
    };
    MultiProcessStash<Integer, List<Integer>> stash =
        range(4, new MemoryStash<>()).chunkSize(2).processor(Processor.single())
            .progressListener(listener).build();
    stash.prime();
    assertEquals(List.of("range:0:2", "range:1:2"), heard);
  }

  @Test
  void factoryStashOptions() {
    MemoryStash<Integer> delegate = new MemoryStash<>();
    StashFactory<Integer> factory = StashFactory.of(Set.of("a", "bb", "ccc"), String::length);
    MultiProcessFactoryStash<Integer> stash =
        MultiProcess.factoryStash("lengths", delegate, factory)
            .chunkSize(1).workers(2).processor(Processor.virtual())
            .enablePreemptive(EnablePreemptive.TRUE)
            .build();
    assertEquals(EnablePreemptive.TRUE, stash.enablePreemptive());
    assertEquals(new MultiProcessConfig(1, WorkerCount.of(2), Processor.virtual()), stash.config());
    stash.prime();
    // TRUE asks only a preemptive factory, as the original: this one is not, so the work runs
    assertEquals(3, stash.lastReport().orElseThrow().chunks());
    assertSame(delegate, stash.delegate());

    MemoryStash<Integer> fresh = new MemoryStash<>();
    MultiProcessFactoryStash<Integer> computing =
        MultiProcess.factoryStash("lengths", fresh, factory).chunkSize(1).build();
    assertEquals(Map.of("a", 1, "bb", 2, "ccc", 3), contents(computing));
    assertEquals(Map.of("a", 1, "bb", 2, "ccc", 3), contents(fresh));
    assertEquals(3, computing.lastReport().orElseThrow().chunks());
  }

  @Test
  void robustStashOptions(@TempDir Path dir) throws IOException {
    StashFactory<Integer> factory =
        StashFactory.of(Set.of("1", "2", "x"), key -> Integer.parseInt(key) * 10);
    MemoryStash<Failure> failures = new MemoryStash<>();
    MultiProcessRobustStash<Integer> stash =
        MultiProcess.robustStash("numbers", new MemoryStash<>(), factory)
            .failures(failures).chunkSize(1).workers(2).build();
    assertSame(failures, stash.failures());
    assertEquals(Set.of("1", "2", "x"), stash.keys());
    assertEquals(List.of("x"), stash.iterFailures().stream().map(Failure::key).toList());
    assertEquals(NumberFormatException.class.getName(),
        failures.load("x").orElseThrow().exceptionType());
    assertEquals(20, stash.get("2").orElseThrow());

    // the default failure stash lies beside a DirectoryStash delegate
    MultiProcessRobustStash<Integer> onDisk =
        MultiProcess.robustStash("numbers",
                new DirectoryStash<>(dir.resolve("numbers"), Codec.serializable(Integer.class)),
                factory)
            .build();
    assertEquals(1, onDisk.iterFailures().size());
    assertTrue(Files.isDirectory(dir.resolve("numbers.failures")));

    // without protected work a failing item fails the prime, naming the stash
    MultiProcessRobustStash<Integer> unprotected =
        MultiProcess.robustStash("numbers", new MemoryStash<>(), factory).protectWork(false).build();
    assertFalse(unprotected.protectWork());
    ChunkFailedException e = assertThrows(ChunkFailedException.class, unprotected::prime);
    assertTrue(e.getMessage().contains("numbers"), e.getMessage());
    assertInstanceOf(NumberFormatException.class, e.getCause());
  }

  @Test
  void robustBuilderGivesWhatTheConstructorGivesAndResumes() {
    StashFactory<Integer> factory =
        StashFactory.of(IntStream.range(0, 50).mapToObj(Integer::toString).toList(),
            key -> Integer.parseInt(key) + 1);
    MemoryStash<Integer> delegate = new MemoryStash<>();
    MultiProcessRobustStash<Integer> constructed = new MultiProcessRobustStash<>(
        "n", new MemoryStash<>(), factory.asStash(), new MultiProcessConfig(7,
            WorkerCount.of(2), Processor.pool()));
    MultiProcessRobustStash<Integer> built = MultiProcess.robustStash("n", delegate, factory)
        .chunkSize(7).workers(2).build();
    assertEquals(contents(constructed), contents(built));
    assertEquals(constructed.config(), built.config());
    // resumes: a new instance over the same delegate computes only the deleted keys
    delegate.delete("3");
    delegate.delete("40");
    AtomicInteger calls = new AtomicInteger();
    MultiProcessRobustStash<Integer> again = MultiProcess.robustStash("n", delegate,
            StashFactory.of(factory.keys(), key -> {
              calls.incrementAndGet();
              return factory.create(key);
            }))
        .build();
    assertEquals(50, again.size());
    assertEquals(2, calls.get());
    assertEquals(4, again.get("3").orElseThrow());
  }

  @Test
  void factoryStashOverAFactoryStashAsTheOriginalDoes() {
    StashFactory<Integer> factory = StashFactory.of(Set.of("a", "bb"), String::length);
    MultiProcessFactoryStash<Integer> stash =
        MultiProcess.factoryStash("f", new MemoryStash<>(), factory.asStash()).build();
    assertEquals(Map.of("a", 1, "bb", 2), contents(stash));
  }

  @Test
  void chunkSizeTakesAChunkSizeOrItsText() {
    assertEquals(ChunkSize.auto(),
        range(3, new MemoryStash<>()).chunkSize(ChunkSize.auto()).build().chunkSize());
    assertEquals(ChunkSize.auto(), range(3, new MemoryStash<>()).chunkSize("auto").build().chunkSize());
    assertEquals(ChunkSize.of(7), range(3, new MemoryStash<>()).chunkSize("7").build().chunkSize());
    assertEquals(ChunkSize.even(), range(3, new MemoryStash<>()).chunkSize("0").build().chunkSize());
    MultiProcessStash<Integer, Integer> auto =
        MultiProcess.stash("items", new MemoryStash<Integer>(), () -> IntStream.range(0, 100).boxed())
            .processItem(i -> Map.entry(Integer.toString(i), i))
            .chunkSize(ChunkSize.auto())
            .build();
    assertEquals(100, auto.size());
    assertEquals(99, auto.get("99").orElseThrow());
    String text = buildFails(() -> range(3, new MemoryStash<>()).chunkSize("big").build());
    assertTrue(text.startsWith("stash 'range': invalid chunkSize(\"big\"): "), text);
    assertTrue(text.contains("big"), text);
  }

  // ---- validation by build() ----

  private static String buildFails(Runnable build) {
    return assertThrows(IllegalArgumentException.class, build::run).getMessage();
  }

  @Test
  void buildNamesTheOffendingOption() {
    assertEquals("stash 'range': invalid chunkSize(-1): chunk size -1 is negative",
        buildFails(() -> range(3, new MemoryStash<>()).chunkSize(-1).build())
            .replaceAll("chunk size -1 .*", "chunk size -1 is negative"));
    String workers = buildFails(() -> range(3, new MemoryStash<>()).workers("many").build());
    assertTrue(workers.startsWith("stash 'range': invalid workers(\"many\"): "), workers);
    assertTrue(workers.contains("many"), workers);
    String minValue =
        buildFails(() -> range(3, new MemoryStash<>()).workers(Integer.MIN_VALUE).build());
    assertTrue(minValue.startsWith("stash 'range': invalid workers(-2147483648): "), minValue);
    String deadline =
        buildFails(() -> range(3, new MemoryStash<>()).deadline(Duration.ZERO).build());
    assertTrue(deadline.startsWith("stash 'range': invalid deadline(PT0S): "), deadline);
    assertEquals("stash name \" \" is blank",
        buildFails(() -> MultiProcess.stash(" ", new MemoryStash<Integer>(), Stream::<Integer>empty)
            .processItem(i -> Map.entry("k", i)).build()));
    assertEquals("stash 'x': no work given: call processItem(...) or processChunk(...)",
        buildFails(() -> MultiProcess.stash("x", new MemoryStash<Integer>(), Stream::<Integer>empty)
            .build()));
    assertEquals("stash 'x': both processItem(...) and processChunk(...) given: choose one",
        buildFails(() -> MultiProcess.stash("x", new MemoryStash<Integer>(), Stream::<Integer>empty)
            .processItem(i -> Map.entry("k", i)).processChunk(c -> List.of()).build()));
    StashFactory<Integer> factory = StashFactory.of(Set.of("a"), String::length);
    String robust = buildFails(() -> MultiProcess.robustStash("r", new MemoryStash<>(), factory)
        .chunkSize(-5).build());
    assertTrue(robust.startsWith("stash 'r': invalid chunkSize(-5): "), robust);
    String root = buildFails(() -> MultiProcess.robustStash("r",
        new DirectoryStash<>(Path.of("/"), Codec.serializable(Integer.class)), factory).build());
    assertTrue(root.startsWith("stash 'r': invalid failures (default): "), root);
  }

  @Test
  void aBadOptionChangesNothingUntilFixed() {
    MultiProcessStashBuilder<Integer, List<Integer>> builder =
        range(3, new MemoryStash<>()).chunkSize(-1);
    assertThrows(IllegalArgumentException.class, builder::build);
    assertEquals(MultiProcessConfig.DEFAULT.withChunkSize(1), builder.chunkSize(1).build().config());
  }

  @Test
  void nullArgumentsAreNamedAtOnce() {
    MultiProcessStashBuilder<Integer, List<Integer>> builder = range(3, new MemoryStash<>());
    assertEquals("workers",
        assertThrows(NullPointerException.class, () -> builder.workers((String) null)).getMessage());
    assertEquals("processor",
        assertThrows(NullPointerException.class, () -> builder.processor(null)).getMessage());
    assertEquals("data", assertThrows(NullPointerException.class,
        () -> MultiProcess.stash("x", new MemoryStash<Integer>(), null)).getMessage());
    assertEquals("delegate", assertThrows(NullPointerException.class,
        () -> MultiProcess.stash("x", null, Stream::<Integer>empty)).getMessage());
  }

  // ---- lambdas that throw ----

  @Test
  void aThrowingItemFailsThePrimeWithItsException() {
    IOException io = new IOException("disk on fire");
    MemoryStash<Integer> delegate = new MemoryStash<>();
    MultiProcessStash<Integer, Integer> stash =
        MultiProcess.stash("fire", delegate, () -> IntStream.range(0, 6).boxed())
            .processItem(i -> {
              if (i == 4) {
                throw io;
              }
              return Map.entry(Integer.toString(i), i);
            })
            .chunkSize(2).processor(Processor.single())
            .build();
    ChunkFailedException e = assertThrows(ChunkFailedException.class, stash::prime);
    assertSame(io, e.getCause());
    assertEquals(2, e.chunkId());
    assertTrue(e.getMessage().contains("fire"), e.getMessage());
    assertEquals(Set.of("0", "1", "2", "3"), delegate.keys(), "values dumped before stay");
  }

  @Test
  void aThrowingChunkOrDataSupplierFailsThePrime() {
    IllegalStateException boom = new IllegalStateException("boom");
    MultiProcessStash<Integer, Integer> chunk =
        MultiProcess.stash("c", new MemoryStash<Integer>(), () -> Stream.of(1))
            .processChunk(c -> {
              throw boom;
            })
            .build();
    assertSame(boom, assertThrows(ChunkFailedException.class, chunk::prime).getCause());
    MultiProcessStash<Integer, Integer> data =
        MultiProcess.<Integer, Integer>stash("d", new MemoryStash<Integer>(), () -> {
              throw boom;
            })
            .processItem(i -> Map.entry("k", 1))
            .build();
    assertSame(boom, assertThrows(ChunkFailedException.class, data::prime).getCause());
  }

  @Test
  void aNullFromALambdaIsNamed() {
    MultiProcessStash<Integer, Integer> item =
        MultiProcess.stash("n", new MemoryStash<Integer>(), () -> Stream.of(41))
            .processItem(i -> null).build();
    Throwable cause = assertThrows(ChunkFailedException.class, item::prime).getCause();
    assertEquals("stash 'n': processItem returned null for item 41", cause.getMessage());
    MultiProcessStash<Integer, Integer> chunk =
        MultiProcess.stash("n", new MemoryStash<Integer>(), () -> Stream.of(1, 2))
            .processChunk(c -> null).build();
    assertEquals("stash 'n': processChunk returned null for a chunk of 2 items",
        assertThrows(ChunkFailedException.class, chunk::prime).getCause().getMessage());
    MultiProcessStash<Integer, Integer> data =
        MultiProcess.<Integer, Integer>stash("n", new MemoryStash<Integer>(), () -> null)
            .processItem(i -> Map.entry("k", 1)).build();
    assertEquals("stash 'n': the data supplier returned null",
        assertThrows(ChunkFailedException.class, data::prime).getCause().getMessage());
  }

  @Test
  void aThrowingFactoryIsRecordedAsAFailureByTheRobustStash() {
    StashFactory<String> factory = StashFactory.of(Set.of("ok", "io", "checked"), key ->
        switch (key) {
          case "io" -> throw new IOException("unreadable");
          case "checked" -> throw new Exception("checked");
          default -> "value of " + key;
        });
    MultiProcessRobustStash<String> stash =
        MultiProcess.robustStash("r", new MemoryStash<>(), factory).build();
    Map<String, String> types = new TreeMap<>();
    for (Failure failure : stash.iterFailures()) {
      types.put(failure.key(), failure.exceptionType());
    }
    assertEquals(Map.of(
        "io", UncheckedIOException.class.getName(),
        "checked", IllegalStateException.class.getName()), types);
    assertEquals("value of ok", stash.get("ok").orElseThrow());
  }

  // ---- StashFactory as a Stash ----

  @Test
  void aFactoryAsAStash() throws Exception {
    List<String> created = new ArrayList<>();
    StashFactory<Integer> factory = StashFactory.of(Set.of("a", "bb"), key -> {
      created.add(key);
      return key.length();
    });
    Stash<Integer> stash = factory.asStash();
    assertEquals(Set.of("a", "bb"), stash.keys());
    assertTrue(stash.exists("bb"));
    assertFalse(stash.exists("c"));
    assertEquals(Optional.of(2), stash.load("bb"));
    assertEquals(Optional.empty(), stash.load("c"));
    assertEquals(List.of("bb"), created, "an unlisted key creates nothing");
    stash.dump("c", 3); // ignored: read-only
    assertFalse(stash.exists("c"));
    assertEquals(1, factory.create("a"));

    AtomicInteger asked = new AtomicInteger();
    StashFactory<Integer> live = StashFactory.of(() -> {
      asked.incrementAndGet();
      return Set.of("k" + asked.get());
    }, String::length);
    assertEquals(Set.of("k1"), live.keys());
    assertEquals(Set.of("k2"), live.keys(), "a supplier is asked each time");
  }

  @Test
  void anInterruptedFactoryKeepsTheInterrupt() {
    Stash<Integer> stash = StashFactory.<Integer>of(Set.of("a"), key -> {
      throw new InterruptedException("stop");
    }).asStash();
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> stash.load("a"));
      assertInstanceOf(InterruptedException.class, e.getCause());
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }

  // ---- WorkerCount.allBut ----

  @Test
  void allButIsOfMinusK() {
    for (int k = 1; k < 10; k++) {
      assertEquals(WorkerCount.of(-k), WorkerCount.allBut(k));
      assertEquals(Math.max(1, 8 - k), WorkerCount.allBut(k).resolve(8));
      assertEquals("-" + k, WorkerCount.allBut(k).toString());
    }
    String message =
        assertThrows(IllegalArgumentException.class, () -> WorkerCount.allBut(0)).getMessage();
    assertTrue(message.contains("0"), message);
    assertThrows(IllegalArgumentException.class, () -> WorkerCount.allBut(-1));
  }
}
