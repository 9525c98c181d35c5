package zensols.multi.stash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Every invalid key is rejected by every method, before the disk is touched. */
class DirectoryStashKeyTest {

  @TempDir Path tmp;

  /** Invalid key → the words its message must contain. */
  static Map<String, String> invalidKeys() {
    Map<String, String> rows = new LinkedHashMap<>();
    rows.put("", "empty");
    rows.put(".", "directories");
    rows.put("..", "directories");
    rows.put(".hidden", "reserved");
    rows.put(".tmp-0123", "reserved");
    rows.put(".complete", "reserved");
    rows.put("a/b", "path separator");
    rows.put("../x", "reserved");
    rows.put("x/../../y", "path separator");
    rows.put("/etc/passwd", "path separator");
    rows.put("a\\b", "path separator");
    rows.put("..\\x", "reserved");
    rows.put("a\0b", "NUL");
    rows.put("\0", "NUL");
    rows.put("tab\there", "control");
    rows.put("new\nline", "control");
    rows.put("cr\r", "control");
    rows.put("del\u007f", "control");
    rows.put("c1\u0085", "control");
    rows.put("lone\uD800", "surrogate");
    rows.put("\uDC00lone", "surrogate");
    rows.put("x".repeat(256), "255 bytes");
    rows.put("é".repeat(128), "255 bytes");
    return rows;
  }

  static Map<String, Consumer<String>> operations(DirectoryStash<String> stash) {
    Map<String, Consumer<String>> ops = new LinkedHashMap<>();
    ops.put("load", stash::load);
    ops.put("get", stash::get);
    ops.put("getDefault", key -> stash.get(key, "d"));
    ops.put("exists", stash::exists);
    ops.put("dump", key -> stash.dump(key, "v"));
    ops.put("delete", stash::delete);
    return ops;
  }

  @TestFactory
  List<DynamicTest> everyInvalidKeyIsRejectedByEveryMethod() {
    Path dir = tmp.resolve("stash");
    DirectoryStash<String> stash = new DirectoryStash<>(dir, Codec.utf8());
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, String> row : invalidKeys().entrySet()) {
      String key = row.getKey();
      for (Map.Entry<String, Consumer<String>> op : operations(stash).entrySet()) {
        tests.add(
            dynamicTest(
                op.getKey() + " " + StashKeys.quote(key),
                () -> {
                  IllegalArgumentException e =
                      assertThrows(
                          IllegalArgumentException.class, () -> op.getValue().accept(key));
                  String message = Thrown.message(e);
                  assertTrue(
                      message.startsWith("invalid key " + StashKeys.quote(key) + ": "), message);
                  assertTrue(message.contains(row.getValue()), message);
                  assertTrue(
                      message.chars().noneMatch(Character::isISOControl),
                      "control characters are escaped in " + StashKeys.quote(message));
                  assertFalse(Files.exists(dir), "nothing was written");
                  assertFalse(Files.exists(tmp.resolve("x")));
                  assertFalse(Files.exists(tmp.resolve("y")));
                }));
      }
    }
    return tests;
  }

  @TestFactory
  List<DynamicTest> edgeKeysThatAreValidRoundTrip() {
    DirectoryStash<String> stash = new DirectoryStash<>(tmp, Codec.utf8());
    List<String> valid =
        List.of(
            "a",
            "x".repeat(255),
            "é".repeat(127) + "x",
            "a b",
            "a.b",
            "a..b",
            "trailing.",
            "-rf",
            "~",
            "*?[]",
            "CON",
            "\uD83D\uDCBE disk",
            "ключ");
    List<DynamicTest> tests = new ArrayList<>();
    for (String key : valid) {
      tests.add(
          dynamicTest(
              StashKeys.quote(key),
              () -> {
                assertTrue(key.getBytes(StandardCharsets.UTF_8).length <= 255);
                stash.dump(key, "value of " + key);
                assertTrue(stash.exists(key));
                assertTrue(stash.keys().contains(key));
                assertEquals(Optional.of("value of " + key), stash.load(key));
                assertTrue(Files.isRegularFile(tmp.resolve(key)));
                assertTrue(stash.delete(key));
              }));
    }
    return tests;
  }

  @org.junit.jupiter.api.Test
  void quoteEscapesControlCharactersQuotesAndBackslashes() {
    assertEquals("\"a\\u0000b\\nc\\\"d\\\\e\"".replace("\\n", "\\u000a"),
        StashKeys.quote("a\0b\nc\"d\\e"));
    assertEquals("\"\\ud800\"", StashKeys.quote("\uD800"));
    assertEquals("\"\uD83D\uDCBE\"", StashKeys.quote("\uD83D\uDCBE"));
  }
}
