package zensols.multi;

/**
 * A factory returned {@code null} for a key: a programming error in the factory, which fails the
 * prime (or the load) at once, naming the key, and is never recorded as the key's {@link Failure}
 * by a robust stash.
 */
final class FactoryNullException extends NullPointerException {
  private static final long serialVersionUID = 1L;

  FactoryNullException(String message) {
    super(message);
  }
}
