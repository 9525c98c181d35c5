package zensols.multi.consumer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zensols.multi.ChunkSize;
import zensols.multi.Failure;
import zensols.multi.MultiProcess;
import zensols.multi.MultiProcessConfig;
import zensols.multi.MultiProcessFactoryStash;
import zensols.multi.MultiProcessRobustStash;
import zensols.multi.MultiProcessStash;
import zensols.multi.ProcessReport;
import zensols.multi.Processor;
import zensols.multi.StashFactory;
import zensols.multi.WorkerCount;
import zensols.multi.stash.Codec;
import zensols.multi.stash.DirectoryStash;
import zensols.multi.stash.MemoryStash;
import zensols.multi.stash.Stash;

/**
 * The examples in the Javadoc of {@code zensols.multi} ({@code {@snippet}} regions of this file,
 * found through javadoc's {@code --snippet-path}): compiled against the packaged jar as a separate
 * module and run by {@link Main}, which checks what they return. Change an example here, never in
 * the Javadoc.
 */
final class Examples {
  private Examples() {}

  /** The builder form of the squares; returns the value of key 12. */
  static long squares(Path dir) {
    // @start region="squares"
    MultiProcessStash<Integer, Long> squares =
        MultiProcess.stash(
                "squares",
                new DirectoryStash<>(dir.resolve("squares"), Codec.serializable(Long.class)),
                () -> IntStream.range(0, 100_000).boxed())            // the data, read lazily
            .processItem(i -> Map.entry(Integer.toString(i), (long) i * i)) // in a worker
            .chunkSize(1000)
            .workers("-1")                                            // all processors but one
            .build();
    long value = squares.get("12").orElseThrow(); // primes on first access: 144
    // @end
    return value;
  }

  /** A factory stash over a lambda factory; returns the value of "ccc". */
  static int lengths() {
    // @start region="factory"
    StashFactory<Integer> factory = StashFactory.of(Set.of("a", "bb", "ccc"), String::length);
    MultiProcessFactoryStash<Integer> lengths =
        MultiProcess.factoryStash("lengths", new MemoryStash<>(), factory).workers(2).build();
    int ccc = lengths.get("ccc").orElseThrow(); // 3
    // @end
    return ccc;
  }

  /** A robust stash whose factory fails for one key; returns the failures. */
  static List<Failure> pages(Path dir) {
    // @start region="robust"
    StashFactory<String> factory =
        StashFactory.of(Set.of("1", "2", "x"), key -> "page " + Integer.parseInt(key));
    MultiProcessRobustStash<String> pages =
        MultiProcess.robustStash(
                "pages", new DirectoryStash<>(dir.resolve("pages"), Codec.utf8()), factory)
            .processor(Processor.virtual()) // IO-bound work: virtual threads
            .workers(100)
            .chunkSize(1)
            .build();
    pages.prime();                                  // computes the keys that pages/ lacks
    List<Failure> failures = pages.iterFailures();  // "x": NumberFormatException, kept in pages.failures/
    // @end
    return failures;
  }

  // @start region="subclass"
  // the square of every number below 10,000, stored under the number
  static final class Squares extends MultiProcessStash<Integer, Long> {
    Squares(Stash<Long> delegate) {
      super("squares", delegate,
          new MultiProcessConfig(1000, WorkerCount.parse("-1"), Processor.pool()));
    }

    @Override
    protected Stream<Integer> createData() { // read lazily, one chunk at a time
      return IntStream.range(0, 10_000).boxed();
    }

    @Override
    protected Iterable<Map.Entry<String, Long>> process(List<Integer> chunk) { // in a worker
      return chunk.stream().map(i -> Map.entry(Integer.toString(i), (long) i * i)).toList();
    }
  }
  // @end

