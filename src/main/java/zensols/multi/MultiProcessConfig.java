package zensols.multi;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import zensols.multi.cluster.ClusterProcessor;

/**
 * How a {@link MultiProcessStash} divides and runs its work: the original's {@code chunk_size},
 * {@code workers} and {@code processor_class} attributes.
 *
 * <p>For example, the same configuration in code and from text ({@link #from(Properties,
 * MultiProcessConfig)}):
 *
 * {@snippet file="Examples.java" region="config"}
 *
 * @param chunkSize items per chunk, 0 to divide the data evenly among the workers, or {@code auto}
 *     (see {@link ChunkSize} and {@link Chunking})
 * @param workers how many chunks run at once
 * @param processor where the chunks run
 */
public record MultiProcessConfig(ChunkSize chunkSize, WorkerCount workers, Processor processor) {
  /** The setting that holds {@link #chunkSize()}. */
  public static final String CHUNK_SIZE = "chunk_size";

  /** The setting that holds {@link #workers()}, in {@link WorkerCount#parse(String)} text. */
  public static final String WORKERS = "workers";

  /** The setting that names the {@link #processor()}: {@code pool}, {@code virtual}, {@code single}. */
  public static final String PROCESSOR = "processor";

  /**
   * The setting that holds the processor's deadline, ISO-8601 ({@code PT30M}), or {@value
   * #NO_DEADLINE}; optional.
   */
  public static final String DEADLINE = "deadline";

  /** The {@value #DEADLINE} setting's text for "no deadline". */
  public static final String NO_DEADLINE = "none";

  private static final Set<String> SETTINGS = Set.of(CHUNK_SIZE, WORKERS, PROCESSOR, DEADLINE);

  /**
   * The defaults of the original's {@code MultiProcessDefaultStash}: {@code chunkSize = 0}, one
   * worker, {@link PoolProcessor}.
   */
  public static final MultiProcessConfig DEFAULT =
      new MultiProcessConfig(0, WorkerCount.of(1), Processor.pool());

  /**
   * The defaults of the original's {@code MultiProcessFactoryStash}: {@code chunkSize = 0}, all
   * processors, {@link PoolProcessor}.
   */
  public static final MultiProcessConfig FACTORY_DEFAULT =
      new MultiProcessConfig(0, WorkerCount.allProcessors(), Processor.pool());

  /**
   * Validates the configuration.
   *
   * @throws NullPointerException naming the parameter if {@code chunkSize}, {@code workers} or
   *     {@code processor} is null
   */
  public MultiProcessConfig {
    Objects.requireNonNull(chunkSize, "chunkSize");
    Objects.requireNonNull(workers, "workers");
    Objects.requireNonNull(processor, "processor");
  }

  /**
   * Creates the configuration with an integer chunk size, as the original's {@code chunk_size}.
   *
   * @param chunkSize items per chunk, or 0 to divide evenly ({@link ChunkSize#of(int)})
   * @param workers how many chunks run at once
   * @param processor where the chunks run
   * @throws IllegalArgumentException naming {@code chunkSize} if it is negative
   */
  public MultiProcessConfig(int chunkSize, WorkerCount workers, Processor processor) {
    this(ChunkSize.of(chunkSize), workers, processor);
  }

  /**
   * This configuration with another chunk size, for example {@link ChunkSize#auto()}.
   *
   * @param chunkSize the chunk size
   * @return the new configuration
   */
  public MultiProcessConfig withChunkSize(ChunkSize chunkSize) {
    return new MultiProcessConfig(chunkSize, workers, processor);
  }

  /**
   * This configuration with another chunk size.
   *
   * @param chunkSize items per chunk, or 0 to divide evenly
   * @return the new configuration
   * @throws IllegalArgumentException if {@code chunkSize} is negative
   */
  public MultiProcessConfig withChunkSize(int chunkSize) {
    return new MultiProcessConfig(chunkSize, workers, processor);
  }

  /**
   * This configuration with another worker count.
   *
   * @param workers the worker count
   * @return the new configuration
   */
  public MultiProcessConfig withWorkers(WorkerCount workers) {
    return new MultiProcessConfig(chunkSize, workers, processor);
  }

  /**
   * This configuration with another processor.
   *
   * @param processor the processor
   * @return the new configuration
   */
  public MultiProcessConfig withProcessor(Processor processor) {
    return new MultiProcessConfig(chunkSize, workers, processor);
  }

