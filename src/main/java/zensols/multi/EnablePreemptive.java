package zensols.multi;

import java.util.Locale;
import java.util.Objects;

/**
 * Whether a {@link MultiProcessFactoryStash} consults its factory to decide that the data exists:
 * the original's {@code enable_preemptive} ({@code False}, {@code True}, {@code 'always'}).
 */
public enum EnablePreemptive {
  /**
   * The original's {@code False}: the data exists when the delegate holds it; the factory is not
   * asked.
   */
  FALSE,

  /**
   * The original's {@code True}: the data exists when the delegate holds it, or else, when the
   * factory is a {@link zensols.multi.stash.PreemptiveStash}, when the factory {@linkplain
   * zensols.multi.stash.PreemptiveStash#hasData() has data}; values are then created one by one
   * from the factory as they are loaded, and nothing is primed in bulk. A factory that is not a
   * {@code PreemptiveStash} is not asked: the work runs as with {@link #FALSE}.
   */
  TRUE,

  /**
   * The original's {@code 'always'}: the first prime of each instance runs the work whatever the
   * delegate holds. (The original re-runs it on every access; this runs it once per instance.)
   */
  ALWAYS;

  /**
   * Parses the original's configuration text: {@code false}, {@code true} or {@code always}, in
   * any case.
   *
   * @param text the text
   * @return the value
   * @throws IllegalArgumentException quoting {@code text} if it is none of these
   */
  public static EnablePreemptive parse(String text) {
    Objects.requireNonNull(text, "text");
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "false" -> FALSE;
      case "true" -> TRUE;
      case "always" -> ALWAYS;
      default ->
          throw new IllegalArgumentException(
              "invalid enable_preemptive \"" + text + "\": expected false, true or always");
    };
  }
}
