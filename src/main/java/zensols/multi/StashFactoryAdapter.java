package zensols.multi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import zensols.multi.stash.ReadOnlyStash;

/** A {@link StashFactory} as a read-only stash: see {@link StashFactory#asStash()}. */
final class StashFactoryAdapter<V> extends ReadOnlyStash<V> {
  private final StashFactory<V> factory;

  StashFactoryAdapter(StashFactory<V> factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  StashFactory<V> factory() {
    return factory;
  }

  @Override
  public Optional<V> load(String key) {
    Objects.requireNonNull(key, "key");
    if (!factory.contains(key)) {
      return Optional.empty();
    }
    return Optional.of(create(key));
  }

  /**
   * Creates the value of a key that the factory enumerated itself (a prime's), without asking
   * {@link StashFactory#contains(String)} again, with the exceptions of {@link #load(String)}.
   */
  V create(String key) {
    Objects.requireNonNull(key, "key");
    V value;
    try {
      value = factory.create(key);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("creating key \"" + key + "\" failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the prime sees the interrupt: it is not a failure
      throw new IllegalStateException("creating key \"" + key + "\" was interrupted", e);
    } catch (Exception e) {
      throw new IllegalStateException("creating key \"" + key + "\" failed: " + e, e);
    }
    if (value == null) {
      throw new FactoryNullException(
          "the factory " + factory + " created null for key \"" + key + "\": create(key) must"
              + " return a value or throw");
    }
    return value;
  }

  @Override
  public boolean exists(String key) {
    Objects.requireNonNull(key, "key");
    return factory.contains(key);
  }

  @Override
  public Stream<String> keyStream() {
    return Objects.requireNonNull(factory.keyStream(), "the factory's keyStream() returned null");
  }

  @Override
  public Set<String> keys() {
    return Collections.unmodifiableSet(factory.keys());
  }

  @Override
  public String toString() {
    return "StashFactoryAdapter[" + factory + "]";
  }
}
