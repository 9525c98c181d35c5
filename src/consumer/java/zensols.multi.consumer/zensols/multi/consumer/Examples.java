package zensols.multi.consumer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import zensols.multi.Failure;
import zensols.multi.MultiProcess;
import zensols.multi.MultiProcessFactoryStash;
import zensols.multi.MultiProcessRobustStash;
import zensols.multi.MultiProcessStash;
import zensols.multi.Processor;
import zensols.multi.StashFactory;
import zensols.multi.stash.Codec;
import zensols.multi.stash.DirectoryStash;
import zensols.multi.stash.MemoryStash;

/**
 * The examples in the Javadoc of {@code zensols.multi} ({@code {@snippet}} regions of this file,
 * found through javadoc's {@code --snippet-path}): compiled against the packaged jar as a separate
 * module and run by {@link Main}, which checks what they return. Change an example here, never in
 * the Javadoc.
 */
final class Examples {
  private Examples() {}

  /** The builder form of README's first example; returns the value of key 12. */
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
}
