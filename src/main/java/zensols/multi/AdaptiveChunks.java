package zensols.multi;

import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** The stream of {@link ChunkSize#auto()} chunks: an {@link AdaptiveChunker} over the data. */
final class AdaptiveChunks {
  private AdaptiveChunks() {}

  static <D> Stream<Chunk<D>> of(Stream<D> data, int workers) {
    Objects.requireNonNull(data, "data");
    if (workers < 1) {
      throw new IllegalArgumentException("workers " + workers + " is not positive");
    }
    Spliterator<D> items = data.spliterator();
    AdaptiveChunker<D> chunker =
        new AdaptiveChunker<>(
            Spliterators.iterator(items), items.getExactSizeIfKnown(), workers, System::nanoTime);
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(
                chunker, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE),
            false)
        .onClose(data::close);
  }
}
