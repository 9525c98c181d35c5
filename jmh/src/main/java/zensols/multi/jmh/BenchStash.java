package zensols.multi.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import zensols.multi.MultiProcessConfig;
import zensols.multi.MultiProcessStash;
import zensols.multi.stash.Stash;

/** The stash a user writes: data from a supplier, each item's value from a {@link Workload}. */
final class BenchStash extends MultiProcessStash<String, String> {
  private final Supplier<Stream<String>> data;
  private final Workload.Item item;

  BenchStash(Stash<String> delegate, MultiProcessConfig config, Supplier<Stream<String>> data,
      Workload.Item item) {
    super("bench", delegate, config);
    this.data = data;
    this.item = item;
  }

  BenchStash(Stash<String> delegate, MultiProcessConfig config, List<String> keys,
      Workload.Item item) {
    this(delegate, config, keys::stream, item);
  }

  @Override
  protected Stream<String> createData() {
    return data.get();
  }

  @Override
  protected Iterable<Map.Entry<String, String>> process(List<String> chunk) throws Exception {
    List<Map.Entry<String, String>> values = new ArrayList<>(chunk.size());
    for (String key : chunk) {
      values.add(Map.entry(key, item.value(key)));
    }
    return values;
  }
}
