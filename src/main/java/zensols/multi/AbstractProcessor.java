package zensols.multi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The state every processor has: its kind and an optional deadline. */
abstract class AbstractProcessor {
  private final @Nullable Duration deadline;

  AbstractProcessor(@Nullable Duration deadline) {
    if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
      throw new IllegalArgumentException("deadline " + deadline + " is not positive");
    }
    this.deadline = deadline;
  }

  /**
   * The processor's kind, as configuration text names it.
   *
   * @return the kind
   */
  public abstract String kind();

  /**
   * How long one run may take before it is cancelled.
   *
   * @return the deadline, or empty for none
   */
  public Optional<Duration> deadline() {
    return Optional.ofNullable(deadline);
  }

  static Duration requireDeadline(Duration deadline) {
    return Objects.requireNonNull(deadline, "deadline");
  }

  /** Equal when of the same (final) class with the same deadline. */
  @Override
  @SuppressWarnings("EqualsGetClass") // every subclass is final: same class means same kind
  public boolean equals(@Nullable Object o) {
    return o != null
        && o.getClass() == getClass()
        && Objects.equals(deadline, ((AbstractProcessor) o).deadline);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind(), deadline);
  }

  /** Returns the kind, with the deadline when there is one: {@code "pool"}, {@code "pool(PT5S)"}. */
  @Override
  public String toString() {
    return deadline == null ? kind() : kind() + "(" + deadline + ")";
  }
}
