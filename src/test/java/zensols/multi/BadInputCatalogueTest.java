package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import zensols.multi.stash.Codec;
import zensols.multi.stash.DirectoryStash;
import zensols.multi.stash.MemoryStash;
import zensols.multi.stash.ReadOnlyStash;
import zensols.multi.stash.Stash;

/**
 * The bad-input catalogue of issue 5: one test (or one parameterised row) per bad input, each
 * expecting a clear exception that names the bad value, with nothing written and nothing already
 * stored lost. Every row runs against a stash directory that already holds a value, and checks
 * afterwards that the directory holds exactly what it held before.
 *
 * <p>Rows covered elsewhere, not repeated here: every invalid key against every {@code
 * DirectoryStash} method ({@code stash.DirectoryStashKeyTest}), the serialisation filter on its
 * own ({@code stash.SerialFilterTest}), bad configuration text ({@code MultiProcessConfigTest}).
 */
class BadInputCatalogueTest {

  @TempDir Path tmp;
  private Path dir;
  private DirectoryStash<String> stash;
  private Map<String, byte[]> before = Map.of();

  @BeforeEach
  void storeAValue() throws IOException {
    dir = tmp.resolve("stash");
    stash = new DirectoryStash<>(dir, Codec.serializable(String.class));
    stash.dump("keep", "kept value");
    before = snapshot();
  }

