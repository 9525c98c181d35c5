package zensols.multi.stash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 10 item 2: value files crafted to stall or exhaust the serialisable codec. Each is
 * rejected within a second with an {@link UncheckedIOException} naming the key and the file, in
 * this JVM and in a child JVM with a 128 MB heap; real values of the same classes still read.
 */
class HostileValueFileTest {

  @TempDir Path tmp;

  static byte[] serialize(Object value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ObjectOutputStream oos = new ObjectOutputStream(out)) {
      oos.writeObject(value);
    }
    return out.toByteArray();
  }

  /** Nested hash sets whose hash codes take 2^depth steps: the "serial DoS" of 2015. */
  static byte[] nestedHashSets() throws IOException {
    Set<Object> root = new HashSet<>();
    Set<Object> s1 = root;
    Set<Object> s2 = new HashSet<>();
    for (int i = 0; i < 60; i++) { // depth 61: below the default maxdepth of 64
      Set<Object> t1 = new HashSet<>();
      Set<Object> t2 = new HashSet<>();
      t1.add("foo"); // unequal to t2
      s1.add(t1);
      s1.add(t2);
      s2.add(t1);
      s2.add(t2);
      s1 = t1;
      s2 = t2;
    }
    return serialize(root);
  }

  /** One hash set holding a list whose shared sublists unfold to 2^60 elements when hashed. */
  static byte[] sharedListsInAHashSet() throws IOException {
    Set<Object> root = new HashSet<>();
    List<Object> top = new ArrayList<>();
    root.add(top); // hashed while empty
    List<Object> level = new ArrayList<>(List.of("leaf"));
    for (int i = 0; i < 59; i++) {
      List<Object> up = new ArrayList<>();
      up.add(level);
      up.add(level);
      level = up;
    }
    top.add(level);
    top.add(level);
    return serialize(root);
  }

  /** Lists nested 75 deep, each declaring 10,000,000 elements: 3 GB of arrays in 1 KB. */
  static byte[] nestedListsWithPatchedSizes() throws IOException {
    List<Object> list = new ArrayList<>();
    list.add("x");
    for (int i = 0; i < 75; i++) {
      List<Object> outer = new ArrayList<>();
      outer.add(list);
      list = outer;
    }
    byte[] bytes = serialize(list);
    // ArrayList's serial form: the field size (int), then a block holding the capacity (int)
    byte[] one = {0, 0, 0, 1, 0x77, 4, 0, 0, 0, 1};
    int patched = 0;
    for (int i = 0; i + one.length <= bytes.length; i++) {
      boolean match = true;
      for (int j = 0; j < one.length && match; j++) {
        match = bytes[i + j] == one[j];
      }
      if (match) {
        bytes[i] = 0;
        bytes[i + 1] = (byte) 0x98;
        bytes[i + 2] = (byte) 0x96;
        bytes[i + 3] = (byte) 0x80; // 10,000,000
        patched++;
      }
    }
    if (patched < 70) {
      throw new IllegalStateException("patched " + patched + " sizes");
    }
    return bytes;
  }

  /** The 27-byte header of a long[16777216]: 128 MB asked for, no element present. */
  static byte[] hugeLongArrayHeader() throws IOException {
    byte[] bytes = serialize(new long[0]);
    if (bytes.length != 27) {
      throw new IllegalStateException("long[0] is " + bytes.length + " bytes");
    }
    bytes[23] = 1; // length 0x01000000 = 16777216
    return bytes;
  }

  static Map<String, byte[]> payloads() throws IOException {
    Map<String, byte[]> payloads = new LinkedHashMap<>();
    payloads.put("nested-hash-sets", nestedHashSets());
    payloads.put("shared-lists-in-a-hash-set", sharedListsInAHashSet());
    payloads.put("nested-lists-with-patched-sizes", nestedListsWithPatchedSizes());
    payloads.put("long-array-header", hugeLongArrayHeader());
    return payloads;
  }

  static Stream<String> payloadNames() throws IOException {
    return payloads().keySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("payloadNames")
  void hostilePayloadIsRejectedWithinASecondNamingKeyAndFile(String name) throws IOException {
    byte[] payload = java.util.Objects.requireNonNull(payloads().get(name));
    Files.write(tmp.resolve(name), payload);
    DirectoryStash<Object> stash = new DirectoryStash<>(tmp, Codec.serializable(Object.class));
    long start = System.nanoTime();
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> stash.load(name));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    String message = Thrown.message(e);
    assertTrue(message.startsWith("cannot read key \"" + name + "\" from file "
        + tmp.resolve(name)), message);
    assertInstanceOf(IOException.class, e.getCause());
    assertTrue(millis < 1000, name + " took " + millis + " ms (" + payload.length + " bytes)");
  }

  /** The child JVM of {@link #hostilePayloadsNeitherStallNorExhaustA128MegabyteHeap}. */
  public static final class SmallHeapChild {
    private SmallHeapChild() {}

    /**
     * Loads every payload; prints one line per payload; exits 0 if each was rejected in time.
     *
     * @param args the directory to write the payloads in
     * @throws IOException if a payload cannot be written
     */
    public static void main(String[] args) throws IOException {
      Path dir = Path.of(args[0]);
      Map<String, byte[]> payloads = payloads();
      for (Map.Entry<String, byte[]> p : payloads.entrySet()) {
        Files.write(dir.resolve(p.getKey()), p.getValue());
      }
      DirectoryStash<Object> stash = new DirectoryStash<>(dir, Codec.serializable(Object.class));
      boolean ok = true;
      for (String name : payloads.keySet()) {
        long start = System.nanoTime();
        String outcome;
        try {
          stash.load(name);
          outcome = "READ";
          ok = false;
        } catch (UncheckedIOException e) {
          outcome = "rejected";
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        ok &= millis < 1000;
        System.out.println(name + " " + java.util.Objects.requireNonNull(payloads.get(name)).length + " bytes " + outcome + " in "
            + millis + " ms");
      }
      System.exit(ok ? 0 : 1);
    }
  }

  @Test
  void hostilePayloadsNeitherStallNorExhaustA128MegabyteHeap() throws Exception {
    String classPath =
        Stream.of(DirectoryStash.class, SmallHeapChild.class, org.slf4j.LoggerFactory.class)
            .map(c -> c.getProtectionDomain().getCodeSource().getLocation().getPath())
            .distinct()
            .collect(Collectors.joining(File.pathSeparator));
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                classPath,
                SmallHeapChild.class.getName(),
                tmp.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), output);
    assertEquals(0, child.exitValue(), output);
    System.out.print("HostileValueFileTest (-Xmx128m):\n" + output);
  }

  record Page(int number, List<String> lines, Map<String, Set<Integer>> index)
      implements Serializable {}

  /** The bounds are relative to the file: real values of the same classes read back. */
  @Test
  void largeAndNestedRealValuesStillRoundTrip() {
    DirectoryStash<Object> stash =
        new DirectoryStash<>(tmp, Codec.serializable(Object.class, Page.class.getName()));
    List<Integer> big = IntStream.range(0, 200_000).boxed().collect(Collectors.toList());
    Map<String, Set<Integer>> index = new HashMap<>();
    for (int i = 0; i < 5_000; i++) {
      index.put("w" + i, new HashSet<>(List.of(i, i + 1, i + 2)));
    }
    List<Object> deep = new ArrayList<>(List.of("bottom"));
    for (int i = 0; i < 40; i++) {
      deep = new ArrayList<>(List.of(deep, Set.of(i)));
    }
    List<String> shared = List.of("a", "b", "c");
    List<Object> sharing = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      sharing.add(shared); // one list referenced many times: a DAG of modest unfolded size
    }
    Map<String, Object> values = new TreeMap<>();
    values.put("big", big);
    values.put("index", new HashMap<>(index));
    values.put("deep", deep);
    values.put("sharing", sharing);
    values.put("page", new Page(7, List.of("x", "y"), index));
    values.put("bytes", new byte[3_000_000]);
    for (Map.Entry<String, Object> v : values.entrySet()) {
      stash.dump(v.getKey(), v.getValue());
      Optional<Object> read = stash.load(v.getKey());
      if (v.getValue() instanceof byte[] b) {
        assertEquals(b.length, ((byte[]) read.orElseThrow()).length);
      } else {
        assertEquals(Optional.of(v.getValue()), read, v.getKey());
      }
    }
  }
}
