package zensols.multi;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zensols.multi.stash.CompletionMarker;
import zensols.multi.stash.DirectoryStash;
import zensols.multi.stash.MemoryStash;
import zensols.multi.stash.Stash;

/**
 * A {@link MultiProcessFactoryStash} that recovers from an earlier prime that failed or was
 * killed: its data are the factory's keys that the delegate lacks, so only the missing values are
 * computed. The original's {@code MultiProcessRobustStash}.
 *
 * <ul>
 *   <li>The first access of each instance (and {@link #invalidate()}) computes the missing keys:
 *       the factory's keys that neither the delegate has nor a recorded failure. They are found
 *       without holding the keys: the factory's {@link Stash#keyStream()} is read a batch at a
 *       time, each batch looked up in the delegate and the failures ({@link
 *       Stash#missingKeys(List)}, which a delegate may answer with one query). For a lazy key
 *       stream, whether anything is missing is decided first, reading until the first missing key
 *       (the whole stream when nothing is); the prime then reads the stream again and computes the
 *       missing keys chunk by chunk, in the stream's order, each once even if the stream repeats
 *       it (its progress has no total). For keys held in memory anyway (the default {@code
 *       keyStream()}, which sorts {@code keys()}), the missing keys are collected in that first
 *       pass and computed in sorted order, with a progress total, as before.
 *   <li>With {@linkplain #protectWork() protected work} (the default), an item whose creation
 *       throws anything but a {@link VirtualMachineError} other than {@link StackOverflowError}
 *       ({@link OutOfMemoryError} and {@link InternalError} fail the prime; a {@code
 *       StackOverflowError}, a {@link LinkageError} such as {@link NoClassDefFoundError}, any
 *       other error or exception is the item's own) is recorded as a {@link Failure} in the
 *       {@linkplain
 *       #failures() failure stash} instead of failing the prime; the failure survives a restart
 *       when that stash is persistent (the default for a {@link DirectoryStash} delegate is a
 *       {@code DirectoryStash} beside it, named {@code <directory>.failures}). Without it, the
 *       prime throws {@link ChunkFailedException} caused by the factory's exception. Whether a
 *       throwable is a cancellation is decided from the run's state, never from its type: it is
 *       one when the run was cancelled (a chunk failed, the deadline passed, the caller was
 *       interrupted), the worker's interrupt status is set, or it is an {@link
 *       InterruptedException}; otherwise a timeout such as {@link java.io.InterruptedIOException}
 *       is a failure of the item like any other.
 *   <li>{@link #load(String)} and {@link #get(String)} of a key the delegate lacks after the
 *       prime create it from the factory with the same failure handling: with protected work, a
 *       failure is recorded and {@link ItemFailedException} thrown.
 *   <li>How a failed key reads: it is in {@link #keys()}, {@link #exists(String)} is true and it
 *       counts in {@link #size()}, but {@link #load(String)} and {@link #get(String)} throw {@link
 *       ItemFailedException}, and so do {@code values()} and {@code items()} when they reach it: a
 *       caller that asked for a {@code V} is never handed a failure and never silently misses one.
 *       {@link #iterFailures()} lists them, {@link #reprocessFailures()} recomputes them and
 *       {@link #delete(String)} forgets one.
 *   <li>To read without {@code try}/{@code catch}: {@link #goodKeys()}, {@link #goodItems()} and
 *       {@link #goodValues()} give only the values that were created, {@link #iterFailures()} the
 *       failures; {@link #lastReport()} counts what the last prime computed, found present and
 *       recorded as failed.
 *   <li>A factory that returns {@code null} (instead of a value or an empty {@code Optional}) is
 *       a programming error, not an item's failure: the prime fails at once with {@link
 *       ChunkFailedException} caused by a {@link NullPointerException} naming the key, and nothing
 *       is recorded.
 *   <li>Before the work runs, the delegate and (with protected work) the failure stash are
 *       checked for writing ({@link Stash#checkWritable()}): a read-only directory fails the prime
 *       with {@link PrimeFailedException} saying so, before any value is computed.
 * </ul>
 *
 * <p>For example, a report of what was built and what failed, to an slf4j {@code log}:
 *
 * {@snippet file="Examples.java" region="robust-read"}
 *
 * @param <V> the type of the values
 */
