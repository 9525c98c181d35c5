package zensols.multi.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import zensols.multi.Chunking;
import zensols.multi.stash.Stash;

/** What a user could write by hand instead of a {@code MultiProcessStash}, on the same items. */
final class Baselines {
  private Baselines() {}

  /** A loop in the calling thread. */
  static void bareLoop(List<String> keys, Workload.Item item, Stash<String> into) throws Exception {
    for (String key : keys) {
      into.dump(key, item.value(key));
    }
  }

  /** {@code parallelStream()} on the common fork-join pool. */
  static void parallelStream(List<String> keys, Workload.Item item, Stash<String> into) {
    keys.parallelStream()
        .forEach(
            key -> {
              try {
                into.dump(key, item.value(key));
              } catch (RuntimeException e) {
                throw e;
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
  }

  /**
   * {@code invokeAll} of one task per chunk (the library's chunking: {@code chunkSize}, or 0 to
   * divide evenly among {@code workers}) on a fixed pool of {@code workers} platform threads, or
   * on a virtual-thread-per-task executor; the executor is created and closed per call, as the
   * library starts and ends its threads per prime.
   */
  static void invokeAll(List<String> keys, Workload.Item item, Stash<String> into, int chunkSize,
      int workers, boolean virtual) throws InterruptedException, ExecutionException {
    int size = chunkSize > 0 ? chunkSize : Chunking.evenChunkSize(keys.size(), workers);
    List<Callable<Void>> tasks = new ArrayList<>(keys.size() / Math.max(1, size) + 1);
    for (int from = 0; from < keys.size(); from += size) {
      List<String> chunk = keys.subList(from, Math.min(keys.size(), from + size));
      tasks.add(
          () -> {
            for (String key : chunk) {
              into.dump(key, item.value(key));
            }
            return null;
          });
    }
    try (ExecutorService executor =
        virtual
            ? Executors.newVirtualThreadPerTaskExecutor()
            : Executors.newFixedThreadPool(workers)) {
      for (Future<Void> done : executor.invokeAll(tasks)) {
        done.get();
      }
    }
  }
}
