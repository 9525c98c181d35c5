package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import zensols.multi.stash.CompletionMarker;
import zensols.multi.stash.DelegateStash;
import zensols.multi.stash.MemoryStash;

/**
 * Everything {@code prime()} throws is a {@link ProcessException} naming the stash, the original
 * as its cause: nothing escapes raw.
 */
class PrimeFailureTest {

  private static MultiProcessConfig config(String kind) {
    return new MultiProcessConfig(2, WorkerCount.of(2), Processor.of(kind));
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void aFailedWorkCheckIsAPrimeFailedExceptionNamingTheStash(String kind) {
    IllegalStateException incomplete = new IllegalStateException("3 keys are missing");
    MemoryStash<String> delegate = new MemoryStash<>();
    LambdaStash<Integer> stash = new LambdaStash<>("checked", delegate, config(kind),
        self -> IntStream.range(0, 4).boxed(), (self, chunk) -> LambdaStash.values(chunk)) {
      @Override
      protected void checkWorkComplete() {
        throw incomplete;
      }
    };
    var e = assertThrows(PrimeFailedException.class, stash::size);
    assertEquals("checked", e.name());
    assertSame(incomplete, e.getCause());
    assertTrue(Workers.message(e).contains("'checked'"), Workers.message(e));
    assertFalse(delegate.isComplete(), "no completion mark");
    assertEquals(4, delegate.size(), "values stored before stay stored");
  }

  /** A delegate whose completion mark cannot be written (a full disk). */
  static final class UnmarkableStash extends DelegateStash<String> implements CompletionMarker {
    final UncheckedIOException diskFull = new UncheckedIOException(new IOException("disk full"));

    UnmarkableStash() {
      super(new MemoryStash<>());
    }

    @Override
    public boolean isComplete() {
      return false;
    }

    @Override
    public void markComplete() {
      throw diskFull;
    }

    @Override
    public void clearComplete() {}
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void aFailedCompletionMarkIsAPrimeFailedExceptionNamingTheStash(String kind) {
    UnmarkableStash delegate = new UnmarkableStash();
    LambdaStash<Integer> stash = new LambdaStash<>("unmarkable", delegate, config(kind),
        self -> IntStream.range(0, 4).boxed(), (self, chunk) -> LambdaStash.values(chunk));
    var e = assertThrows(PrimeFailedException.class, stash::size);
    assertEquals("unmarkable", e.name());
    assertSame(delegate.diskFull, e.getCause());
    assertEquals(4, delegate.size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void aFailureToCloseTheDataIsAPrimeFailedExceptionNamingTheStash(String kind) {
    UncheckedIOException closing = new UncheckedIOException(new IOException("cursor lost"));
    MemoryStash<String> delegate = new MemoryStash<>();
    LambdaStash<Integer> stash = new LambdaStash<>("unclosable", delegate, config(kind),
        self -> IntStream.range(0, 4).boxed().onClose(() -> {
          throw closing;
        }),
        (self, chunk) -> LambdaStash.values(chunk));
    var e = assertThrows(PrimeFailedException.class, stash::size);
    assertEquals("unclosable", e.name());
    assertSame(closing, e.getCause());
    assertFalse(delegate.isComplete(), "no completion mark");
  }

  /** A failure to close after a chunk failed is attached to the chunk's failure. */
  @ParameterizedTest
  @ValueSource(strings = {"pool", "single"})
  void aFailureToCloseAfterAChunkFailedIsSuppressed(String kind) {
    UncheckedIOException closing = new UncheckedIOException(new IOException("cursor lost"));
    LambdaStash<Integer> stash = new LambdaStash<>("both", new MemoryStash<>(), config(kind),
        self -> IntStream.range(0, 4).boxed().onClose(() -> {
          throw closing;
        }),
        (self, chunk) -> {
          throw new IllegalStateException("boom");
        });
    var e = assertThrows(ChunkFailedException.class, stash::size);
    assertTrue(Arrays.asList(e.getSuppressed()).contains(closing),
        () -> Arrays.toString(e.getSuppressed()));
  }

  /** The factory's own prime fails: named after this stash, the factory's failure as cause. */
  @ParameterizedTest
  @ValueSource(strings = {"pool", "single"})
  void aFailureOutsideTheChunksIsNamedAfterThisStash(String kind) {
    IllegalStateException listing = new IllegalStateException("cannot list the keys");
    zensols.multi.stash.ReadOnlyStash<String> factory = new zensols.multi.stash.ReadOnlyStash<>() {
      @Override
      public java.util.Optional<String> load(String key) {
        return java.util.Optional.empty();
      }

      @Override
      public boolean exists(String key) {
        return false;
      }

      @Override
      public java.util.Set<String> keys() {
        throw listing;
      }
    };
    MultiProcessRobustStash<String> stash = new MultiProcessRobustStash<>("robust-listing",
        new MemoryStash<>(), factory, config(kind));
    var e = assertThrows(PrimeFailedException.class, stash::size);
    assertEquals("robust-listing", e.name());
    assertSame(listing, e.getCause());
  }

  @ParameterizedTest
  @CsvSource({"pool,0", "pool,2", "virtual,2", "single,0", "single,2"})
  void aNullDataItemFailsNamingTheStashAndItsPosition(String kind, int chunkSize) {
    LambdaStash<Integer> stash = new LambdaStash<>("has-null", new MemoryStash<>(),
        new MultiProcessConfig(chunkSize, WorkerCount.of(2), Processor.of(kind)),
        self -> Stream.of(0, 1, null, 3),
        (self, chunk) -> LambdaStash.values(chunk));
    var e = assertThrows(ChunkFailedException.class, stash::size);
    assertEquals("has-null", e.name());
    NullPointerException npe = assertInstanceOf(NullPointerException.class, e.getCause());
    String message = Workers.message(npe);
    assertTrue(message.contains("'has-null'") && message.contains("position 2"), message);
  }
}
