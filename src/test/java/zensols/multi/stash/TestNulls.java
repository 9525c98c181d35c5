package zensols.multi.stash;

/** Hands out {@code null} where the API forbids it, to test the argument checks. */
final class TestNulls {

  private TestNulls() {}

  @SuppressWarnings({"NullAway", "DataFlowIssue"})
  static String string() {
    return null;
  }

  @SuppressWarnings({"NullAway", "unchecked"})
  static <T> T any() {
    return (T) null;
  }
}