public class MultiProcessRobustStash<V> extends MultiProcessFactoryStash<V> {
  private static final Logger LOG = LoggerFactory.getLogger(MultiProcessRobustStash.class);

  private final boolean protectWork;
  private final Stash<Failure> failures;
  private volatile @Nullable List<String> reprocessing; // the keys reprocessFailures() runs
  /** The missing keys, when the factory's keys are held in memory anyway; else null. */
  private volatile @Nullable List<String> missing;

  /**
   * Creates the stash with {@link MultiProcessConfig#FACTORY_DEFAULT}, protected work and the
   * {@linkplain #defaultFailureStash(Stash) default failure stash}.
   *
   * @param name the stash's name
   * @param delegate keeps the values
   * @param factory creates the values
   */
  public MultiProcessRobustStash(String name, Stash<V> delegate, Stash<V> factory) {
    this(name, delegate, factory, MultiProcessConfig.FACTORY_DEFAULT);
  }

  /**
   * Creates the stash with protected work and the {@linkplain #defaultFailureStash(Stash) default
   * failure stash}.
   *
   * @param name the stash's name
   * @param delegate keeps the values
   * @param factory creates the values
   * @param config chunk size, workers and processor
   */
  public MultiProcessRobustStash(
      String name, Stash<V> delegate, Stash<V> factory, MultiProcessConfig config) {
    this(name, delegate, factory, config, true, defaultFailureStash(delegate));
  }

  /**
   * Creates the stash.
   *
   * @param name the stash's name
   * @param delegate keeps the values
   * @param factory creates the values
   * @param config chunk size, workers and processor
   * @param protectWork whether an item whose creation throws is recorded as a {@link Failure}
   *     (the original's {@code protect_work})
   * @param failures keeps the failures
   */
  public MultiProcessRobustStash(
      String name,
      Stash<V> delegate,
      Stash<V> factory,
      MultiProcessConfig config,
      boolean protectWork,
      Stash<Failure> failures) {
    super(name, delegate, factory, config, EnablePreemptive.FALSE);
    this.protectWork = protectWork;
    this.failures = Objects.requireNonNull(failures, "failures");
  }

  /**
   * The failure stash used when none is given: for a {@link DirectoryStash} delegate over {@code
   * dir}, a {@code DirectoryStash} over the sibling directory {@code dir.failures}; otherwise a
   * {@link MemoryStash}, which does not survive a restart.
   *
   * @param delegate the delegate of the robust stash
   * @return a new failure stash
   * @throws IllegalArgumentException if the delegate's directory is a file-system root
   */
  public static Stash<Failure> defaultFailureStash(Stash<?> delegate) {
    Objects.requireNonNull(delegate, "delegate");
    if (delegate instanceof DirectoryStash<?> directoryStash) {
      Path directory = directoryStash.directory().normalize();
      Path fileName = directory.getFileName();
      if (fileName == null) {
        throw new IllegalArgumentException(
            "cannot keep failures beside the root directory " + directory);
      }
      return new DirectoryStash<>(
          directory.resolveSibling(fileName + ".failures"), Failure.codec());
    }
    return new MemoryStash<>();
  }

  /**
   * Whether an item whose creation throws is recorded as a {@link Failure} (the original's
   * {@code protect_work}).
   *
   * @return the setting
   */
  public boolean protectWork() {
    return protectWork;
  }

  /**
   * The stash that keeps the failures.
   *
   * @return the failure stash
   */
  public Stash<Failure> failures() {
    return failures;
  }

