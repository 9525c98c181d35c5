package zensols.multi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
    if (!factory.keys().contains(key)) {
      return Optional.empty();
    }
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
    return Optional.of(value);
  }

  @Override
  public boolean exists(String key) {
    Objects.requireNonNull(key, "key");
    return factory.keys().contains(key);
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
