package zensols.multi.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import zensols.multi.Failure;
import zensols.multi.MultiProcessConfig;
import zensols.multi.MultiProcessRobustStash;
import zensols.multi.MultiProcessStash;
import zensols.multi.cluster.StashRegistry;
import zensols.multi.stash.Codec;
import zensols.multi.stash.DirectoryStash;
import zensols.multi.stash.ReadOnlyStash;
import zensols.multi.stash.Stash;

/**
 * The stashes of the cluster tests, built the same way on the members and on the priming side: a
 * robust stash whose factory spends a fixed CPU time on each item.
 */
final class TestStashes {
  /** Stash names and the CPU microseconds of one item. */
  static final String PLAIN = "plain";
  static final String KILLED = "killed";
  static final String FILES = "files";
  static final String FAILING = "failing";
  static final String SLOW = "slow";
  static final String BENCH = "bench";
  static final String EMPTY = "empty";
  /** Creates no value at all: a chunk of it is a bare round trip. */
  static final String NOOP = "noop";

  /** The key whose creation throws in the stash {@value #FAILING}. */
  static final String POISON = "k00042";

  /** Items this JVM's factories created. */
  static final AtomicLong COMPUTED = new AtomicLong();

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private TestStashes() {}

  static long itemMicros(String stash) {
    return switch (stash) {
      case EMPTY -> 0;
      case FILES -> 200;
      case SLOW -> 20_000;
      default -> 1_000;
    };
  }

  static String key(int i) {
    return String.format("k%05d", i);
  }

  static String value(String key) {
    return "value of " + key + ": " + Integer.toHexString(key.hashCode() * 31 + 7);
  }

  /** Creates the values: {@code itemMicros} of CPU each, measured on the thread's CPU clock. */
  static final class SpinFactory extends ReadOnlyStash<String> {
    private final String stash;
    private final int items;
    private final long nanos;

    SpinFactory(String stash, int items) {
      this.stash = stash;
      this.items = items;
      this.nanos = itemMicros(stash) * 1_000;
    }

    @Override
    public Optional<String> load(String key) {
      if (FAILING.equals(stash) && POISON.equals(key)) {
        throw new IllegalStateException("poisoned key " + key);
      }
      spin(nanos);
      COMPUTED.incrementAndGet();
      return Optional.of(value(key));
    }

    @Override
    public boolean exists(String key) {
      return true;
    }

    @Override
    public Set<String> keys() {
      return IntStream.range(0, items).mapToObj(TestStashes::key).collect(Collectors.toSet());
    }
  }

  /** Spends {@code nanos} of this thread's CPU time; stops early when interrupted. */
  static void spin(long nanos) {
    if (nanos <= 0) {
      return;
    }
    long end = THREADS.getCurrentThreadCpuTime() + nanos;
    while (THREADS.getCurrentThreadCpuTime() < end) {
      if (Thread.currentThread().isInterrupted()) {
        throw new IllegalStateException(new InterruptedException("item cancelled"));
      }
    }
  }

  /**
   * The robust stash {@code name} over the maps {@code name} and {@code name.failures}, or over
   * {@code sharedDir/name} for {@value #FILES}. Without protected work for {@value #FAILING}.
   */
  static MultiProcessRobustStash<String> stash(
      HazelcastInstance hz, String name, int items, MultiProcessConfig config, Path sharedDir) {
    Stash<String> delegate =
        FILES.equals(name)
            ? new DirectoryStash<>(sharedDir.resolve(name), Codec.utf8())
            : HazelcastMapStash.of(hz, name);
    Stash<Failure> failures = HazelcastMapStash.of(hz, name + ".failures", Failure.codec());
    return new MultiProcessRobustStash<>(
        name, delegate, new SpinFactory(name, items), config, !FAILING.equals(name), failures);
  }

  /** What every member registers. */
  static void register(HazelcastInstance hz, StashRegistry registry, Path sharedDir) {
    for (String name : new String[] {PLAIN, KILLED, FILES, FAILING, SLOW, BENCH, EMPTY}) {
      registry.register(stash(hz, name, 0, MultiProcessConfig.FACTORY_DEFAULT, sharedDir));
    }
    registry.register(new NoopStash(hz, 0, MultiProcessConfig.FACTORY_DEFAULT));
  }

  /** A stash whose chunks create nothing: each chunk is a bare round trip. */
  static final class NoopStash extends MultiProcessStash<String, String> {
    private final int items;

    NoopStash(HazelcastInstance hz, int items, MultiProcessConfig config) {
      super(NOOP, HazelcastMapStash.of(hz, NOOP), config);
      this.items = items;
    }

    @Override
    protected Stream<String> createData() {
      return IntStream.range(0, items).mapToObj(TestStashes::key);
    }

    @Override
    protected Iterable<Map.Entry<String, String>> process(List<String> chunk) {
      return List.of();
    }
  }
}
