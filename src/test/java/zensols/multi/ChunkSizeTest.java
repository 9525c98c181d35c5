package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.core.Gen;

/** Pins DESIGN.md's ChunkSize: integers, auto, parsing, round trips and rejected text. */
class ChunkSizeTest {
  private static final Pattern ACCEPTED = Pattern.compile("\\s*(?i:auto|\\+?\\d+)\\s*");

  /** Every kind of ChunkSize. */
  private static Gen<ChunkSize> chunkSizes() {
    Gen<ChunkSize> fixed = integers().between(1, Integer.MAX_VALUE).map(ChunkSize::of);
    Gen<ChunkSize> small = integers().between(0, 1024).map(ChunkSize::of);
    Gen<ChunkSize> auto = integers().all().map(i -> ChunkSize.auto());
    return fixed.mix(small, 40).mix(auto, 20);
  }

  @Test
  void integersMapToTheRecords() {
    qt().forAll(integers().between(1, Integer.MAX_VALUE)).checkAssert(n -> {
      assertEquals(new ChunkSize.Fixed(n), ChunkSize.of(n));
      assertEquals(n, ((ChunkSize.Fixed) ChunkSize.of(n)).size());
    });
    assertSame(ChunkSize.Even.INSTANCE, ChunkSize.of(0));
    assertSame(ChunkSize.even(), ChunkSize.of(0));
    assertSame(ChunkSize.Auto.INSTANCE, ChunkSize.auto());
  }

  @Test
  void parsingToStringGivesBackAnEqualValue() {
    qt().withExamples(3000).forAll(chunkSizes()).checkAssert(x -> {
      ChunkSize parsed = ChunkSize.parse(x.toString());
      assertEquals(x, parsed, () -> "parse(\"" + x + "\")");
      assertEquals(x.hashCode(), parsed.hashCode());
      assertEquals(x.toString(), parsed.toString());
    });
  }

  @Test
  void parsingAnyNonNegativeIntegerTextGivesThatSize() {
    qt().forAll(integers().between(0, Integer.MAX_VALUE)).checkAssert(n -> {
      assertEquals(ChunkSize.of(n), ChunkSize.parse(Integer.toString(n)));
      assertEquals(ChunkSize.of(n), ChunkSize.parse(" +" + n + "\t"));
      assertEquals(Integer.toString(n), ChunkSize.parse(Integer.toString(n)).toString());
    });
  }

  @Test
  void parsesTheConfigurationForms() {
    assertEquals(new ChunkSize.Fixed(1000), ChunkSize.parse("1000"));
    assertSame(ChunkSize.Even.INSTANCE, ChunkSize.parse("0"));
    assertSame(ChunkSize.Even.INSTANCE, ChunkSize.parse("000"));
    assertSame(ChunkSize.Auto.INSTANCE, ChunkSize.parse("auto"));
    assertSame(ChunkSize.Auto.INSTANCE, ChunkSize.parse(" AUTO\n"));
    assertSame(ChunkSize.Auto.INSTANCE, ChunkSize.parse("Auto"));
    assertEquals("auto", ChunkSize.auto().toString());
    assertEquals("0", ChunkSize.even().toString());
    assertEquals("16", ChunkSize.of(16).toString());
  }

  private static void assertRejectedQuoting(String text) {
    var e = assertThrows(IllegalArgumentException.class, () -> ChunkSize.parse(text),
        () -> "accepted \"" + text + "\"");
    assertTrue(Workers.message(e).contains("\"" + text + "\""),
        () -> "message does not quote \"" + text + "\": " + Workers.message(e));
  }

  @Test
  void negativeIntegersAreRejectedQuotingTheText() {
    qt().forAll(integers().between(Integer.MIN_VALUE, -1)).checkAssert(n -> {
      assertRejectedQuoting(Integer.toString(n));
      var e = assertThrows(IllegalArgumentException.class, () -> ChunkSize.of(n));
      assertTrue(Workers.message(e).contains(Integer.toString(n)), Workers.message(e));
    });
    assertThrows(IllegalArgumentException.class, () -> new ChunkSize.Fixed(0));
    assertThrows(IllegalArgumentException.class, () -> new ChunkSize.Fixed(-5));
  }

  @Test
  void anyOtherTextIsRejectedQuotingIt() {
    qt().withExamples(3000)
        .forAll(strings().allPossible().ofLengthBetween(0, 12)
            .assuming(s -> !ACCEPTED.matcher(s).matches()))
        .checkAssert(ChunkSizeTest::assertRejectedQuoting);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "-1", "-0x1", "1.5", "1e3", "auto2", "au to", "0.0", "50%",
      "2147483648", "99999999999999999999", "one", "１２", "\u0000", "-auto"})
  void badTextIsRejectedQuotingIt(String text) {
    assertRejectedQuoting(text);
  }

  @Test
  void configurationTextAcceptsAutoAndRoundTrips() {
    MultiProcessConfig config =
        MultiProcessConfig.from(Map.of("chunk_size", "auto"), MultiProcessConfig.DEFAULT);
    assertSame(ChunkSize.auto(), config.chunkSize());
    assertEquals("auto", config.toSettings().get("chunk_size"));
    assertEquals(config, MultiProcessConfig.from(config.toSettings(), MultiProcessConfig.DEFAULT));
    assertEquals(ChunkSize.of(12), MultiProcessConfig.DEFAULT.withChunkSize(12).chunkSize());
    assertEquals(ChunkSize.auto(),
        MultiProcessConfig.DEFAULT.withChunkSize(ChunkSize.auto()).chunkSize());
    assertEquals(new MultiProcessConfig(ChunkSize.of(7), WorkerCount.of(2), Processor.pool()),
        new MultiProcessConfig(7, WorkerCount.of(2), Processor.pool()));
    var e = assertThrows(IllegalArgumentException.class,
        () -> MultiProcessConfig.from(Map.of("chunk_size", "fast"), MultiProcessConfig.DEFAULT));
    assertTrue(Workers.message(e).contains("chunk_size") && Workers.message(e).contains("\"fast\""),
        Workers.message(e));
  }
}
