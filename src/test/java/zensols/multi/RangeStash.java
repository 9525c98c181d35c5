package zensols.multi;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import zensols.multi.stash.Stash;

/**
 * The original's test stash: the data are 0..n-1, and each chunk is stored under the string of
 * its first item.
 */
final class RangeStash extends MultiProcessStash<Integer, List<Integer>> {
  final AtomicInteger createDataCalls = new AtomicInteger();
  final AtomicInteger processCalls = new AtomicInteger();
  private final int n;

  RangeStash(int n, Stash<List<Integer>> delegate, MultiProcessConfig config) {
    super("range", delegate, config);
    this.n = n;
  }

  @Override
  protected Stream<Integer> createData() {
    createDataCalls.incrementAndGet();
    return IntStream.range(0, n).boxed();
  }

  @Override
  protected Iterable<Map.Entry<String, List<Integer>>> process(List<Integer> chunk) {
    processCalls.incrementAndGet();
    return List.of(Map.entry(Integer.toString(chunk.get(0)), chunk));
  }
}
