package zensols.multi.internal;

import java.time.Duration;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Opens scopes on JDK 25's {@link StructuredTaskScope} (JEP 505, a preview API) with the
 * {@link Joiner#awaitAllSuccessfulOrThrow()} joiner.
 *
 * <p>This class is compiled separately for JDK 25 with preview features enabled and is loaded
 * reflectively by {@link TaskScopes} only when the running JVM accepts it.
 */
public final class StructuredTaskScopeFactory implements TaskScopeFactory {

  /** Creates the factory; {@link TaskScopes} calls this reflectively. */
  public StructuredTaskScopeFactory() {}

  @Override
  public String backend() {
    return TaskScopes.STRUCTURED;
  }

  @Override
  public TaskScope open(String name, ThreadFactory threads, @Nullable Duration timeout) {
    StructuredTaskScope<Object, Void> scope =
        StructuredTaskScope.open(
            Joiner.awaitAllSuccessfulOrThrow(), new Configure(name, threads, timeout));
    return new Scope(name, scope);
  }

  /** The scope's name, thread factory and deadline (a class: no lambda to link on a first prime). */
  private record Configure(String name, ThreadFactory threads, @Nullable Duration timeout)
      implements Function<StructuredTaskScope.Configuration, StructuredTaskScope.Configuration> {
    @Override
    public StructuredTaskScope.Configuration apply(StructuredTaskScope.Configuration config) {
      StructuredTaskScope.Configuration named = config.withName(name).withThreadFactory(threads);
      Duration deadline = timeout;
      return deadline == null ? named : named.withTimeout(deadline);
    }
  }

  @Override
  public String toString() {
    return TaskScopes.STRUCTURED;
  }

  private record Scope(String name, StructuredTaskScope<Object, Void> scope) implements TaskScope {
    @Override
    public void fork(Runnable task) {
      scope.fork(task);
    }

    @Override
    public void join() throws InterruptedException, TimeoutException {
      try {
        scope.join();
      } catch (StructuredTaskScope.FailedException e) {
        // the failing task has recorded its failure; the scope is cancelled
      } catch (StructuredTaskScope.TimeoutException e) {
        TimeoutException timeout = new TimeoutException("scope " + name + ": deadline passed");
        timeout.initCause(e);
        throw timeout;
      }
    }

    @Override
    public void close() {
      scope.close();
    }
  }
}