  /**
   * Complete when the delegate and the failures hold every key of the factory: reads the factory's
   * key stream a batch at a time until a batch has a missing key (or a key the delegate cannot
   * store, which the prime then reports), without holding the keys.
   */
  @Override
  protected boolean isDataComplete() {
    missing = null;
    boolean complete;
    try (Stream<String> keys = factoryKeys()) {
      Spliterator<String> split = keys.spliterator();
      complete =
          split.hasCharacteristics(Spliterator.SIZED | Spliterator.SORTED)
              ? collectMissing(split)
              : findMissing(split);
    }
    if (complete) {
      if (delegate() instanceof CompletionMarker marker && !marker.isComplete()) {
        marker.markComplete();
      }
      return true;
    }
    return false;
  }

  /**
   * For keys held in memory anyway (the default {@code keyStream()}, which sorts {@code keys()}):
   * collects the missing keys, a batch lookup at a time, so that the prime knows how many items
   * it has (progress with a total) and reads the factory's keys once.
   */
  private boolean collectMissing(Spliterator<String> split) {
    List<String> absent = new ArrayList<>();
    boolean checked =
        KeyGate.forEachBatch(
            StreamSupport.stream(split, false),
            name(),
            batch -> {
              if (!allStorable(batch)) {
                return false; // the prime's check reports it, before any work
              }
              absent.addAll(absentFrom(batch));
              return true;
            });
    if (!checked) {
      return false;
    }
    if (absent.isEmpty()) {
      return true;
    }
    missing =
        split.hasCharacteristics(Spliterator.DISTINCT)
            ? absent
            : List.copyOf(new LinkedHashSet<>(absent)); // each key once
    LOG.info("stash '{}': {} keys missing", name(), missing.size());
    return false;
  }


  /**
   * For a lazy key stream: reads it until the first batch with a missing key, without holding the
   * keys; the prime reads it again.
   */
  private boolean findMissing(Spliterator<String> split) {
    AtomicReference<@Nullable String> firstMissing = new AtomicReference<>();
    boolean complete =
        KeyGate.forEachBatch(
            StreamSupport.stream(split, false),
            name(),
            batch -> {
              if (!allStorable(batch)) {
                return false; // the prime's check reports it, before any work
              }
              List<String> absent = absentFrom(batch);
              if (absent.isEmpty()) {
                return true;
              }
              firstMissing.set(absent.get(0));
              return false;
            });
    if (!complete) {
      LOG.info("stash '{}': keys are missing (the first: \"{}\"); computing them", name(),
          firstMissing.get());
    }
    return complete;
  }

