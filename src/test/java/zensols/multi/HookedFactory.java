package zensols.multi;

import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import zensols.multi.stash.ReadOnlyStash;
import zensols.multi.stash.Stash;

/**
 * A read-only factory that forwards to another and passes each loaded value through a hook, which
 * may change it, block or throw: for fault and interleaving tests.
 */
final class HookedFactory extends ReadOnlyStash<String> {
  private final Stash<String> factory;
  private final BiFunction<String, Optional<String>, Optional<String>> hook;

  HookedFactory(Stash<String> factory, BiFunction<String, Optional<String>, Optional<String>> hook) {
    this.factory = factory;
    this.hook = hook;
  }

  @Override
  public Optional<String> load(String key) {
    return hook.apply(key, factory.load(key));
  }

  @Override
  public boolean exists(String key) {
    return factory.exists(key);
  }

  @Override
  public Set<String> keys() {
    return factory.keys();
  }
}