  /** Every entry of the stash directory (and its siblings) with its bytes. */
  private Map<String, byte[]> snapshot() throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(tmp)) {
      for (Path p : walk.toList()) {
        String name = p.getFileName().toString();
        if (name.equals(DirectoryStash.LOCK_NAME) || name.equals(DirectoryStash.FORMAT_NAME)) {
          continue; // the prime lock and the format mark, by design
        }
        if (Files.isRegularFile(p)) {
          files.put(tmp.relativize(p).toString(), Files.readAllBytes(p));
        } else {
          files.put(tmp.relativize(p) + "/", new byte[0]);
        }
      }
    }
    return files;
  }

  /** Nothing was written and nothing stored was lost. */
  private void assertUntouched() throws IOException {
    Map<String, byte[]> after = snapshot();
    assertEquals(before.keySet(), after.keySet(), "the files under " + tmp);
    for (Map.Entry<String, byte[]> e : before.entrySet()) {
      assertTrue(java.util.Arrays.equals(e.getValue(), after.get(e.getKey())), e.getKey());
    }
    assertEquals(Optional.of("kept value"), stash.load("keep"));
  }

  private static <T extends Throwable> String messageOf(Class<T> type, Executable bad) {
    return Messages.of(assertThrows(type, bad));
  }

  /** Hands out {@code null} where the API forbids it. */
  @SuppressWarnings({"NullAway", "TypeParameterUnusedInFormals"})
  private static <T> T nul() {
    return null;
  }

  // ---- keys ------------------------------------------------------------------------------

  static Stream<Arguments> badKeys() {
    // issue 10: every non-empty key is a key now; only an empty key and one whose escaped file
    // name is too long are refused
    return Stream.of(
        Arguments.of("empty", "", "\"\""),
        Arguments.of("too long for a file name", "k".repeat(256), "\"" + "k".repeat(256) + "\""),
        Arguments.of("too long once escaped", "é".repeat(43), "\"" + "é".repeat(43) + "\""));
  }

  /** Keys the old code refused (or mangled) that now round-trip and stay inside the directory. */
  @ParameterizedTest(name = "key {0}")
  @ValueSource(strings = {".", "..", "a/b", "../keep", "a\\b", "a\0b", ".tmp-0123456789abcdef",
      ".complete", ".lock", "café", "CON", "nul.txt", "trailing ", "trailing.", "%", "%41", ".x",
      "jfr/default.jfc", "/etc/passwd"})
  void formerlyRefusedKeyRoundTripsInsideTheDirectory(String key) throws IOException {
    stash.dump(key, "value of " + key);
    assertEquals(Optional.of("value of " + key), stash.load(key));
    assertTrue(stash.keys().contains(key), stash.keys().toString());
    assertEquals(Set.of("keep", key), stash.keys());
    String name = stash.fileName(key);
    assertTrue(name.chars().allMatch(c -> c > 0x20 && c < 0x7f), name);
    assertTrue(Files.isRegularFile(dir.resolve(name)), name);
    assertTrue(stash.delete(key));
    assertUntouched();
  }

  /** Issue 10 item 1: the robust stash checks its keys before any work runs. */
  @Test
  void aKeyTooLongForAFileNameFailsTheRobustPrimeBeforeAnyWork() throws IOException {
    String tooLong = "k".repeat(300);
    AtomicInteger loads = new AtomicInteger();
    ReadOnlyStash<String> factory =
        new ReadOnlyStash<>() {
          @Override
          public Optional<String> load(String key) {
            loads.incrementAndGet();
            return Optional.of("v " + key);
          }

          @Override
          public boolean exists(String key) {
            return keys().contains(key);
          }

          @Override
          public Set<String> keys() {
            return Set.of("a", "b", tooLong);
          }
        };
    MultiProcessRobustStash<String> robust =
        new MultiProcessRobustStash<>("long", stash, factory,
            new MultiProcessConfig(1, WorkerCount.of(1), Processor.single()), true,
            new MemoryStash<>());
    ChunkFailedException e = assertThrows(ChunkFailedException.class, robust::prime);
    Throwable cause = Objects2.cause(e);
    assertInstanceOf(IllegalArgumentException.class, cause);
    assertTrue(Messages.of(cause).contains("too long") || Messages.of(cause).contains("long"),
        Messages.of(cause));
    assertEquals(0, loads.get(), "no work ran");
    assertFalse(stash.exists("a"), "nothing was stored");
    assertUntouched();
  }

  @ParameterizedTest(name = "key {0}")
  @MethodSource("badKeys")
  void badKeyIsRejectedNamingItAndNothingIsWritten(String row, String key, String quoted)
      throws IOException {
    for (Executable op :
        List.<Executable>of(
            () -> stash.dump(key, "value"),
            () -> stash.load(key),
            () -> stash.exists(key),
            () -> stash.delete(key))) {
      String message = messageOf(IllegalArgumentException.class, op);
      assertTrue(message.startsWith("invalid key " + quoted + ": "), message);
    }
    assertUntouched();
  }

  @ParameterizedTest(name = "key {0}")
  @MethodSource("badKeys")
  void badKeyFromProcessFailsThePrimeNamingItAndKeepsWhatWasStored(
      String row, String key, String quoted) throws IOException {
    OneChunkStash bad =
        new OneChunkStash(stash, List.of(Map.entry("a", "value a"), Map.entry(key, "bad")));
    ChunkFailedException e = assertThrows(ChunkFailedException.class, bad::prime);
    assertTrue(Messages.of(e).startsWith("stash 'one': chunk 0 failed: "), Messages.of(e));
    Throwable cause = Objects2.cause(e);
    assertInstanceOf(IllegalArgumentException.class, cause);
    assertTrue(Messages.of(cause).startsWith("invalid key " + quoted), Messages.of(cause));
    // the value dumped before the bad key stays; nothing else was written
    assertEquals(Optional.of("value a"), stash.load("a"));
    assertTrue(stash.delete("a"));
    assertFalse(Files.exists(dir.resolve(DirectoryStash.MARKER_NAME)), "not marked complete");
    assertUntouched();
  }

  // ---- WorkerCount -----------------------------------------------------------------------

  @ParameterizedTest(name = "fraction {0}")
  @ValueSource(
      doubles = {
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1.5, -0.5,
        1.0000000000000002
      })
  void badWorkerFractionIsRejectedQuotingIt(double fraction) {
    String message =
        messageOf(IllegalArgumentException.class, () -> WorkerCount.fraction(fraction));
    assertTrue(message.contains(Double.toString(fraction)), message);
  }

  @ParameterizedTest(name = "text \"{0}\"")
  @ValueSource(
      strings = {"", " ", "abc", "50%%", "%", "1e999", "-1e999", "NaN", "Infinity", "0.0", "1.5",
          "-0.5", "150%", "0%", "2147483648", "-2147483648", "1,5", "0x10"})
  void badWorkerTextIsRejectedQuotingIt(String text) {
    String message = messageOf(IllegalArgumentException.class, () -> WorkerCount.parse(text));
    assertTrue(message.startsWith("invalid worker count \"" + text + "\""), message);
  }

  // ---- chunk size ------------------------------------------------------------------------

  @ParameterizedTest(name = "chunk size {0}")
  @ValueSource(ints = {-1, -1000, Integer.MIN_VALUE})
  void negativeChunkSizeIsRejectedNamingIt(int chunkSize) throws IOException {
    String value = Integer.toString(chunkSize);
    for (Executable op :
        List.<Executable>of(
            () -> new MultiProcessConfig(chunkSize, WorkerCount.of(1), Processor.pool()),
            () -> MultiProcessConfig.DEFAULT.withChunkSize(chunkSize),
            () -> Chunking.chunks(Stream.of(1, 2, 3), chunkSize, 1),
            () -> MultiProcessConfig.from(Map.of("chunk_size", value), MultiProcessConfig.DEFAULT))) {
      String message = messageOf(IllegalArgumentException.class, op);
      assertTrue(message.contains(value), message);
    }
    assertUntouched();
  }

  // ---- null arguments --------------------------------------------------------------------

  static Stream<Arguments> nullArguments() {
    Stash<String> memory = new MemoryStash<>();
    MultiProcessConfig config = MultiProcessConfig.DEFAULT;
    Codec<String> codec = Codec.utf8();
    Path somewhere = Path.of("unused");
    return Stream.of(
        Arguments.of("directory", (Executable) () -> new DirectoryStash<>(nul(), codec)),
        Arguments.of("codec", (Executable) () -> new DirectoryStash<String>(somewhere, nul())),
        Arguments.of("type", (Executable) () -> Codec.serializable(nul())),
        Arguments.of("allowedClassPatterns[1]",
            (Executable) () -> Codec.serializable(String.class, "a.B", nul())),
        Arguments.of("text", (Executable) () -> WorkerCount.parse(nul())),
        Arguments.of("workers", (Executable) () -> new MultiProcessConfig(0, nul(), Processor.pool())),
        Arguments.of("processor",
            (Executable) () -> new MultiProcessConfig(0, WorkerCount.of(1), nul())),
        Arguments.of("deadline", (Executable) () -> Processor.pool().withDeadline(nul())),
        Arguments.of("settings", (Executable) () -> MultiProcessConfig.from(
            (Map<String, String>) nul(), config)),
        Arguments.of("defaults", (Executable) () -> MultiProcessConfig.from(Map.of(), nul())),
        Arguments.of("data", (Executable) () -> Chunking.chunks(nul(), 1, 1)),
        Arguments.of("name",
            (Executable) () -> new MultiProcessRobustStash<>(nul(), memory, memory)),
        Arguments.of("delegate",
            (Executable) () -> new MultiProcessRobustStash<>("s", nul(), memory)),
        Arguments.of("factory",
            (Executable) () -> new MultiProcessRobustStash<>("s", memory, nul())),
        Arguments.of("config",
            (Executable) () -> new MultiProcessRobustStash<>("s", memory, memory, nul())),
        Arguments.of("failures",
            (Executable) () -> new MultiProcessRobustStash<>("s", memory, memory, config, true,
                nul())),
        Arguments.of("enablePreemptive",
            (Executable) () -> new MultiProcessFactoryStash<>("s", memory, memory, config, nul())),
        Arguments.of("listener",
            (Executable) () -> new MultiProcessFactoryStash<>("s", memory, memory)
                .addProgressListener(nul())));
  }

  @ParameterizedTest(name = "null {0}")
  @MethodSource("nullArguments")
  void nullArgumentIsRejectedNamingTheParameter(String parameter, Executable call)
      throws IOException {
    assertEquals(parameter, messageOf(NullPointerException.class, call));
    assertUntouched();
  }

  @Test
  void nullKeyOrValueIsRejectedNamingItAndNothingIsWritten() throws IOException {
    assertEquals("key", messageOf(NullPointerException.class, () -> stash.load(nul())));
    assertEquals("key", messageOf(NullPointerException.class, () -> stash.dump(nul(), "v")));
    assertEquals("value", messageOf(NullPointerException.class, () -> stash.dump("keep", nul())));
    assertEquals("value", messageOf(NullPointerException.class, () -> stash.dump("new", nul())));
    assertEquals(
        "defaultValue", messageOf(NullPointerException.class, () -> stash.get("keep", nul())));
    assertUntouched();
  }

  // ---- stored files that are not what they should be ---------------------------------------

  /** Counts the instances created through the first non-serialisable superclass. */
  static class GadgetBase {
    static final AtomicInteger CONSTRUCTED = new AtomicInteger();

    GadgetBase() {
      CONSTRUCTED.incrementAndGet();
    }
  }

  /** A class the filter does not allow, whose {@code readObject} has an observable effect. */
  static final class Gadget extends GadgetBase implements Serializable {
    private static final long serialVersionUID = 1L;
    static final AtomicInteger READ_OBJECT_RAN = new AtomicInteger();

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      READ_OBJECT_RAN.incrementAndGet();
      in.defaultReadObject();
    }
  }

  /** A robust stash over {@link #stash} whose factory makes "value-i" for keys 0..n-1. */
  private MultiProcessRobustStash<String> robust(CountingFactory factory) {
    return new MultiProcessRobustStash<>("robust", stash, factory,
        new MultiProcessConfig(2, WorkerCount.of(2), Processor.pool()));
  }

  @Test
  void disallowedClassInAValueFileIsRejectedBeforeItIsInstantiated() throws IOException {
    CountingFactory factory = new CountingFactory(4);
    robust(factory).prime();
    // the file of key "2" now holds a Gadget, written by a codec that allows it
    new DirectoryStash<Object>(dir, Codec.serializable(Object.class, Gadget.class.getName()))
        .dump("2", new Gadget());
    before = snapshot();
    int constructed = GadgetBase.CONSTRUCTED.get();
    int readObjects = Gadget.READ_OBJECT_RAN.get();

    // the stash directly: the file is refused, naming the key, the file and the class
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> stash.load("2"));
    String message = Messages.of(e);
    assertTrue(message.contains("key \"2\""), message);
    assertTrue(message.contains(dir.resolve("2").toString()), message);
    assertTrue(message.contains(Gadget.class.getName()), message);
    assertInstanceOf(InvalidClassException.class, Objects2.cause(e));
    assertEquals(constructed, GadgetBase.CONSTRUCTED.get(), "no Gadget was constructed");
    assertEquals(readObjects, Gadget.READ_OBJECT_RAN.get(), "readObject never ran");
    assertUntouched();

    // the robust stash recomputes the damaged value (issue 10 item 5), with a WARN
    MultiProcessRobustStash<String> reopened = robust(factory);
    assertEquals(Optional.of("value-1"), reopened.load("1"), "other keys stay readable");
    assertEquals(Optional.of("value-2"), reopened.load("2"));
    assertEquals(constructed, GadgetBase.CONSTRUCTED.get(), "no Gadget was constructed");
    assertEquals(2, loads(factory, "2"));
    assertEquals(1, loads(factory, "1"));
    assertEquals(Optional.of("value-2"), stash.load("2"), "the file was replaced");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"truncated", "garbage", "empty", "one flipped byte"})
  void damagedValueFileFailsNamingKeyAndFileAndIsRecomputedAfterDelete(String damage)
      throws IOException {
    CountingFactory factory = new CountingFactory(6);
    robust(factory).prime();
    Path file = dir.resolve("3");
    byte[] bytes = Files.readAllBytes(file);
    byte[] damaged =
        switch (damage) {
          case "truncated" -> java.util.Arrays.copyOf(bytes, bytes.length / 2);
          case "garbage" -> "not a serialised value".getBytes(java.nio.charset.StandardCharsets.UTF_8);
          case "empty" -> new byte[0];
          default -> {
            byte[] copy = bytes.clone();
            copy[6] ^= (byte) 0x5a; // inside the stream header's type code and length
            yield copy;
          }
        };
    Files.write(file, damaged);
    before = snapshot();

    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> stash.load("3"));
    String message = Messages.of(e);
    assertTrue(message.startsWith("cannot read key \"3\" from file " + file), message);
    assertUntouched();

    // issue 10 item 5: the robust stash recomputes a damaged value instead of failing
    MultiProcessRobustStash<String> reopened = robust(factory);
    for (String other : List.of("0", "1", "2", "4", "5")) {
      assertEquals(Optional.of("value-" + other), reopened.load(other), "other keys readable");
    }
    assertEquals(Optional.of("value-3"), reopened.load("3"));
    assertEquals(2, loads(factory, "3"), "key 3 recomputed once");
    assertEquals(7, factory.totalLoads(), "only key 3 recomputed");
    assertEquals(Optional.of("value-3"), stash.load("3"), "the damaged file was replaced");
  }

  private static int loads(CountingFactory factory, String key) {
    AtomicInteger count = factory.loads.get(key);
    return count == null ? 0 : count.get();
  }

  // ---- what the user's code hands back -------------------------------------------------------

  /** A factory that lists keys "a", "b", "c" but has no value for "b". */
  static final class HoleFactory extends ReadOnlyStash<String> {
    private final boolean nullInsteadOfEmpty;

    HoleFactory(boolean nullInsteadOfEmpty) {
      this.nullInsteadOfEmpty = nullInsteadOfEmpty;
    }

    @Override
    public Optional<String> load(String key) {
      if (key.equals("b")) {
        return nullInsteadOfEmpty ? nul() : Optional.empty();
      }
      return Optional.of("value " + key);
    }

    @Override
    public boolean exists(String key) {
      return Set.of("a", "b", "c").contains(key);
    }

    @Override
    public Set<String> keys() {
      return Set.of("a", "b", "c");
    }
  }

  @ParameterizedTest(name = "returns null instead of an Optional: {0}")
  @ValueSource(booleans = {false, true})
  void factoryWithoutAValueForAListedKeyFailsNamingTheKey(boolean returnsNull) throws IOException {
    MultiProcessFactoryStash<String> factoryStash =
        new MultiProcessFactoryStash<>("holes", stash, new HoleFactory(returnsNull),
            new MultiProcessConfig(1, WorkerCount.of(1), Processor.single()),
            EnablePreemptive.FALSE);
    ChunkFailedException e = assertThrows(ChunkFailedException.class, factoryStash::prime);
    assertTrue(Messages.of(e).startsWith("stash 'holes': chunk 1 failed"), Messages.of(e));
    String cause = Messages.of(Objects2.cause(e));
    assertTrue(cause.contains("key \"b\""), cause);
    assertEquals(Optional.of("value a"), stash.load("a"), "what was dumped before stays");
    assertTrue(stash.delete("a"));
    assertUntouched();
  }

  @Test
  void robustStashFailsFastOnAFactoryThatReturnsNullNamingTheKeyAndRecordsNothing() {
    MemoryStash<Failure> failures = new MemoryStash<>();
    MultiProcessRobustStash<String> robust =
        new MultiProcessRobustStash<>("holes", stash, new HoleFactory(true),
            new MultiProcessConfig(1, WorkerCount.of(1), Processor.single()), true, failures);
    ChunkFailedException e = assertThrows(ChunkFailedException.class, robust::prime);
    Throwable cause = Objects2.cause(e);
    assertInstanceOf(NullPointerException.class, cause);
    assertTrue(Messages.of(cause).contains("key \"b\""), Messages.of(cause));
    assertEquals(Set.of(), failures.keys(), "a programming error is not an item's failure");
  }

  @ParameterizedTest(name = "returns null instead of an Optional: {0}")
  @ValueSource(booleans = {false})
  void robustStashRecordsAMissingFactoryValueAsAFailureNamingTheKey(boolean returnsNull) {
    MemoryStash<Failure> failures = new MemoryStash<>();
    MultiProcessRobustStash<String> robust =
        new MultiProcessRobustStash<>("holes", stash, new HoleFactory(returnsNull),
            new MultiProcessConfig(1, WorkerCount.of(1), Processor.single()), true, failures);
    assertEquals(Set.of("keep", "a", "b", "c"), robust.keys());
    ItemFailedException e = assertThrows(ItemFailedException.class, () -> robust.load("b"));
    assertTrue(Messages.of(e).contains("\"b\""), Messages.of(e));
    Failure failure = failures.load("b").orElseThrow();
    assertTrue(failure.message().contains("key \"b\""), failure.message());
    assertEquals(Optional.of("value c"), robust.load("c"));
    assertEquals(Optional.of("kept value"), robust.load("keep"));
  }

  /** A stash whose data is one item, processed into the given entries, in the caller. */
  static final class OneChunkStash extends MultiProcessStash<Integer, String> {
    private final List<Map.Entry<String, String>> entries;

    OneChunkStash(Stash<String> delegate, List<Map.Entry<String, String>> entries) {
      super("one", delegate, new MultiProcessConfig(0, WorkerCount.of(1), Processor.single()));
      this.entries = entries;
    }

    @Override
    protected Stream<Integer> createData() {
      return Stream.of(0);
    }

    @Override
    protected Iterable<Map.Entry<String, String>> process(List<Integer> chunk) {
      return entries;
    }
  }

  @Test
  void keyReturnedTwiceByProcessIsDumpedTwiceAndTheLastValueWins() throws IOException {
    Path other = tmp.resolve("twice");
    DirectoryStash<String> delegate = new DirectoryStash<>(other, Codec.utf8());
    OneChunkStash twice =
        new OneChunkStash(delegate,
            List.of(Map.entry("k", "first"), Map.entry("j", "only"), Map.entry("k", "last")));
    twice.prime();
    assertEquals(Optional.of("last"), twice.load("k"));
    assertEquals(Set.of("j", "k"), twice.keys());
    try (Stream<Path> files = Files.list(other)) {
      assertEquals(Set.of("j", "k", DirectoryStash.MARKER_NAME, DirectoryStash.LOCK_NAME,
          DirectoryStash.FORMAT_NAME),
          files.map(p -> String.valueOf(p.getFileName()))
              .filter(n -> !n.startsWith(DirectoryStash.WRITER_PREFIX)) // this JVM's registration
              .collect(java.util.stream.Collectors.toSet()));
    }
  }

  /** Reads what an exception carries, failing clearly where the tests expect something. */
  static final class Objects2 {
    private Objects2() {}

    static Throwable cause(Throwable t) {
      return java.util.Objects.requireNonNull(t.getCause(), () -> "no cause in " + t);
    }
  }
}
