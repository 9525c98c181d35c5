package zensols.multi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import zensols.multi.stash.Stash;

/**
 * The options every stash builder shares: chunk size, workers, processor, deadline and progress
 * listeners, as named methods. Get a builder from {@link MultiProcess}.
 *
 * <ul>
 *   <li>Every option is optional; an option left unset keeps the default of the stash built
 *       (given by the builder's {@code build()}), or of the {@link #config(MultiProcessConfig)}
 *       given.
 *   <li>Setting an option again replaces the earlier value; {@link #config(MultiProcessConfig)}
 *       is the base that the other options change, whenever it is called.
 *   <li>Options are checked when {@code build()} is called: a bad value throws {@link
 *       IllegalArgumentException} naming the stash, the option and the value, for example {@code
 *       stash 'squares': invalid chunkSize(-1): ...}. A {@code null} argument throws {@link
 *       NullPointerException} at once.
 *   <li>A builder is not thread-safe; {@code build()} may be called more than once, and each call
 *       builds a new stash.
 * </ul>
 *
 * @param <B> the type of the builder
 * @param <S> the type of the stash it builds
 */
public abstract sealed class MultiProcessBuilder<B extends MultiProcessBuilder<B, S>, S>
    permits MultiProcessStashBuilder, MultiProcessFactoryStashBuilder,
        MultiProcessRobustStashBuilder {

  private final String name;
  private final MultiProcessConfig defaults;
  private @Nullable MultiProcessConfig base;
  private final Map<String, Option> options = new LinkedHashMap<>();
  private @Nullable Duration deadline;
  private final List<ProgressListener> listeners = new ArrayList<>();
  private Duration progressInterval = MultiProcessStash.DEFAULT_PROGRESS_INTERVAL;

  /** One option: the builder method and value that set it, and how it changes a configuration. */
  private record Option(String call, UnaryOperator<MultiProcessConfig> apply) {}

  MultiProcessBuilder(String name, Stash<?> delegate, MultiProcessConfig defaults) {
    this.name = Objects.requireNonNull(name, "name");
    Objects.requireNonNull(delegate, "delegate");
    this.defaults = defaults;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  private B option(String option, Object value, UnaryOperator<MultiProcessConfig> apply) {
    String text = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    options.put(option, new Option(option + "(" + text + ")", apply));
    return self();
  }

  /**
   * Sets chunk size, workers and processor at once, for example from {@link
   * MultiProcessConfig#from(Map, MultiProcessConfig)}; the other options change it.
   *
   * @param config the configuration
   * @return this builder
   */
  public final B config(MultiProcessConfig config) {
    this.base = Objects.requireNonNull(config, "config");
    return self();
  }

  /**
   * Items per chunk, or 0 to divide the data evenly among the workers (the original's {@code
   * chunk_size}; see {@link Chunking}).
   *
   * @param chunkSize at least 0, checked by {@code build()}
   * @return this builder
   */
  public final B chunkSize(int chunkSize) {
    return option("chunkSize", chunkSize, c -> c.withChunkSize(chunkSize));
  }

  /**
   * The chunk size as a {@link ChunkSize}: {@link ChunkSize#of(int)}, {@link ChunkSize#even()} or
   * {@link ChunkSize#auto()} (sizes that follow the measured cost per item).
   *
   * @param chunkSize the chunk size
   * @return this builder
   */
  public final B chunkSize(ChunkSize chunkSize) {
    Objects.requireNonNull(chunkSize, "chunkSize");
    return option("chunkSize", chunkSize, c -> c.withChunkSize(chunkSize));
  }

  /**
   * The chunk size as configuration text: {@code "1000"}, {@code "0"} or {@code "auto"} ({@link
   * ChunkSize#parse(String)}).
   *
   * @param chunkSize the text, checked by {@code build()}
   * @return this builder
   */
  public final B chunkSize(String chunkSize) {
    Objects.requireNonNull(chunkSize, "chunkSize");
    return option("chunkSize", chunkSize, c -> c.withChunkSize(ChunkSize.parse(chunkSize)));
  }

  /**
   * How many chunks run at once (the original's {@code workers}).
   *
   * @param workers the worker count
   * @return this builder
   */
  public final B workers(WorkerCount workers) {
    Objects.requireNonNull(workers, "workers");
    return option("workers", workers, c -> c.withWorkers(workers));
  }

  /**
   * How many chunks run at once, as an integer: {@code n > 0} exactly {@code n}, {@code 0} all
   * processors, {@code -k} all but {@code k} ({@link WorkerCount#of(int)}).
   *
   * @param workers the configured integer, checked by {@code build()}
   * @return this builder
   */
  public final B workers(int workers) {
    return option("workers", workers, c -> c.withWorkers(WorkerCount.of(workers)));
  }

  /**
   * How many chunks run at once, as configuration text: {@code "4"}, {@code "0"}, {@code "-1"},
   * {@code "0.5"}, {@code "50%"} ({@link WorkerCount#parse(String)}).
   *
   * @param workers the text, checked by {@code build()}
   * @return this builder
   */
  public final B workers(String workers) {
    Objects.requireNonNull(workers, "workers");
    return option("workers", workers, c -> c.withWorkers(WorkerCount.parse(workers)));
  }

  /**
   * Where the chunks run (the original's {@code processor_class}): {@link Processor#pool()},
   * {@link Processor#virtual()}, {@link Processor#single()}.
   *
   * @param processor the processor
   * @return this builder
   */
  public final B processor(Processor processor) {
    Objects.requireNonNull(processor, "processor");
    return option("processor", processor, c -> c.withProcessor(processor));
  }

  /**
   * How long one prime may take before it is cancelled with {@link DeadlineExceededException}
   * ({@link Processor#withDeadline(Duration)} of the processor, whichever is chosen).
   *
   * @param deadline a positive duration, checked by {@code build()}
   * @return this builder
   */
  public final B deadline(Duration deadline) {
    this.deadline = Objects.requireNonNull(deadline, "deadline");
    return self();
  }

  /**
   * Adds a listener that hears the progress of every prime of the stash built.
   *
   * @param listener the listener
   * @return this builder
   */
  public final B progressListener(ProgressListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return self();
  }

  /**
   * The least time between two INFO progress lines of a prime of the stash built ({@link
   * MultiProcessStash#setProgressInterval(Duration)}); {@link
   * MultiProcessStash#DEFAULT_PROGRESS_INTERVAL} unless set.
   *
   * @param interval the interval; {@link Duration#ZERO} logs a line as each item completes
   * @return this builder
   * @throws IllegalArgumentException naming the value if it is negative
   */
  public final B progressInterval(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative()) {
      throw invalid("progressInterval(" + interval + ")", "the interval is negative", null);
    }
    this.progressInterval = interval;
    return self();
  }

  /**
   * Builds the stash.
   *
   * @return a new stash
   * @throws IllegalArgumentException naming the stash, the option and its value if an option is
   *     invalid, or if a required option is missing
   */
  public abstract S build();

  /** The stash's name, checked. */
  final String name() {
    if (name.isBlank()) {
      throw new IllegalArgumentException("stash name \"" + name + "\" is blank");
    }
    return name;
  }

  /** An exception naming the stash and the invalid option. */
  final IllegalArgumentException invalid(String call, String problem, @Nullable Throwable cause) {
    return new IllegalArgumentException(
        "stash '" + name + "': invalid " + call + ": " + problem, cause);
  }

  /** The configuration the options give, checked. */
  final MultiProcessConfig config() {
    MultiProcessConfig config = base == null ? defaults : base;
    for (Option option : options.values()) {
      try {
        config = option.apply().apply(config);
      } catch (IllegalArgumentException e) {
        throw invalid(option.call(), String.valueOf(e.getMessage()), e);
      }
    }
    Duration deadline = this.deadline;
    if (deadline != null) {
      try {
        config = config.withProcessor(config.processor().withDeadline(deadline));
      } catch (IllegalArgumentException e) {
        throw invalid("deadline(" + deadline + ")", String.valueOf(e.getMessage()), e);
      }
    }
    return config;
  }

  /** Adds the listeners and sets the progress interval of a stash just built. */
  final <T extends MultiProcessStash<?, ?>> T withListeners(T stash) {
    listeners.forEach(stash::addProgressListener);
    stash.setProgressInterval(progressInterval);
    return stash;
  }
}