  /** Whether the delegate can store every key of the batch. */
  private boolean allStorable(List<String> batch) {
    for (String key : batch) {
      try {
        delegate().checkKey(key);
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return true;
  }

  /** The keys the delegate lacks and no failure is recorded for. */
  @Override
  List<String> absentFrom(List<String> keys) {
    List<String> absent = delegate().missingKeys(keys);
    return absent.isEmpty() ? absent : failures.missingKeys(absent);
  }

  /**
   * The missing keys, found a batch at a time as the factory's key stream is read (see the class
   * comment): a lazy stream is read again, keys held in memory anyway (the default {@code
   * keyStream()}) were collected when the prime checked for missing keys; in {@link
   * #reprocessFailures()}, the keys of the failures it deleted.
   *
   * @return the keys to create
   */
  @Override
  protected Stream<String> createData() {
    List<String> keys = reprocessing;
    if (keys == null) {
      keys = missing;
    }
    if (keys != null) {
      for (String key : keys) {
        checkedKey(key);
      }
      return admitted(new KeyStream(keys.stream(), true), false);
    }
    return admitted(checkedKeys(), true);
  }

  /**
   * As {@link MultiProcessFactoryStash#loadFromFactory(String)}; with protected work, a failure is
   * recorded as a {@link Failure} and the key skipped (see the class comment for what is
   * recorded). A cancellation is never recorded: it is how the prime is cancelled.
   */
  @Override
  protected Optional<V> loadFromFactory(String key) {
    if (!protectWork) {
      return super.loadFromFactory(key);
    }
    try {
      return super.loadFromFactory(key);
    } catch (Throwable e) { // NOPMD: what is recorded is decided in record()
      record(key, e);
      return Optional.empty();
    }
  }

  /**
   * As {@link MultiProcessFactoryStash#loadOnDemand(String)}; with protected work, a failure is
   * recorded as in a prime and {@link ItemFailedException} thrown.
   */
  @Override
  Optional<V> loadOnDemand(String key) {
    if (!protectWork) {
      return super.loadOnDemand(key);
    }
    try {
      return super.loadOnDemand(key);
    } catch (FactoryNullException e) {
      throw e; // a programming error, not the key's failure
    } catch (Throwable e) { // NOPMD: what is recorded is decided in record()
      throw new ItemFailedException(name(), record(key, e));
    }
  }

  /**
   * Records {@code e} as the failure of {@code key}, or rethrows it if it is a cancellation or a
   * {@link VirtualMachineError} other than {@link StackOverflowError}.
   */
  private Failure record(String key, Throwable e) {
    if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
      throw (VirtualMachineError) e;
    }
    if (e instanceof FactoryNullException programmingError) {
      throw programmingError; // a factory that returns null is broken for every key: fail fast
    }
    if (ChunkRun.currentRunCancelled()
        || Thread.currentThread().isInterrupted()
        || e instanceof InterruptedException) {
      throw sneaky(e);
    }
    LOG.warn("stash '{}': creating key \"{}\" failed; recorded as a failure", name(), key, e);
    Failure failure = Failure.of(key, e);
    failures.dump(key, failure);
    itemFailed(); // counted in the running prime's JFR event, if any
    return failure;
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException sneaky(Throwable e) throws T {
    throw (T) e;
  }

  /**
   * Checks again for missing keys and computes them now: needed only when values were deleted
   * under the stash's nose after it primed.
   *
   * @throws ChunkFailedException if a chunk failed (only without protected work, or when the
   *     delegate fails)
   */
  public void invalidate() {
    withPrimeLock(
        () -> {
          forgetPrime();
          prime();
        });
  }

  /**
   * The recorded failures, after priming.
   *
   * @return the failures, sorted by key
   */
  public List<Failure> iterFailures() {
    prime();
    List<Failure> list = new ArrayList<>();
    for (String key : new TreeSet<>(failures.keys())) {
      try {
        failures.load(key).ifPresent(list::add);
      } catch (java.io.UncheckedIOException e) {
        LOG.warn("stash '{}': skipping a failure record that cannot be read: {}", name(),
            e.getMessage());
      }
    }
    return Collections.unmodifiableList(list);
  }

  /**
   * The keys that have a value, after priming: {@link #keys()} less the keys of recorded
   * failures.
   *
   * @return the keys, sorted; a snapshot
   */
  public Set<String> goodKeys() {
    prime();
    Set<String> good = new TreeSet<>(delegate().keys());
    good.removeAll(failures.keys());
    return Collections.unmodifiableSet(good);
  }

  /**
   * The values that were created, each under its key, after priming: never a failure, so
   * iterating them throws no {@link ItemFailedException}. The keys are those of {@link
   * #goodKeys()}, in order; each value is loaded as the stream reaches it, and a key whose value
   * turns out to be a failure by then (a damaged value that could not be created again is
   * recorded as a failure, see {@link #load(String)}) is skipped. Use {@link #iterFailures()} for
   * the failures.
   *
   * @return the keys and values, sorted by key
   */
  public Stream<Map.Entry<String, V>> goodItems() {
    return goodKeys().stream()
        .flatMap(key -> goodValue(key).map(value -> Map.entry(key, value)).stream());
  }

  /**
   * The values that were created, after priming, as {@link #goodItems()} gives them.
   *
   * @return the values, in the order of their sorted keys
   */
  public Stream<V> goodValues() {
    return goodItems().map(Map.Entry::getValue);
  }

  private Optional<V> goodValue(String key) {
    try {
      return load(key);
    } catch (ItemFailedException e) {
      LOG.debug("stash '{}': skipping key \"{}\", which failed: {}", name(), key, e.getMessage());
      return Optional.empty();
    }
  }

  /** The delegate and, with protected work, the failure stash must be writable. */
  @Override
  public void checkWritable() {
    super.checkWritable();
    if (protectWork) {
      failures.checkWritable();
    }
  }

  /**
   * Deletes every recorded failure and computes those keys again; keys that fail again are
   * recorded again.
   *
   * @return the keys that were recomputed, sorted
   * @throws ChunkFailedException if a chunk failed (only without protected work)
   */
  public Set<String> reprocessFailures() {
    prime();
    Set<String> keys = new LinkedHashSet<>();
    withPrimeLock(
        () -> {
          keys.addAll(new TreeSet<>(failures.keys()));
          if (keys.isEmpty()) {
            return;
          }
          for (String key : keys) {
            failures.delete(key);
          }
          reprocessing = List.copyOf(keys);
          try {
            runWork();
          } catch (RuntimeException | Error e) {
            // the deleted failures are now missing keys: the next access computes them
            forgetPrime();
            throw e;
          } finally {
            reprocessing = null;
          }
        });
    return Collections.unmodifiableSet(keys);
  }

  /**
   * The delegate's value; after the prime, a recorded failure throws, and a key the delegate
   * lacks is created from the factory.
   *
   * @throws ItemFailedException if the key's creation failed
   */
  @Override
  public Optional<V> load(String key) {
    prime();
    Optional<V> value = loadOrRecompute(key);
    if (value.isPresent()) {
      return value;
    }
    throwIfFailed(key);
    return createFromFactory(key);
  }

  /**
   * The delegate's value; a value the delegate holds but cannot read (a damaged file) is created
   * again from the factory, with a warning naming it; with protected work, a value that cannot be
   * created or stored is recorded as a {@link Failure} and thrown as {@link ItemFailedException}.
   */
  private Optional<V> loadOrRecompute(String key) {
    try {
      return delegate().load(key);
    } catch (java.io.UncheckedIOException damaged) {
      LOG.warn("stash '{}': recomputing a damaged value: {}", name(), damaged.getMessage());
      try {
        return createFromFactory(key);
      } catch (ItemFailedException e) {
        throw e; // recorded already
      } catch (RuntimeException e) {
        if (!protectWork) {
          e.addSuppressed(damaged);
          throw e;
        }
        throw new ItemFailedException(name(), record(key, e));
      }
    }
  }

  /**
   * As {@link #load(String)}: a recorded failure throws, and a key the delegate lacks is created
   * from the factory.
   *
   * @throws ItemFailedException if the key's creation failed
   */
  @Override
  public Optional<V> get(String key) {
    return load(key);
  }

  private void throwIfFailed(String key) {
    Optional<Failure> failure = failures.load(key);
    if (failure.isPresent()) {
      throw new ItemFailedException(name(), failure.get());
    }
  }

  /** Whether the delegate has a value or a failure is recorded for {@code key}, after the prime. */
  @Override
  public boolean exists(String key) {
    prime();
    return delegate().exists(key) || failures.exists(key);
  }

  /** The keys of the values and of the recorded failures, after the prime. */
  @Override
  public Set<String> keys() {
    prime();
    Set<String> keys = new LinkedHashSet<>(delegate().keys());
    keys.addAll(failures.keys());
    return Collections.unmodifiableSet(keys);
  }

  /** Deletes the value or the failure recorded for {@code key}. */
  @Override
  public boolean delete(String key) {
    boolean failed = failures.delete(key);
    return super.delete(key) || failed;
  }

  /** A recorded failure is stored too: a resubmitted chunk does not compute it again. */
  @Override
  boolean isStored(String key) {
    return super.isStored(key) || failures.exists(key);
  }

  /** Chunks store values in the delegate and failures in the failure stash. */
  @Override
  List<Stash<?>> storesOfChunks() {
    return List.of(delegate(), failures);
  }

  /** Clears the delegate, the factory and the failures. */
  @Override
  public void clear() {
    withPrimeLock(
        () -> {
          try {
            failures.clear();
          } finally {
            super.clear();
          }
        });
  }
}
