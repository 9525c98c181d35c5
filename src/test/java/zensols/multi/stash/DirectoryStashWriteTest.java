package zensols.multi.stash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 3: a value is written with the bytes its codec produced, in one write, under one
 * writer registration per JVM and directory; the bytes on disk are those version 0.1 wrote.
 */
class DirectoryStashWriteTest {

  @TempDir Path tmp;

  /** Tries, from another process, to lock a file; prints "held" or "free". */
  public static final class Prober {
    private Prober() {}

    /**
     * Probes the lock.
     *
     * @param args the file
     * @throws IOException if the file cannot be opened
     */
    public static void main(String[] args) throws IOException {
      try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ)) {
        FileLock lock = channel.tryLock(0L, Long.MAX_VALUE, true);
        System.out.println(lock == null ? "held" : "free");
      }
    }
  }

  /**
   * The files written before this change (made with the previous DirectoryStash, which streamed
   * through {@code Codec.write}): old directories stay readable and new files are the same bytes.
   */
  @Test
  void theBytesOnDiskAreThoseThePreviousVersionWrote() throws IOException {
    Path dir = tmp.resolve("golden");
    new DirectoryStash<>(dir, Codec.utf8()).dump("text", "héllo, wörld\n");
    new DirectoryStash<>(dir, Codec.bytes()).dump("bytes", new byte[] {0, 1, (byte) 0xFF, 0x7F});
    ArrayList<Object> list = new ArrayList<>(List.of("a", 1L, 2.5));
    DirectoryStash<ArrayList> serial =
        new DirectoryStash<>(dir, Codec.serializable(ArrayList.class));
    serial.dump("list", list);
    new DirectoryStash<>(dir, Codec.utf8()).dump("empty", "");
    assertEquals("68c3a96c6c6f2c2077c3b6726c640a", hexOf(dir.resolve("text")));
    assertEquals("0001ff7f", hexOf(dir.resolve("bytes")));
    assertEquals(
        "aced0005737200136a6176612e7574696c2e41727261794c6973747881d21d99c7619d03000149000473"
            + "697a65787000000003770400000003740001617372000e6a6176612e6c616e672e4c6f6e673b8be4"
            + "90cc8f23df0200014a000576616c7565787200106a6176612e6c616e672e4e756d62657286ac951d"
            + "0b94e08b02000078700000000000000001737200106a6176612e6c616e672e446f75626c6580b3c2"
            + "4a296bfb0402000144000576616c75657871007e0004400400000000000078",
        hexOf(dir.resolve("list")));
    assertEquals("", hexOf(dir.resolve("empty")));
    assertEquals(Optional.of(list), serial.load("list"));
  }

  private static String hexOf(Path file) throws IOException {
    return HexFormat.of().formatHex(Files.readAllBytes(file));
  }

  @Test
  void encodeIsWhatWriteWrites() throws IOException {
    assertArrayEquals(written(Codec.utf8(), "ça va"), Codec.utf8().encode("ça va"));
    byte[] raw = {3, 2, 1};
    assertArrayEquals(written(Codec.bytes(), raw), Codec.bytes().encode(raw));
    Codec<Integer> serial = Codec.serializable(Integer.class);
    assertArrayEquals(written(serial, 42), serial.encode(42));
  }

  private static <V> byte[] written(Codec<V> codec, V value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    codec.write(value, out);
    return out.toByteArray();
  }

  /** A codec that only implements write and read gets the default encode: write's bytes. */
  @Test
  void aCodecWithOnlyWriteIsStoredAsItWrites() throws IOException {
    Codec<String> reversed =
        new Codec<>() {
          @Override
          public void write(String value, OutputStream out) throws IOException {
            for (int i = value.length() - 1; i >= 0; i--) {
              out.write(value.charAt(i)); // byte by byte, as a naive codec does
            }
          }

          @Override
          public String read(InputStream in) throws IOException {
            return new StringBuilder(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1))
                .reverse()
                .toString();
          }
        };
    DirectoryStash<String> stash = new DirectoryStash<>(tmp, reversed);
    stash.dump("k", "abc");
    assertEquals("cba", Files.readString(tmp.resolve("k")));
    assertEquals(Optional.of("abc"), stash.load("k"));
  }

  private static long openFiles() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  @Test
  void writesLeaveNoFileOpenBeyondOneRegistrationPerDirectory() throws IOException {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc");
    DirectoryStash<String> stash = new DirectoryStash<>(tmp.resolve("one"), Codec.utf8());
    stash.dump("warm", "up");
    long before = openFiles();
    for (int i = 0; i < 2000; i++) {
      stash.dump("k" + (i % 100), "v" + i);
    }
    stash.markComplete();
    assertTrue(openFiles() <= before, "no file left open by 2,000 writes: " + openFiles());
    // many directories: the registrations are bounded
    long many = openFiles();
    for (int d = 0; d < DirectoryStash.MAX_WRITERS + 40; d++) {
      new DirectoryStash<>(tmp.resolve("d" + d), Codec.utf8()).dump("k", "v");
    }
    assertTrue(
        openFiles() <= many + DirectoryStash.MAX_WRITERS,
        "registrations beyond " + DirectoryStash.MAX_WRITERS + " are closed: " + openFiles());
    // and an evicted directory is written again under a new registration
    new DirectoryStash<>(tmp.resolve("d0"), Codec.utf8()).dump("k", "again");
    assertEquals("again", Files.readString(tmp.resolve("d0").resolve("k")));
  }

  /**
   * Another instance opening the directory (its cleaner) never opens this JVM's registration:
   * closing any channel to it would drop this process's lock, and another process could then take
   * this JVM's temporary files for leftovers.
   */
  @Test
  void openingTheDirectoryAgainKeepsThisJvmsRegistrationLocked() throws Exception {
    Path dir = tmp.resolve("values");
    DirectoryStash<String> stash = new DirectoryStash<>(dir, Codec.utf8());
    stash.dump("k", "v");
    Path registration = registrationIn(dir);
    new DirectoryStash<>(dir, Codec.utf8()); // cleans on opening
    assertTrue(Files.exists(registration));
    assertEquals("held", probe(registration), "still locked by this JVM");
    stash.dump("k", "w");
    assertEquals(registration, registrationIn(dir), "one registration, reused");
  }

  /**
   * Many first writes at once, from virtual threads released together, into a directory that does
   * not exist yet: every value lands, one registration is made, no temporary file is left.
   */
  @Test
  void manyConcurrentFirstWritesFromVirtualThreads() throws Exception {
    Path dir = tmp.resolve("new/values");
    DirectoryStash<String> stash = new DirectoryStash<>(dir, Codec.utf8());
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<?>> writes = new ArrayList<>();
    try (java.util.concurrent.ExecutorService virtual =
        java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 300; i++) {
        String key = "k" + i;
        writes.add(
            virtual.submit(
                () -> {
                  go.await();
                  stash.dump(key, key);
                  return null;
                }));
      }
      go.countDown();
      for (java.util.concurrent.Future<?> write : writes) {
        write.get();
      }
    }
    assertEquals(300, stash.keys().size());
    assertEquals(Optional.of("k299"), stash.load("k299"));
    registrationIn(dir);
    try (Stream<Path> entries = Files.list(dir)) {
      assertEquals(
          List.of(),
          entries
              .map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith(DirectoryStash.TEMP_PREFIX))
              .toList());
    }
  }

  /** The directory deleted under a writer: the next write creates it and registers again. */
  @Test
  void aDirectoryDeletedUnderTheWriterIsMadeAgainWithANewRegistration() throws IOException {
    Path dir = tmp.resolve("gone");
    DirectoryStash<String> stash = new DirectoryStash<>(dir, Codec.utf8());
    stash.dump("a", "1");
    Path first = registrationIn(dir);
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    stash.dump("b", "2");
    assertEquals(Optional.of("2"), stash.load("b"));
    assertTrue(!registrationIn(dir).equals(first), "a new registration in the new directory");
  }

  static Path registrationIn(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      List<Path> found =
          entries
              .filter(p -> p.getFileName().toString().startsWith(DirectoryStash.WRITER_PREFIX))
              .toList();
      assertEquals(1, found.size(), found::toString);
      return found.get(0);
    }
  }

  private static String probe(Path file) throws Exception {
    String classPath =
        Stream.of(Prober.class)
            .map(c -> c.getProtectionDomain().getCodeSource().getLocation().getPath())
            .collect(Collectors.joining(File.pathSeparator));
    Process prober =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                Prober.class.getName(),
                file.toString())
            .redirectErrorStream(true)
            .start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(prober.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      assertTrue(prober.waitFor(60, TimeUnit.SECONDS));
      return String.valueOf(line);
    } finally {
      prober.destroyForcibly();
    }
  }
}
