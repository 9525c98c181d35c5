package zensols.multi.internal;

import java.util.concurrent.TimeoutException;

/**
 * A scope in which the owner thread forks tasks that each run in a thread of their own.
 *
 * <ul>
 *   <li>Only the thread that opened the scope may call {@link #fork}, {@link #join} and
 *       {@link #close}.
 *   <li>The first task that completes abruptly cancels the scope: every other task's thread is
 *       interrupted and {@link #join} returns. The failure itself is not reported here; callers
 *       record failures inside their tasks.
 *   <li>{@link #close} cancels whatever is still running and waits, without being interruptible,
 *       until every task has finished; if the owner was interrupted while waiting, its interrupt
 *       status is set again on return.
 * </ul>
 */
public interface TaskScope extends AutoCloseable {

  /**
   * Starts {@code task} in a new thread of this scope.
   *
   * @param task the work; an exception or error thrown by it cancels the scope
   * @throws IllegalStateException if the scope has been joined or closed
   * @throws OutOfMemoryError (or whatever the thread factory or {@link Thread#start()} throws) if
   *     the task's thread cannot be created or started; the task is then not part of the scope
   */
  void fork(Runnable task);

  /**
   * Waits until every forked task has finished or one of them failed, whichever is first.
   *
   * @throws InterruptedException if the owner is interrupted while waiting; the scope is
   *     cancelled by {@link #close}, as JEP 505's scope does, so that the owner can record the
   *     cancellation before the tasks see it
   * @throws TimeoutException if the scope's deadline passed first; the scope is then cancelled
   */
  void join() throws InterruptedException, TimeoutException;

  /** Cancels the tasks still running and waits until all of them have finished. */
  @Override
  void close();
}