  /** The subclass form of the squares; returns the value of key 12. */
  static long subclassSquares(Path dir) {
    // @start region="subclass-use"
    Squares squares =
        new Squares(new DirectoryStash<>(dir.resolve("squares"), Codec.serializable(Long.class)));
    long value = squares.load("12").orElseThrow(); // primes on first access: 144
    // @end
    return value;
  }

  /** Processors for CPU-bound and IO-bound work; returns both configurations. */
  static List<MultiProcessConfig> processors() {
    // @start region="processors"
    Processor cpu = Processor.pool();              // platform threads: CPU-bound work
    Processor io = Processor.virtual()             // virtual threads: IO-bound work
        .withDeadline(Duration.ofMinutes(30));     // for the whole run, else DeadlineExceededException
    MultiProcessConfig cpuBound =
        new MultiProcessConfig(ChunkSize.auto(), WorkerCount.allProcessors(), cpu);
    MultiProcessConfig ioBound =
        new MultiProcessConfig(ChunkSize.of(1), WorkerCount.of(200), io); // 200 requests at once
    // @end
    return List.of(cpuBound, ioBound);
  }

  /** Worker counts resolved against 8 processors. */
  static List<Integer> workers() {
    // @start region="workers"
    List<Integer> onEightProcessors = List.of(
        WorkerCount.parse("-1").resolve(8),       // 7: all processors but one
        WorkerCount.allBut(1).resolve(8),         // 7: the same as WorkerCount.of(-1)
        WorkerCount.parse("50%").resolve(8),      // 4: WorkerCount.fraction(0.5)
        WorkerCount.fraction(0.3).resolve(8),     // 3: ceil(0.3 * 8)
        WorkerCount.allProcessors().resolve(8),   // 8: WorkerCount.of(0)
        WorkerCount.of(-16).resolve(8));          // 1: never fewer than one
    // @end
    return onEightProcessors;
  }

  /** A directory stash written and read; returns the value and the keys. */
  static List<Object> directory(Path dir) {
    // @start region="directory"
    DirectoryStash<String> notes = new DirectoryStash<>(dir.resolve("notes"), Codec.utf8());
    notes.dump("café", "bonjour");               // the file caf%C3%A9, written atomically
    Optional<String> note = notes.load("café");  // Optional[bonjour]
    Set<String> keys = notes.keys();             // [café]
    // @end
    return List.of(note.orElseThrow(), keys);
  }

  /** A configuration in code and the same from text; returns both. */
  static List<MultiProcessConfig> config() {
    // @start region="config"
    MultiProcessConfig inCode =
        new MultiProcessConfig(ChunkSize.auto(), WorkerCount.allBut(1), Processor.pool());
    Properties settings = new Properties();      // for example read from a .properties file
    settings.setProperty("chunk_size", "auto");
    settings.setProperty("workers", "-1");
    MultiProcessConfig fromText = MultiProcessConfig.from(settings, MultiProcessConfig.DEFAULT);
    // fromText equals inCode: the processor not named is DEFAULT's, the pool
    // @end
    return List.of(inCode, fromText);
  }

  /** The good values and the failures of {@link #pages(Path)}'s stash; returns its report. */
  static ProcessReport goodAndFailed(Path dir) {
    MultiProcessRobustStash<String> pages =
        MultiProcess.robustStash(
                "pages-read",
                new DirectoryStash<>(dir.resolve("pages-read"), Codec.utf8()),
                StashFactory.of(Set.of("1", "2", "x"), key -> "page " + Integer.parseInt(key)))
            .build();
    // @start region="robust-read"
    Logger log = LoggerFactory.getLogger("pages");
    pages.goodItems().forEach(e -> log.info("{} = {}", e.getKey(), e.getValue())); // 1, 2
    for (Failure failure : pages.iterFailures()) {                                 // x
      log.warn("{} failed: {}", failure.key(), failure.message());
    }
    ProcessReport report = pages.lastReport().orElseThrow(); // 2 computed, 1 failed
    // @end
    return report;
  }
}
