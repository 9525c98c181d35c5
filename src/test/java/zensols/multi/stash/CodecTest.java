package zensols.multi.stash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.InvalidObjectException;
import java.io.ObjectInputFilter;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CodecTest {

  /** A record the default allow-list does not know. */
  record Doc(String title, List<Integer> pages) implements Serializable {}

  static <V> byte[] encode(Codec<V> codec, V value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    codec.write(value, out);
    return out.toByteArray();
  }

  static <V> V decode(Codec<V> codec, byte[] bytes) throws IOException {
    return codec.read(new ByteArrayInputStream(bytes));
  }

  static <V> V roundTrip(Codec<V> codec, V value) throws IOException {
    return decode(codec, encode(codec, value));
  }

  @Test
  void utf8RoundTripsAndRejectsMalformedBytes() throws IOException {
    String text = "héllo ✓ \uD83D\uDE00\nline";
    assertArrayEquals(text.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        encode(Codec.utf8(), text));
    assertEquals(text, roundTrip(Codec.utf8(), text));
    assertEquals("", roundTrip(Codec.utf8(), ""));
    assertThrows(
        CharacterCodingException.class,
        () -> decode(Codec.utf8(), new byte[] {'a', (byte) 0xC3, (byte) 0x28}));
  }

  @Test
  void bytesRoundTrip() throws IOException {
    byte[] data = {0, 1, 2, (byte) 255, 127};
    assertArrayEquals(data, encode(Codec.bytes(), data));
    assertArrayEquals(data, roundTrip(Codec.bytes(), data));
    assertArrayEquals(new byte[0], roundTrip(Codec.bytes(), new byte[0]));
  }

  @Test
  void serializableDefaultAllowsJavaBaseValueTypes() throws IOException {
    Codec<Object> codec = Codec.serializable(Object.class);
    List<Object> values =
        List.of(
            "text",
            42,
            42L,
            3.5d,
            2.5f,
            (short) 3,
            (byte) 4,
            'c',
            true,
            new BigDecimal("12.50"),
            BigInteger.TWO.pow(100),
            Instant.ofEpochSecond(1_700_000_000L),
            LocalDate.of(2024, 2, 29),
            Duration.ofMillis(1500),
            ZonedDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneId.of("Europe/Paris")),
            DayOfWeek.FRIDAY,
            UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
            List.of(1, 2, 3),
            Set.of("a"),
            Map.of("k", 1L),
            new ArrayList<>(List.of("a", "b")),
            new HashMap<>(Map.of("a", List.of(1))),
            new TreeMap<>(Map.of("z", 1, "a", 2)),
            new LinkedHashSet<>(List.of(3, 1, 2)));
    for (Object value : values) {
      assertEquals(value, roundTrip(codec, value), () -> "round trip of " + value.getClass());
    }
    int[][] matrix = {{1, 2}, {3}};
    assertArrayEquals(matrix, (int[][]) roundTrip(codec, matrix));
    String[] strings = {"a", "b"};
    assertArrayEquals(strings, (String[]) roundTrip(codec, strings));
  }

  @Test
  void serializableRejectsUnlistedClassesAndAllowsListedOnes() throws IOException {
    Doc doc = new Doc("t", List.of(1, 2));
    java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream oos = new java.io.ObjectOutputStream(plain)) {
      oos.writeObject(doc);
    }
    byte[] bytes = plain.toByteArray();
    InvalidClassException rejected =
        assertThrows(
            InvalidClassException.class, () -> decode(Codec.serializable(Object.class), bytes));
    assertTrue(
        Thrown.message(rejected).contains("rejected by the deserialisation filter"),
        Thrown.message(rejected));
    assertTrue(Thrown.message(rejected).contains("class " + Doc.class.getName()), Thrown.message(rejected));
    assertEquals(doc, decode(Codec.serializable(Object.class, Doc.class.getName()), bytes));
    assertEquals(doc, decode(Codec.serializable(Object.class, "zensols.multi.stash.*"), bytes));
  }

  /** Issue 10 item 3: the declared type (a record, and its components) is always allowed. */
  @Test
  void theDeclaredRecordTypeIsAllowedWithoutAPattern() throws IOException {
    Doc doc = new Doc("t", List.of(1, 2));
    Codec<Doc> codec = Codec.serializable(Doc.class);
    assertEquals(doc, decode(codec, encode(codec, doc)));
  }

  /** Issue 10 item 3: a class the filter would reject on reading fails the write, naming it. */
  @Test
  void aValueThatCouldNotBeReadBackFailsOnWriteNamingThePatternToAdd() {
    Doc doc = new Doc("t", List.of(1, 2));
    InvalidClassException e =
        assertThrows(InvalidClassException.class, () -> encode(Codec.serializable(Object.class), doc));
    assertTrue(Thrown.message(e).contains(Doc.class.getName()), Thrown.message(e));
    assertTrue(Thrown.message(e).contains("pattern \"" + Doc.class.getName() + "\""), Thrown.message(e));
  }

  @Test
  void userRejectionWinsOverTheDefaultAllowList() throws IOException {
    // (a String is written without a class descriptor, so Integer shows the rule)
    byte[] bytes = encode(Codec.serializable(Integer.class), 7);
    assertEquals(7, decode(Codec.serializable(Integer.class), bytes));
    InvalidClassException e =
        assertThrows(
            InvalidClassException.class,
            () -> decode(Codec.serializable(Integer.class, "!java.lang.Integer"), bytes));
    assertTrue(Thrown.message(e).contains("class java.lang.Integer"), Thrown.message(e));
  }

  @Test
  void defaultArrayLimitRejectsHugeArraysAndAUserLimitReplacesIt() throws IOException {
    byte[] big = new byte[16_777_216 + 1]; // the documented default maxarray, plus one
    Codec<byte[]> codec = Codec.serializable(byte[].class);
    byte[] bytes = encode(codec, big);
    InvalidClassException e = assertThrows(InvalidClassException.class, () -> decode(codec, bytes));
    assertTrue(Thrown.message(e).contains("array length 16777217"), Thrown.message(e));
    byte[] read = decode(Codec.serializable(byte[].class, "maxarray=100000000"), bytes);
    assertEquals(big.length, read.length);
  }

  @Test
  void defaultDepthLimitRejectsDeepNesting() throws IOException {
    Object nested = "leaf";
    for (int i = 0; i < 100; i++) {
      nested = new ArrayList<>(List.of(nested));
    }
    Codec<Object> codec = Codec.serializable(Object.class);
    byte[] bytes = encode(codec, nested);
    assertThrows(InvalidClassException.class, () -> decode(codec, bytes));
  }

  @Test
  void wrongTypeAndCorruptStreamGiveIoExceptions() throws IOException {
    byte[] integer = encode(Codec.serializable(Integer.class), 7);
    InvalidObjectException wrong =
        assertThrows(
            InvalidObjectException.class, () -> decode(Codec.serializable(String.class), integer));
    assertTrue(Thrown.message(wrong).contains("java.lang.String"), Thrown.message(wrong));
    assertTrue(Thrown.message(wrong).contains("java.lang.Integer"), Thrown.message(wrong));
    assertThrows(
        IOException.class, () -> decode(Codec.serializable(String.class), new byte[] {1, 2, 3}));
    byte[] truncated = java.util.Arrays.copyOf(integer, integer.length - 2);
    assertThrows(IOException.class, () -> decode(Codec.serializable(Integer.class), truncated));
  }

  @Test
  void badPatternsAreRejectedQuotingThem() {
    for (String bad : new String[] {"", " ", "a.B;c.D", " a.B", "maxdepth=x"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Codec.serializable(String.class, bad));
      assertTrue(
          Thrown.message(e).startsWith("invalid class pattern " + StashKeys.quote(bad)),
          Thrown.message(e));
    }
    assertThrows(
        NullPointerException.class,
        () -> Codec.serializable(String.class, "a.B", TestNulls.string()));
    IllegalArgumentException primitive =
        assertThrows(IllegalArgumentException.class, () -> Codec.serializable(int.class));
    assertTrue(Thrown.message(primitive).contains("int"), Thrown.message(primitive));
  }

  @Test
  void explicitFilterRejectsWhatItLeavesUndecided() throws IOException {
    Doc doc = new Doc("t", List.of(1));
    byte[] bytes = encode(Codec.serializable(Doc.class), doc);
    ObjectInputFilter onlyLimits = ObjectInputFilter.Config.createFilter("maxdepth=20");
    assertThrows(
        InvalidClassException.class, () -> decode(Codec.serializable(Doc.class, onlyLimits), bytes));
    ObjectInputFilter allowing =
        ObjectInputFilter.Config.createFilter(
            "zensols.multi.stash.CodecTest$Doc;java.util.*;java.lang.*;!*");
    assertEquals(doc, decode(Codec.serializable(Doc.class, allowing), bytes));
  }
}
