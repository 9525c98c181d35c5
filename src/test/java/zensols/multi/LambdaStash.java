package zensols.multi;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import zensols.multi.stash.Stash;

/** A stash whose data and work are lambdas that get the stash itself, to read it from its work. */
class LambdaStash<D> extends MultiProcessStash<D, String> {
  @FunctionalInterface
  interface Data<D> {
    Stream<D> create(LambdaStash<D> self);
  }

  @FunctionalInterface
  interface Work<D> {
    Iterable<Map.Entry<String, String>> process(LambdaStash<D> self, List<D> chunk)
        throws Exception;
  }

  private final Data<D> data;
  private final Work<D> work;

  LambdaStash(String name, Stash<String> delegate, MultiProcessConfig config, Data<D> data,
      Work<D> work) {
    super(name, delegate, config);
    this.data = data;
    this.work = work;
  }

  /** Each item {@code i} becomes key {@code "i"} with value {@code "value-i"}. */
  static <D> Iterable<Map.Entry<String, String>> values(List<D> chunk) {
    return chunk.stream().map(i -> Map.entry(i.toString(), "value-" + i)).toList();
  }

  @Override
  protected Stream<D> createData() {
    return data.create(this);
  }

  @Override
  protected Iterable<Map.Entry<String, String>> process(List<D> chunk) throws Exception {
    return work.process(this, chunk);
  }
}
