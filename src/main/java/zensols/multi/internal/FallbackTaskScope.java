package zensols.multi.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TaskScope} built on final Java 21 APIs, with the guarantees of JEP 505's
 * {@code StructuredTaskScope} opened with the "await all successful or throw" joiner.
 *
 * <ul>
 *   <li>the first task that throws cancels the scope: the threads of the other tasks are
 *       interrupted and tasks forked afterwards are not started;
 *   <li>{@link #join()} returns when every task has finished or one failed; when the deadline
 *       passes it cancels the scope before throwing; when the owner is interrupted it throws and
 *       leaves the cancellation to {@link #close()}, as JEP 505's scope does;
 *   <li>a task whose thread cannot be started (the factory or {@link Thread#start()} throws) is
 *       not counted: {@link #fork} rethrows and the scope goes on with the others;
 *   <li>{@link #close()} returns only after every thread it started has terminated
 *       ({@link Thread#join()}).
 * </ul>
 *
 * <p>Not thread-safe for the owner's calls, which must all come from the opening thread; tasks may
 * complete from any thread.
 */
public final class FallbackTaskScope implements TaskScope {
  /** Opens fallback scopes. */
  public static final TaskScopeFactory FACTORY =
      new TaskScopeFactory() {
        @Override
        public String backend() {
          return TaskScopes.FALLBACK;
        }

        @Override
        public TaskScope open(String name, ThreadFactory threads, @Nullable Duration timeout) {
          return new FallbackTaskScope(name, threads, timeout);
        }

        @Override
        public String toString() {
          return TaskScopes.FALLBACK;
        }
      };

  private final String name;
  private final Thread owner = Thread.currentThread();
  private final ThreadFactory threadFactory;
  private final long deadline;
  private final boolean hasDeadline;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<Thread> threads = new ArrayList<>();
  private int running;
  private boolean failed;
  private boolean cancelled;
  private boolean closed;
  private boolean joined;

  private FallbackTaskScope(String name, ThreadFactory threadFactory, @Nullable Duration timeout) {
    this.name = name;
    this.threadFactory = threadFactory;
    this.hasDeadline = timeout != null;
    this.deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
  }

  /** Runs a forked task through {@link #runTask(Runnable)}. */
  private final class Task implements Runnable {
    private final Runnable task;

    Task(Runnable task) {
      this.task = task;
    }

    @Override
    public void run() {
      runTask(task);
    }
  }

  @Override
  public void fork(Runnable task) {
    checkOwner();
    Thread thread = threadFactory.newThread(new Task(task)); // a class: no lambda to link cold
    if (thread == null) {
      throw new IllegalStateException("scope " + name + ": the thread factory returned null");
    }
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("scope " + name + " is closed");
      }
      if (joined) {
        throw new IllegalStateException("scope " + name + " has been joined");
      }
      if (cancelled) {
        return;
      }
      threads.add(thread);
      running++;
    } finally {
      lock.unlock();
    }
    try {
      thread.start();
    } catch (Throwable e) { // NOPMD: e.g. OutOfMemoryError "unable to create native thread"
      lock.lock();
      try {
        threads.remove(thread);
        running--;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      throw e;
    }
  }

  private void runTask(Runnable task) {
    boolean ok = false;
    try {
      task.run();
      ok = true;
    } catch (Throwable e) { // NOPMD: reported by the task's owner; this only cancels the scope
      // the failure itself is recorded by the task; see TaskScope
    } finally {
      finished(ok);
    }
  }

  private void finished(boolean ok) {
    lock.lock();
    try {
      running--;
      if (!ok) {
        failed = true;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (!ok) {
      cancel();
    }
  }

  @Override
  public void join() throws InterruptedException, TimeoutException {
    checkOwner();
    lock.lock();
    try {
      joined = true;
      while (running > 0 && !failed) {
        if (!hasDeadline) {
          changed.await();
        } else {
          long remaining = deadline - System.nanoTime();
          if (remaining <= 0) {
            throw new TimeoutException("scope " + name + ": deadline passed");
          }
          changed.awaitNanos(remaining);
        }
      }
    } catch (TimeoutException e) {
      cancel(); // the lock is reentrant
      throw e;
    } finally {
      lock.unlock();
    }
  }

  private void cancel() {
    Thread self = Thread.currentThread();
    lock.lock();
    try {
      cancelled = true;
      for (Thread thread : threads) {
        if (thread != self) {
          thread.interrupt();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    checkOwner();
    List<Thread> started;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      started = List.copyOf(threads);
    } finally {
      lock.unlock();
    }
    cancel();
    boolean interrupted = false;
    for (Thread thread : started) {
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void checkOwner() {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          "scope " + name + " is owned by " + owner.getName() + ", not "
              + Thread.currentThread().getName());
    }
  }
}
