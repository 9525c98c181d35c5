package zensols.multi.stash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 item 1: every non-empty key works, through an injective ASCII encoding, decoded back by
 * {@code keys()}, under {@code LC_ALL=C} too; only an empty key and one whose name is too long are
 * refused, by every method, before the disk is touched.
 */
class DirectoryStashKeyTest {

  @TempDir Path tmp;

  /** The keys of the "done when" and the old catalogue's refused keys. */
  static final List<String> HARD_KEYS =
      List.of(
          "42", "doc-7", "a", "x".repeat(255), "/", "..", ".", ".x", "%", "%2F", "café", "CON",
          "con.txt", "trailing ", "trailing.", "a/b", "../x", "/etc/passwd", "a\\b", "a\0b",
          "tab\there", "new\nline", "del\u007f", "c1\u0085", "lone\uD800", "\uDC00lone",
          "\uD83D\uDCBE disk", "ключ", ".tmp-0123", ".complete", ".lock", "Doc", "doc", "DOC",
          "*?[]", "-rf", "~", "a b", "jfr/default.jfc");

  static Map<String, Consumer<String>> operations(DirectoryStash<String> stash) {
    Map<String, Consumer<String>> ops = new LinkedHashMap<>();
    ops.put("load", stash::load);
    ops.put("get", stash::get);
    ops.put("getDefault", key -> stash.get(key, "d"));
    ops.put("exists", stash::exists);
    ops.put("dump", key -> stash.dump(key, "v"));
    ops.put("delete", stash::delete);
    ops.put("checkKey", stash::checkKey);
    return ops;
  }

