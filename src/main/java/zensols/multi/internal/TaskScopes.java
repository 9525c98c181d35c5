package zensols.multi.internal;

import java.lang.reflect.InvocationTargetException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the structured-concurrency backend once per JVM.
 *
 * <ul>
 *   <li>{@value #STRUCTURED}: {@code java.util.concurrent.StructuredTaskScope} (JEP 505), used when
 *       the JVM is a JDK 25 started with {@code --enable-preview};
 *   <li>{@value #FALLBACK}: {@link FallbackTaskScope}, used everywhere else.
 * </ul>
 *
 * <p>The JEP 505 class is a JDK 25 preview class file (69.65535) in {@code
 * META-INF/versions/25/} of the library's multi-release jar, so only a JDK 25 sees it: JDK 21-24
 * find no such class, a JDK 25 without {@code --enable-preview} refuses to load it, and on JDK 26+
 * (which would see the entry but cannot load a JDK 25 preview class) it is not tried at all. Each
 * case falls back; a directory of classes (tests) is given the class at the top level instead.
 *
 * <p>The system property {@value #BACKEND_PROPERTY} chooses: {@value #FALLBACK} forces the
 * fallback; {@value #STRUCTURED}, the default, uses JEP 505 where the JVM accepts it and the
 * fallback elsewhere. Any other value is rejected by {@link #factory()}.
 */
public final class TaskScopes {
  /** The name of the JEP 505 backend. */
  public static final String STRUCTURED = "structured";

  /** The name of the backend built on final Java 21 APIs. */
  public static final String FALLBACK = "fallback";

  /** The system property that may force {@value #FALLBACK}. */
  public static final String BACKEND_PROPERTY = "zensols.multi.backend";

  private static final Logger LOG = LoggerFactory.getLogger(TaskScopes.class);
  private static final String STRUCTURED_CLASS = "zensols.multi.internal.StructuredTaskScopeFactory";
  private static final int STRUCTURED_FEATURE = 25;
  private static volatile @Nullable TaskScopeFactory chosen;

  private TaskScopes() {}

  /**
   * The backend this JVM uses, chosen on the first call.
   *
   * @return the factory
   * @throws IllegalArgumentException quoting the value if {@value #BACKEND_PROPERTY} is set to
   *     neither {@value #FALLBACK} nor {@value #STRUCTURED}; nothing is chosen then
   */
  public static TaskScopeFactory factory() {
    TaskScopeFactory factory = chosen;
    if (factory == null) {
      factory = choose(); // a race only makes two threads choose the same backend
      chosen = factory;
    }
    return factory;
  }

  private static TaskScopeFactory choose() {
    String forced = System.getProperty(BACKEND_PROPERTY);
    TaskScopeFactory factory;
    if (forced != null && !forced.equals(FALLBACK) && !forced.equals(STRUCTURED)) {
      throw new IllegalArgumentException(
          "system property " + BACKEND_PROPERTY + " is \"" + forced + "\"; expected \""
              + FALLBACK + "\" or \"" + STRUCTURED + "\"");
    }
    if (FALLBACK.equals(forced)) {
      factory = FallbackTaskScope.FACTORY;
    } else {
      factory = loadStructured();
    }
    LOG.debug("structured-concurrency backend: {}", factory.backend());
    return factory;
  }

  private static TaskScopeFactory loadStructured() {
    int feature = Runtime.version().feature();
    if (feature != STRUCTURED_FEATURE) {
      LOG.debug("JDK {} is not JDK {}: StructuredTaskScope (JEP 505) not used", feature,
          STRUCTURED_FEATURE);
      return FallbackTaskScope.FACTORY;
    }
    try {
      return Class.forName(STRUCTURED_CLASS)
          .asSubclass(TaskScopeFactory.class)
          .getDeclaredConstructor()
          .newInstance();
    } catch (ClassNotFoundException e) {
      LOG.debug("{} is not on this class or module path (a jar built without JDK 25, or not seen"
          + " as a multi-release jar): StructuredTaskScope (JEP 505) not used", STRUCTURED_CLASS);
    } catch (UnsupportedClassVersionError e) {
      LOG.debug("preview features are not enabled: StructuredTaskScope (JEP 505) not used");
    } catch (LinkageError | ReflectiveOperationException e) {
      if (e instanceof InvocationTargetException ite && ite.getCause() instanceof Error err) {
        throw err;
      }
      LOG.debug("StructuredTaskScope (JEP 505) not usable: {}", e.toString());
    }
    return FallbackTaskScope.FACTORY;
  }
}
