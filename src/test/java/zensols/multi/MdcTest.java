package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

/** slf4j's MDC in a chunk: the caller's entries plus the stash name and the chunk id. */
class MdcTest {

  @BeforeAll
  static void theTestRuntimeHasAWorkingMdc() {
    MDC.put("probe", "p");
    try {
      assertEquals("p", MDC.get("probe"),
          "the slf4j provider on the test path discards the MDC ("
              + MDC.getMDCAdapter().getClass().getName()
              + "): use one with a working MDC, such as slf4j-jdk14 (slf4j-simple has none)");
    } finally {
      MDC.remove("probe");
    }
  }

  @BeforeEach
  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  private static Map<String, String> context() {
    Map<String, String> map = MDC.getCopyOfContextMap();
    return map == null ? Map.of() : new HashMap<>(map);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void aChunkSeesTheCallersContextPlusStashAndChunk(String kind) {
    MDC.put("request", "r-17");
    MDC.put("user", "ada");
    Map<Integer, Map<String, String>> seen = new ConcurrentHashMap<>();
    Processor.of(kind).run("mdc-stash", Workers.singletons(12), WorkerCount.of(3),
        chunk -> seen.put(chunk.id(), context()));
    assertEquals(12, seen.size());
    seen.forEach((id, mdc) -> assertEquals(
        Map.of("request", "r-17", "user", "ada", Processor.MDC_STASH, "mdc-stash",
            Processor.MDC_CHUNK, Integer.toString(id)), mdc, "MDC of chunk " + id));
    assertEquals(Map.of("request", "r-17", "user", "ada"), context(), "caller's MDC after the run");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual", "single"})
  void withoutCallerContextAChunkSeesStashAndChunk(String kind) {
    Map<Integer, Map<String, String>> seen = new ConcurrentHashMap<>();
    Processor.of(kind).run("bare", Workers.singletons(4), WorkerCount.of(2),
        chunk -> seen.put(chunk.id(), context()));
    seen.forEach((id, mdc) -> assertEquals(
        Map.of(Processor.MDC_STASH, "bare", Processor.MDC_CHUNK, Integer.toString(id)), mdc));
    assertEquals(Map.of(), context());
  }

  @Test
  void singleRestoresTheCallersEntriesItOverwrote() {
    MDC.put(Processor.MDC_STASH, "outer-stash");
    MDC.put(Processor.MDC_CHUNK, "outer-chunk");
    MDC.put("request", "r-1");
    Processor.single().run("inner", Workers.singletons(3), WorkerCount.of(1), chunk -> {
      assertEquals("inner", MDC.get(Processor.MDC_STASH));
      assertEquals(Integer.toString(chunk.id()), MDC.get(Processor.MDC_CHUNK));
    });
    assertEquals(Map.of(Processor.MDC_STASH, "outer-stash", Processor.MDC_CHUNK, "outer-chunk",
        "request", "r-1"), context());
  }

  @Test
  void singleRestoresTheMdcAfterAFailure() {
    MDC.put("request", "r-2");
    assertThrows(ChunkFailedException.class,
        () -> Processor.single().run("inner", Workers.singletons(3), WorkerCount.of(1), chunk -> {
          if (chunk.id() == 1) {
            throw new IllegalStateException("boom");
          }
        }));
    assertEquals(Map.of("request", "r-2"), context());
    assertNull(MDC.get(Processor.MDC_CHUNK));
  }

  @ParameterizedTest
  @ValueSource(strings = {"pool", "virtual"})
  void threadedRunsLeaveTheCallersMdcAlone(String kind) {
    MDC.put("request", "r-3");
    assertThrows(ChunkFailedException.class,
        () -> Processor.of(kind).run("inner", Workers.singletons(6), WorkerCount.of(2), chunk -> {
          MDC.put("set-by-chunk", "x");
          if (chunk.id() == 3) {
            throw new IllegalStateException("boom");
          }
        }));
    assertEquals(Map.of("request", "r-3"), context());
  }
}