  @TestFactory
  List<DynamicTest> anEmptyOrTooLongKeyIsRejectedByEveryMethod() {
    Path dir = tmp.resolve("stash");
    DirectoryStash<String> stash = new DirectoryStash<>(dir, Codec.utf8());
    Map<String, String> invalid = new LinkedHashMap<>();
    invalid.put("", "empty");
    invalid.put("x".repeat(256), "256 characters");
    invalid.put("é".repeat(43), "258 characters");
    invalid.put("\n".repeat(100), "300 characters");
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, String> row : invalid.entrySet()) {
      for (Map.Entry<String, Consumer<String>> op : operations(stash).entrySet()) {
        tests.add(
            dynamicTest(
                op.getKey() + " " + StashKeys.quote(row.getKey()),
                () -> {
                  IllegalArgumentException e =
                      assertThrows(
                          IllegalArgumentException.class, () -> op.getValue().accept(row.getKey()));
                  String message = Thrown.message(e);
                  assertTrue(
                      message.startsWith("invalid key " + StashKeys.quote(row.getKey()) + ": "),
                      message);
                  assertTrue(message.contains(row.getValue()), message);
                  assertTrue(message.chars().noneMatch(Character::isISOControl), message);
                  assertFalse(Files.exists(dir), "nothing was written");
                }));
      }
    }
    return tests;
  }

  @TestFactory
  List<DynamicTest> hardKeysRoundTripThroughKeysInsideTheDirectory() {
    List<DynamicTest> tests = new ArrayList<>();
    for (boolean fold : List.of(false, true)) {
      DirectoryStash<String> stash =
          DirectoryStash.builder(tmp.resolve("fold-" + fold), Codec.serializable(String.class))
              .foldCase(fold)
              .build();
      for (String key : HARD_KEYS) {
        tests.add(
            dynamicTest(
                "foldCase " + fold + " " + StashKeys.quote(key),
                () -> {
                  stash.dump(key, "value of " + key);
                  assertTrue(stash.exists(key));
                  assertTrue(stash.keys().contains(key), stash.keys().toString());
                  assertEquals(Optional.of("value of " + key), stash.load(key));
                  String name = stash.fileName(key);
                  assertTrue(name.chars().allMatch(c -> c > 0x20 && c < 0x7f), name);
                  assertFalse(name.startsWith("."), name);
                  assertTrue(Files.isRegularFile(stash.directory().resolve(name)), name);
                  assertTrue(stash.delete(key));
                  assertFalse(stash.keys().contains(key));
                }));
      }
    }
    return tests;
  }

  @Test
  void plainKeysKeepTheirNamesAndEscapesAreUpperCaseHex() {
    assertEquals("42", StashKeys.encode("42", false));
    assertEquals("doc-7", StashKeys.encode("doc-7", false));
    assertEquals("caf%C3%A9", StashKeys.encode("café", false));
    assertEquals("a%2Fb", StashKeys.encode("a/b", false));
    assertEquals("%2E%2E", StashKeys.encode("..", false));
    assertEquals("%43ON", StashKeys.encode("CON", false));
    assertEquals("%63on.txt", StashKeys.encode("con.txt", false));
    assertEquals("trailing%20", StashKeys.encode("trailing ", false));
    assertEquals("trailing%2E", StashKeys.encode("trailing.", false));
    assertEquals("%25", StashKeys.encode("%", false));
    assertEquals("%44oc", StashKeys.encode("Doc", true));
    assertEquals("Doc", StashKeys.encode("Doc", false));
  }

  @Test
  void namesThatAreNotTheExactEncodingOfAKeyAreNotKeys() {
    for (String name :
        List.of(".tmp-1", ".complete", ".lock", "%2f", "%41", "%C3", "%C3%28", "%E0%80%80",
            "a b", "café", "CON", "x.", "%ED%A0%BD%ED%B2%BE", "%", "%4")) {
      assertNull(StashKeys.decode(name, false), name);
    }
    assertNull(StashKeys.decode("Doc", true), "upper case is escaped when folding");
    assertEquals("A", StashKeys.decode("%41", true));
  }

  @Test
  void encodingIsInjectiveAndCaseFoldingNamesNeverCollide() {
    qt().withExamples(3000)
        .forAll(strings().allPossible().ofLengthBetween(1, 12), strings().allPossible().ofLengthBetween(1, 12))
        .checkAssert(
            (a, b) -> {
              for (boolean fold : List.of(false, true)) {
                String na = StashKeys.encode(a, fold);
                String nb = StashKeys.encode(b, fold);
                assertEquals(a, StashKeys.decode(na, fold));
                if (!a.equals(b)) {
                  assertFalse(na.equals(nb), na);
                  if (fold) {
                    assertFalse(
                        na.toLowerCase(Locale.ROOT).equals(nb.toLowerCase(Locale.ROOT)), na);
                  }
                }
              }
              String upper = a.toUpperCase(Locale.ROOT);
              String lower = a.toLowerCase(Locale.ROOT);
              if (!upper.equals(lower)) {
                assertFalse(
                    StashKeys.encode(upper, true)
                        .equalsIgnoreCase(StashKeys.encode(lower, true)));
              }
            });
  }

  /** Run by {@link #keysRoundTripUnderTheCLocale}: dumps, lists and loads the hard keys. */
  public static final class CLocaleChild {
    private CLocaleChild() {}

    /**
     * Exits 0 if every hard key round-trips.
     *
     * @param args the stash directory
     */
    public static void main(String[] args) {
      DirectoryStash<String> stash =
          new DirectoryStash<>(Path.of(args[0]), Codec.serializable(String.class));
      for (String key : HARD_KEYS) {
        stash.dump(key, "v" + key);
      }
      DirectoryStash<String> reopened =
          new DirectoryStash<>(Path.of(args[0]), Codec.serializable(String.class));
      Set<String> keys = reopened.keys();
      if (!keys.equals(new HashSet<>(HARD_KEYS))) {
        throw new IllegalStateException("keys " + keys);
      }
      for (String key : HARD_KEYS) {
        if (!reopened.load(key).orElseThrow().equals("v" + key)) {
          throw new IllegalStateException("value of " + StashKeys.quote(key));
        }
      }
      System.out.println("ok " + System.getProperty("sun.jnu.encoding"));
    }
  }

  @Test
  void keysRoundTripUnderTheCLocale() throws Exception {
    String classPath =
        Stream.of(DirectoryStash.class, CLocaleChild.class, org.slf4j.LoggerFactory.class)
            .map(c -> c.getProtectionDomain().getCodeSource().getLocation().getPath())
            .distinct()
            .collect(Collectors.joining(File.pathSeparator));
    Path dir = tmp.resolve("c-locale");
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            classPath,
            CLocaleChild.class.getName(),
            dir.toString());
    builder.environment().put("LC_ALL", "C");
    builder.environment().remove("LANG");
    builder.redirectErrorStream(true);
    Process child = builder.start();
    String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, child.exitValue(), output);
    assertTrue(output.contains("ok ANSI_X3.4-1968"), output);
    // and the directory written under C reads back here
    DirectoryStash<String> here = new DirectoryStash<>(dir, Codec.serializable(String.class));
    assertEquals(new HashSet<>(HARD_KEYS), here.keys());
    assertEquals(Optional.of("vcafé"), here.load("café"));
  }
}
