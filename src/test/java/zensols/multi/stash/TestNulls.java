package zensols.multi.stash;

/** Hands out {@code null} where the API forbids it, to test the argument checks. */
final class TestNulls {

  private TestNulls() {}

  /** Returns {@code null} typed as a {@code String}. */
  static String string() {
    return nullOf(String.class);
  }

  /** Returns {@code null} typed as {@code type}. */
  @SuppressWarnings("NullAway")
  static <T> T nullOf(Class<T> type) {
    return null;
  }
}
