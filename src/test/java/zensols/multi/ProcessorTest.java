package zensols.multi;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import zensols.multi.internal.TaskScopes;

/** The three processors: kinds, threads, names, bounds on concurrency and reports. */
class ProcessorTest {

  @Test
  void kindsNameTheProcessors() {
    assertInstanceOf(PoolProcessor.class, Processor.of("pool"));
    assertInstanceOf(VirtualProcessor.class, Processor.of("virtual"));
    assertInstanceOf(SingleProcessor.class, Processor.of("single"));
    assertInstanceOf(VirtualProcessor.class, Processor.of(" Virtual "));
    assertInstanceOf(PoolProcessor.class, Processor.of("POOL"));
    for (String kind : List.of("pool", "virtual", "single")) {
      Processor p = Processor.of(kind);
      assertEquals(kind, p.kind());
      assertEquals(Optional.empty(), p.deadline());
      assertEquals(p, Processor.of(kind));
      assertEquals(p.hashCode(), Processor.of(kind).hashCode());
      assertEquals(kind, p.toString());
    }
    assertEquals(Processor.pool(), Processor.of("pool"));
    assertNotEquals(Processor.pool(), Processor.virtual());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "fork", "thread", "pools", "multi", "pool,virtual"})
  void unknownKindsAreRejectedQuotingThem(String kind) {
    var e = assertThrows(IllegalArgumentException.class, () -> Processor.of(kind));
    assertTrue(Workers.message(e).contains("\"" + kind + "\""), Workers.message(e));
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void deadlinesMustBePositive(String kind) {
    Processor p = Processor.of(kind);
    Processor timed = p.withDeadline(Duration.ofSeconds(3));
    assertEquals(kind, timed.kind());
    assertEquals(Optional.of(Duration.ofSeconds(3)), timed.deadline());
    assertSame(p.getClass(), timed.getClass());
    assertNotEquals(p, timed);
    assertEquals(kind + "(PT3S)", timed.toString());
    assertThrows(IllegalArgumentException.class, () -> p.withDeadline(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> p.withDeadline(Duration.ofMillis(-1)));
  }

  @Test
  void poolStartsAtMostMinOfWorkersAndChunksNamedAfterTheStash() {
    Pattern names = Pattern.compile("prop-stash-worker-\\d+");
    qt().withExamples(60)
        .forAll(integers().between(1, 8), integers().between(0, 40), integers().between(1, 5))
        .checkAssert((workers, n, chunkSize) -> {
          Set<Thread> threads = ConcurrentHashMap.newKeySet();
          Set<String> threadNames = ConcurrentHashMap.newKeySet();
          AtomicInteger items = new AtomicInteger();
          ProcessReport report = Processor.pool().run("prop-stash",
              Chunking.chunks(IntStream.range(0, n).boxed(), chunkSize, workers),
              WorkerCount.of(workers), chunk -> {
                threads.add(Thread.currentThread());
                threadNames.add(Thread.currentThread().getName());
                items.addAndGet(chunk.size());
              });
          int chunks = (n + chunkSize - 1) / chunkSize;
          String where = "workers=" + workers + " n=" + n + " chunkSize=" + chunkSize;
          // a fast worker may take a chunk before the caller forks the next worker: at most
          assertTrue(report.threads() <= Math.min(workers, chunks), where + " " + report);
          assertTrue(chunks == 0 || report.threads() >= 1, where + " " + report);
          assertEquals(report.threads(), threadNames.size(), where + " " + threadNames);
          assertEquals(threadNames.size(), threads.size(), where);
          for (Thread t : threads) {
            assertTrue(names.matcher(t.getName()).matches(), t.getName());
            assertFalse(t.isVirtual(), t + " is virtual");
            assertFalse(t.isAlive(), t + " outlived the run");
          }
          assertEquals(chunks, report.chunks(), where);
          assertEquals((long) n, report.items(), where);
          assertEquals(n, items.get(), where);
          assertEquals(workers, report.workers(), where);
          assertEquals("pool", report.processor());
          assertEquals("prop-stash", report.name());
          assertEquals(TaskScopes.factory().backend(), report.backend());
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual"})
  void eachWorkerIsAThreadWhenChunksOutnumberWorkers(String kind) throws Exception {
    for (int workers : new int[] {1, 2, 5}) {
      CountDownLatch allStarted = new CountDownLatch(workers);
      Set<String> names = ConcurrentHashMap.newKeySet();
      AtomicBoolean met = new AtomicBoolean(true);
      ProcessReport report = Processor.of(kind).run("exact", Workers.singletons(workers * 3),
          WorkerCount.of(workers), chunk -> {
            names.add(Thread.currentThread().getName());
            if (chunk.id() < workers) {
              allStarted.countDown();
              met.compareAndSet(true, allStarted.await(Workers.PROMPTLY.toMillis(), MILLISECONDS));
            }
          });
      assertTrue(met.get(), "the first chunks did not run at once");
      assertEquals(workers, report.threads());
      assertEquals(workers, names.size(), names::toString);
    }
  }

  @Test
  void virtualThreadsAreNamedAfterTheStash() {
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    ProcessReport report = Processor.virtual().run("io-stash", Workers.singletons(50),
        WorkerCount.of(4), chunk -> threads.add(Thread.currentThread()));
    assertTrue(report.threads() >= 1 && report.threads() <= 4, "threads " + report.threads());
    assertEquals(report.threads(), threads.size());
    for (Thread t : threads) {
      assertTrue(t.isVirtual(), t + " is not virtual");
      assertTrue(t.getName().matches("io-stash-vworker-\\d+"), t.getName());
      assertFalse(t.isAlive(), t + " outlived the run");
    }
    assertEquals("virtual", report.processor());
    assertEquals(50, report.chunks());
  }

  @Test
  void virtualKeepsAtMostWorkersChunksInFlight() throws Exception {
    for (int workers : new int[] {1, 3, 16}) {
      int n = workers * 6;
      AtomicInteger inFlight = new AtomicInteger();
      AtomicInteger max = new AtomicInteger();
      // the first `workers` chunks meet: proves they do run at once
      CountDownLatch allStarted = new CountDownLatch(workers);
      AtomicBoolean met = new AtomicBoolean(true);
      ProcessReport report = Processor.virtual().run("inflight", Workers.singletons(n),
          WorkerCount.of(workers), chunk -> {
            max.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
              if (chunk.id() < workers) {
                allStarted.countDown();
                if (!allStarted.await(Workers.PROMPTLY.toMillis(), MILLISECONDS)) {
                  met.set(false);
                }
              } else {
                Thread.sleep(1);
              }
            } finally {
              inFlight.decrementAndGet();
            }
          });
      assertTrue(met.get(), "the first " + workers + " chunks did not run at once");
      assertEquals(workers, max.get(), "max chunks in flight with " + workers + " workers");
      assertEquals(workers, report.threads());
      assertEquals(n, report.chunks());
    }
  }

  @Test
  void poolKeepsAtMostWorkersChunksInFlight() {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    Processor.pool().run("inflight", Workers.singletons(200), WorkerCount.of(3), chunk -> {
      max.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      Thread.yield();
      inFlight.decrementAndGet();
    });
    assertTrue(max.get() >= 1 && max.get() <= 3, "max in flight " + max.get());
  }

  @Test
  void singleRunsEveryChunkInTheCallerInOrder() {
    Thread caller = Thread.currentThread();
    List<Integer> order = new ArrayList<>();
    ProcessReport report = Processor.single().run("one", Workers.singletons(25),
        WorkerCount.of(8), chunk -> {
          assertSame(caller, Thread.currentThread());
          order.add(chunk.id());
        });
    assertEquals(IntStream.range(0, 25).boxed().toList(), order);
    assertEquals(0, report.threads());
    assertEquals("caller", report.backend());
    assertEquals("single", report.processor());
    assertEquals(8, report.workers());
    assertEquals(25, report.chunks());
    assertEquals(25, report.items());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void reportCountsChunksAndItems(String kind) {
    ProcessReport report = Processor.of(kind).run("counts",
        Chunking.chunks(IntStream.range(0, 1001).boxed(), 10, 4), WorkerCount.of(4), chunk -> {});
    assertEquals(101, report.chunks());
    assertEquals(1001, report.items());
    assertEquals("counts", report.name());
    assertEquals(kind, report.processor());
    assertEquals(4, report.workers());
    assertFalse(report.elapsed().isNegative());
    assertTrue(report.itemsPerSecond() >= 0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void noDataStartsNoThread(String kind) {
    AtomicInteger calls = new AtomicInteger();
    ProcessReport report = Processor.of(kind).run("empty",
        Chunking.chunks(Stream.<Integer>empty(), 5, 4), WorkerCount.of(4),
        chunk -> calls.incrementAndGet());
    assertEquals(0, report.threads());
    assertEquals(0, report.chunks());
    assertEquals(0, report.items());
    assertEquals(0, calls.get());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void workersResolveAgainstTheAvailableProcessors(String kind) {
    int c = Runtime.getRuntime().availableProcessors();
    ProcessReport report = Processor.of(kind).run("resolve", Workers.singletons(3),
        WorkerCount.allProcessors(), chunk -> {});
    assertEquals(c, report.workers());
    ProcessReport half = Processor.of(kind).run("resolve", Workers.singletons(3),
        WorkerCount.parse("50%"), chunk -> {});
    assertEquals((c + 1) / 2, half.workers());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void runClosesTheChunksOnSuccessAndOnFailure(String kind) {
    AtomicBoolean closed = new AtomicBoolean();
    Processor.of(kind).run("close", Workers.singletons(5).onClose(() -> closed.set(true)),
        WorkerCount.of(2), chunk -> {});
    assertTrue(closed.get(), "not closed after success");

    AtomicBoolean closedAfterFailure = new AtomicBoolean();
    assertThrows(ChunkFailedException.class, () -> Processor.of(kind).run("close",
        Workers.singletons(5).onClose(() -> closedAfterFailure.set(true)), WorkerCount.of(2),
        chunk -> {
          throw new IllegalStateException("boom");
        }));
    assertTrue(closedAfterFailure.get(), "not closed after failure");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual"})
  void oneProcessorRunsManyRunsConcurrently(String kind) throws Exception {
    Processor processor = Processor.of(kind);
    Map<Integer, ProcessReport> reports = new ConcurrentHashMap<>();
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int run = i;
      callers.add(Thread.ofPlatform().start(() -> reports.put(run, processor.run("run" + run,
          Workers.singletons(100), WorkerCount.of(3), chunk -> Thread.yield()))));
    }
    for (Thread caller : callers) {
      Workers.assertEndsPromptly(caller);
    }
    assertEquals(Set.of(0, 1, 2, 3), reports.keySet());
    assertEquals(Set.of(100),
        reports.values().stream().map(ProcessReport::chunks).collect(Collectors.toSet()));
  }
}
