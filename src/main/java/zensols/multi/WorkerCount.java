package zensols.multi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * How many workers process the chunks, with the semantics of the original's {@code workers}
 * attribute. Resolved against the number of available processors {@code c}:
 *
 * <table>
 *   <caption>configured value → resolved workers</caption>
 *   <tr><th>configured</th><th>record</th><th>resolved</th></tr>
 *   <tr><td>{@code n > 0}</td><td>{@link Exactly}</td><td>{@code n}</td></tr>
 *   <tr><td>{@code 0}</td><td>{@link AllProcessors}</td><td>{@code c}</td></tr>
 *   <tr><td>{@code -k}</td><td>{@link AllBut}</td><td>{@code max(1, c - k)}</td></tr>
 *   <tr><td>fraction {@code 0 < f <= 1}</td><td>{@link Share}</td>
 *       <td>{@code ceil(f * c)}, so {@code 1 <= result <= c}</td></tr>
 * </table>
 *
 * <ul>
 *   <li>A resolved count is never below 1: where the original fails, this clamps.
 *   <li>A fraction that is not in {@code (0, 1]} (including NaN and the infinities) is rejected
 *       when constructed, with an {@link IllegalArgumentException} quoting it.
 *   <li>{@code toString()} is the configuration text, and {@link #parse(String)} of it gives back
 *       an equal value.
 * </ul>
 *
 * <p>For example, on a machine with 8 processors:
 *
 * {@snippet file="Examples.java" region="workers"}
 */
public sealed interface WorkerCount
    permits WorkerCount.Exactly, WorkerCount.AllProcessors, WorkerCount.AllBut, WorkerCount.Share {

  /**
   * The worker count an integer configures: {@code n > 0} exactly {@code n}, {@code 0} all
   * processors, {@code -k} all but {@code k}.
   *
   * @param n the configured integer
   * @return the worker count
   * @throws IllegalArgumentException if {@code n} is {@link Integer#MIN_VALUE}, whose negation is
   *     not an {@code int}
   */
  static WorkerCount of(int n) {
    if (n > 0) {
      return new Exactly(n);
    }
    if (n == 0) {
      return AllProcessors.INSTANCE;
    }
    if (n == Integer.MIN_VALUE) {
      throw new IllegalArgumentException("worker count " + n + " is out of range");
    }
    return new AllBut(-n);
  }

  /**
   * A share of the processors.
   *
   * @param fraction the share, in {@code (0, 1]}
   * @return the worker count
   * @throws IllegalArgumentException if {@code fraction} is not in {@code (0, 1]}
   */
  static WorkerCount fraction(double fraction) {
    return new Share(fraction);
  }

  /**
   * All available processors, the same as {@code of(0)}.
   *
   * @return the worker count
   */
  static WorkerCount allProcessors() {
    return AllProcessors.INSTANCE;
  }

  /**
   * All processors but {@code free}, and at least one: the same as {@code of(-free)} ("-1 on a
   * busy server" is {@code allBut(1)}).
   *
   * @param free how many processors to leave free, at least 1
   * @return the worker count
   * @throws IllegalArgumentException naming {@code free} if it is less than 1
   */
  static WorkerCount allBut(int free) {
    return new AllBut(free);
  }

  /**
   * Parses configuration text: an integer ({@code "4"}, {@code "0"}, {@code "-1"}), a fraction
   * ({@code "0.5"}, {@code "5.0E-1"}) or a percentage ({@code "50%"}, {@code "12.5%"}).
   * Surrounding white space is ignored.
   *
   * @param text the configured value
   * @return the worker count
   * @throws IllegalArgumentException naming {@code text} if it is none of these, is out of range,
   *     or is a fraction or percentage that is not in {@code (0, 1]} or {@code (0%, 100%]}
   */
  static WorkerCount parse(String text) {
    Objects.requireNonNull(text, "text");
    return WorkerCountParser.parse(text);
  }

  /**
   * The number of workers on a machine with {@code availableProcessors} processors.
   *
   * @param availableProcessors the number of processors, at least 1
   * @return the number of workers, at least 1
   * @throws IllegalArgumentException if {@code availableProcessors < 1}
   */
  int resolve(int availableProcessors);

  /**
   * The number of workers on this JVM: {@code resolve(Runtime.getRuntime().availableProcessors())}.
   *
   * @return the number of workers, at least 1
   */
  default int resolve() {
    return resolve(Runtime.getRuntime().availableProcessors());
  }

  /**
   * Exactly {@code count} workers, whatever the number of processors.
   *
   * @param count the number of workers, at least 1
   */
  record Exactly(int count) implements WorkerCount {
    /**
     * Validates the count.
     *
     * @throws IllegalArgumentException if {@code count < 1}
     */
    public Exactly {
      if (count < 1) {
        throw new IllegalArgumentException("exact worker count " + count + " is not positive");
      }
    }

    @Override
    public int resolve(int availableProcessors) {
      WorkerCountParser.checkProcessors(availableProcessors);
      return count;
    }

    /** Returns the count, for example {@code "4"}. */
    @Override
    public String toString() {
      return Integer.toString(count);
    }
  }

  /** One worker per available processor; configured as {@code 0}. */
  enum AllProcessors implements WorkerCount {
    /** The only instance. */
    INSTANCE;

    @Override
    public int resolve(int availableProcessors) {
      WorkerCountParser.checkProcessors(availableProcessors);
      return availableProcessors;
    }

    /** Returns {@code "0"}. */
    @Override
    public String toString() {
      return "0";
    }
  }

  /**
   * All processors but {@code free}, and at least one: configured as {@code -free}.
   *
   * @param free how many processors to leave free, at least 1
   */
  record AllBut(int free) implements WorkerCount {
    /**
     * Validates the number of free processors.
     *
     * @throws IllegalArgumentException if {@code free < 1}
     */
    public AllBut {
      if (free < 1) {
        throw new IllegalArgumentException("processors to leave free " + free + " is not positive");
      }
    }

    @Override
    public int resolve(int availableProcessors) {
      WorkerCountParser.checkProcessors(availableProcessors);
      return Math.max(1, availableProcessors - free);
    }

    /** Returns the negative count, for example {@code "-1"}. */
    @Override
    public String toString() {
      return "-" + free;
    }
  }

  /**
   * A share of the processors, rounded up: {@code ceil(fraction * c)}, computed exactly on the
   * decimal value the fraction is written as ({@link Double#toString(double)}), so that {@code
   * 0.1} of 10 processors is 1, not 2.
   *
   * @param fraction the share, in {@code (0, 1]}
   */
  record Share(double fraction) implements WorkerCount {
    /**
     * Validates the fraction.
     *
     * @throws IllegalArgumentException quoting {@code fraction} if it is not in {@code (0, 1]}
     */
    public Share {
      if (!(fraction > 0 && fraction <= 1)) {
        throw new IllegalArgumentException(
            "worker fraction " + fraction + " is not in (0, 1]");
      }
    }

    @Override
    public int resolve(int availableProcessors) {
      WorkerCountParser.checkProcessors(availableProcessors);
      int share =
          BigDecimal.valueOf(fraction)
              .multiply(BigDecimal.valueOf(availableProcessors))
              .setScale(0, RoundingMode.CEILING)
              .intValueExact();
      return Math.min(availableProcessors, Math.max(1, share));
    }

    /** Returns the fraction as {@link Double#toString(double)} writes it, for example "0.5". */
    @Override
    public String toString() {
      return Double.toString(fraction);
    }
  }
}