  /**
   * Reads settings given as text, over {@code defaults}: {@value #CHUNK_SIZE} ({@link
   * ChunkSize#parse(String)} text: an integer ≥ 0 or {@code auto}),
   * {@value #WORKERS} ({@link WorkerCount#parse(String)} text), {@value #PROCESSOR} ({@code pool},
   * {@code virtual} or {@code single}; {@code cluster} only when {@code defaults} has a {@link
   * ClusterProcessor}, which is kept, since its engine is not text: the kind of the defaults'
   * processor always keeps that processor) and {@value #DEADLINE}
   * (ISO-8601, e.g. {@code PT30M}, or {@value #NO_DEADLINE}). A setting that is absent keeps its default: naming another
   * processor without a deadline keeps the defaults' deadline.
   *
   * @param settings the settings; values are converted with {@link String#valueOf(Object)}
   * @param defaults the configuration the settings change
   * @return the configuration
   * @throws IllegalArgumentException naming the setting and quoting the value if a setting is
   *     unknown or its value is invalid
   */
  public static MultiProcessConfig from(Map<String, ?> settings, MultiProcessConfig defaults) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(defaults, "defaults");
    MultiProcessConfig config = defaults;
    for (String key : settings.keySet()) {
      if (!SETTINGS.contains(key)) {
        throw new IllegalArgumentException(
            "unknown setting \"" + key + "\"; expected " + CHUNK_SIZE + ", " + WORKERS + ", "
                + PROCESSOR + " or " + DEADLINE);
      }
    }
    String chunkSize = text(settings, CHUNK_SIZE);
    String workers = text(settings, WORKERS);
    String processor = text(settings, PROCESSOR);
    String deadline = text(settings, DEADLINE);
    try {
      if (chunkSize != null) {
        config = config.withChunkSize(ChunkSize.parse(chunkSize));
      }
    } catch (IllegalArgumentException e) {
      throw invalid(CHUNK_SIZE, chunkSize, e);
    }
    try {
      if (workers != null) {
        config = config.withWorkers(WorkerCount.parse(workers));
      }
    } catch (IllegalArgumentException e) {
      throw invalid(WORKERS, workers, e);
    }
    Processor chosen = config.processor();
    try {
      if (processor != null) {
        if (chosen.kind().equals(processor.strip().toLowerCase(java.util.Locale.ROOT))) {
          // the same kind keeps the processor: a cluster's engine is not text
        } else {
          Processor named = Processor.of(processor);
          Duration kept = config.processor().deadline().orElse(null);
          chosen = kept == null ? named : named.withDeadline(kept);
        }
      }
    } catch (IllegalArgumentException e) {
      throw invalid(PROCESSOR, processor, e);
    }
    try {
      if (deadline != null) {
        chosen =
            NO_DEADLINE.equals(deadline.strip().toLowerCase(java.util.Locale.ROOT))
                ? chosen.withoutDeadline()
                : chosen.withDeadline(Duration.parse(deadline.strip()));
      }
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw invalid(DEADLINE, deadline, e);
    }
    return config.withProcessor(chosen);
  }

  /**
   * Reads settings from {@link Properties}, as {@link #from(Map, MultiProcessConfig)} does.
   *
   * @param properties the settings
   * @param defaults the configuration the settings change
   * @return the configuration
   * @throws IllegalArgumentException if a setting is unknown or its value is invalid
   */
  public static MultiProcessConfig from(Properties properties, MultiProcessConfig defaults) {
    Objects.requireNonNull(properties, "properties");
    Map<String, String> settings = new LinkedHashMap<>();
    for (String name : properties.stringPropertyNames()) {
      settings.put(name, properties.getProperty(name));
    }
    return from(settings, defaults);
  }

  /**
   * The configuration as settings text that {@link #from(Map, MultiProcessConfig)} reads back
   * over any defaults; every setting is written, the deadline as {@value #NO_DEADLINE} when there
   * is none. A {@link ClusterProcessor} is written as {@code cluster}, which reads back
   * only over defaults that have a cluster processor (its engine and attempts are not text).
   *
   * @return the settings, in a fixed order
   */
  public Map<String, String> toSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(CHUNK_SIZE, chunkSize.toString());
    settings.put(WORKERS, workers.toString());
    settings.put(PROCESSOR, processor.kind());
    settings.put(DEADLINE, processor.deadline().map(Duration::toString).orElse(NO_DEADLINE));
    return settings;
  }

  private static @org.jspecify.annotations.Nullable String text(Map<String, ?> settings, String key) {
    Object value = settings.get(key);
    return value == null ? null : String.valueOf(value);
  }

  private static IllegalArgumentException invalid(
      String key, @org.jspecify.annotations.Nullable String value, Exception cause) {
    return new IllegalArgumentException(
        "invalid " + key + " \"" + value + "\": " + cause.getMessage(), cause);
  }
}
