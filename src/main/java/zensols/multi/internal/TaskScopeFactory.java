package zensols.multi.internal;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/** Opens {@link TaskScope}s on one backend. Implementations are thread-safe. */
public interface TaskScopeFactory {

  /**
   * The backend's short name: {@value TaskScopes#STRUCTURED} or {@value TaskScopes#FALLBACK}.
   *
   * @return the backend name
   */
  String backend();

  /**
   * Opens a scope owned by the calling thread.
   *
   * @param name the scope's name, used in diagnostics
   * @param threads creates the thread of every forked task
   * @param timeout how long {@link TaskScope#join()} may wait, or {@code null} for no deadline
   * @return the new, open scope
   */
  TaskScope open(String name, ThreadFactory threads, @Nullable Duration timeout);
}
