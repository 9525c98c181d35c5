package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.core.Gen;

/** Pins DESIGN.md's WorkerCount table: resolution, fractions, parsing and round trips. */
class WorkerCountTest {

  /** The table's integer rows, computed independently of the implementation. */
  private static int expected(int n, int c) {
    if (n > 0) {
      return n;
    }
    if (n == 0) {
      return c;
    }
    return Math.max(1, c + n); // c - k with n = -k
  }

  @Test
  void everyIntegerInTheGridResolvesByTheTable() {
    for (int n = -1024; n <= 1024; n++) {
      WorkerCount count = WorkerCount.of(n);
      for (int c = 1; c <= 512; c++) {
        int resolved = count.resolve(c);
        if (resolved < 1 || resolved != expected(n, c)) {
          fail("WorkerCount.of(" + n + ").resolve(" + c + ") = " + resolved + ", expected "
              + expected(n, c));
        }
      }
    }
  }

  @Test
  void everyIntegerResolvesByTheTable() {
    qt().forAll(integers().between(Integer.MIN_VALUE + 1, Integer.MAX_VALUE),
            integers().between(1, Integer.MAX_VALUE))
        .checkAssert((n, c) -> {
          int resolved = WorkerCount.of(n).resolve(c);
          assertTrue(resolved >= 1, "resolved " + resolved);
          assertEquals(expected(n, c), resolved, () -> "of(" + n + ").resolve(" + c + ")");
        });
  }

  @Test
  void integersMapToTheTableRecords() {
    assertEquals(new WorkerCount.Exactly(4), WorkerCount.of(4));
    assertSame(WorkerCount.AllProcessors.INSTANCE, WorkerCount.of(0));
    assertSame(WorkerCount.allProcessors(), WorkerCount.of(0));
    assertEquals(new WorkerCount.AllBut(1), WorkerCount.of(-1));
    assertEquals(new WorkerCount.AllBut(Integer.MAX_VALUE), WorkerCount.of(-Integer.MAX_VALUE));
  }

  @Test
  void minValueIsRejectedNamingIt() {
    var e = assertThrows(IllegalArgumentException.class, () -> WorkerCount.of(Integer.MIN_VALUE));
    assertTrue(Workers.message(e).contains(Integer.toString(Integer.MIN_VALUE)), Workers.message(e));
  }

  @Test
  void recordsRejectNonPositiveComponents() {
    assertThrows(IllegalArgumentException.class, () -> new WorkerCount.Exactly(0));
    assertThrows(IllegalArgumentException.class, () -> new WorkerCount.Exactly(-3));
    assertThrows(IllegalArgumentException.class, () -> new WorkerCount.AllBut(0));
    assertThrows(IllegalArgumentException.class, () -> new WorkerCount.AllBut(-3));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void resolveRejectsNonPositiveProcessorCounts(int c) {
    for (WorkerCount count :
        List.of(WorkerCount.of(3), WorkerCount.of(0), WorkerCount.of(-1), WorkerCount.fraction(0.5))) {
      var e = assertThrows(IllegalArgumentException.class, () -> count.resolve(c));
      assertTrue(Workers.message(e).contains(Integer.toString(c)), Workers.message(e));
    }
  }

  @Test
  void resolveWithoutArgumentUsesTheAvailableProcessors() {
    int c = Runtime.getRuntime().availableProcessors();
    assertEquals(c, WorkerCount.allProcessors().resolve());
    assertEquals(Math.max(1, c - 1), WorkerCount.of(-1).resolve());
    assertEquals(7, WorkerCount.of(7).resolve());
  }

  /**
   * Checks {@code r == ceil(f * c)} exactly on the decimal {@code f} is written as: {@code r - 1 <
   * f * c <= r}, and {@code 1 <= r <= c}.
   */
  private static void assertShare(double f, int c) {
    int r = WorkerCount.fraction(f).resolve(c);
    BigDecimal product = new BigDecimal(Double.toString(f)).multiply(BigDecimal.valueOf(c));
    assertTrue(BigDecimal.valueOf(r).compareTo(product) >= 0
            && BigDecimal.valueOf(r - 1L).compareTo(product) < 0,
        () -> "fraction(" + f + ").resolve(" + c + ") = " + r + " but f*c = " + product);
    assertTrue(r >= 1 && r <= c, () -> "fraction(" + f + ").resolve(" + c + ") = " + r);
  }

  @Test
  void fractionsResolveToTheCeilingOfTheExactProduct() {
    Gen<Double> fractions =
        doubles().between(0, 1).assuming(f -> f > 0)
            .mix(doubles().between(Double.MIN_VALUE, 1e-6).assuming(f -> f > 0), 20);
    qt().forAll(fractions, integers().between(1, 512)).checkAssert(WorkerCountTest::assertShare);
    qt().forAll(fractions, integers().between(1, Integer.MAX_VALUE))
        .checkAssert(WorkerCountTest::assertShare);
  }

  @Test
  void fractionEdgeCases() {
    double[] edges = {Double.MIN_VALUE, 1e-300, 0.1, 0.2, 0.3, 1.0 / 3, 0.5, 2.0 / 3, 0.7,
        Math.nextDown(1.0), 1.0};
    for (double f : edges) {
      for (int c : new int[] {1, 2, 3, 7, 10, 100, 512, 1000, Integer.MAX_VALUE}) {
        assertShare(f, c);
      }
    }
    // the decimal the user wrote counts, not the binary double slightly above it (as Python's
    // math.ceil(0.1 * 10) == 1)
    assertEquals(1, WorkerCount.fraction(0.1).resolve(10));
    assertEquals(11, WorkerCount.parse("10.5%").resolve(100));
    assertEquals(10, WorkerCount.parse("10%").resolve(100));
    assertEquals(1, WorkerCount.parse("20%").resolve(5));
    assertEquals(3, WorkerCount.fraction(0.3).resolve(10));
    assertEquals(1, WorkerCount.fraction(0.5).resolve(2));
    assertEquals(2, WorkerCount.fraction(0.5).resolve(3));
    assertEquals(1, WorkerCount.fraction(Double.MIN_VALUE).resolve(Integer.MAX_VALUE));
    assertEquals(Integer.MAX_VALUE, WorkerCount.fraction(1.0).resolve(Integer.MAX_VALUE));
  }

  private static void assertRejectedFraction(double f) {
    var e = assertThrows(IllegalArgumentException.class, () -> WorkerCount.fraction(f),
        () -> "fraction " + f + " accepted");
    assertTrue(Workers.message(e).contains(Double.toString(f)),
        () -> "message does not name " + f + ": " + Workers.message(e));
    assertThrows(IllegalArgumentException.class, () -> new WorkerCount.Share(f));
  }

  @Test
  void fractionsOutsideTheUnitIntervalAreRejectedNamingTheValue() {
    qt().forAll(doubles().any().assuming(f -> !(f > 0 && f <= 1)))
        .checkAssert(WorkerCountTest::assertRejectedFraction);
    qt().forAll(doubles().between(-1e9, 0)).checkAssert(WorkerCountTest::assertRejectedFraction);
    qt().forAll(doubles().between(Math.nextUp(1.0), 1e9))
        .checkAssert(WorkerCountTest::assertRejectedFraction);
    for (double f : new double[] {0.0, -0.0, -Double.MIN_VALUE, Math.nextUp(1.0), 1.5, 2, -1,
        Double.MAX_VALUE, -Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY}) {
      assertRejectedFraction(f);
    }
  }

  /** Every kind of WorkerCount: integers (without MIN_VALUE) and fractions in (0, 1]. */
  private static Gen<WorkerCount> workerCounts() {
    Gen<WorkerCount> integral =
        integers().between(Integer.MIN_VALUE + 1, Integer.MAX_VALUE).map(WorkerCount::of);
    Gen<WorkerCount> small = integers().between(-1024, 1024).map(WorkerCount::of);
    Gen<WorkerCount> fractions =
        doubles().between(0, 1).assuming(f -> f > 0).map(WorkerCount::fraction);
    Gen<WorkerCount> tiny =
        doubles().between(Double.MIN_VALUE, 1e-3).assuming(f -> f > 0).map(WorkerCount::fraction);
    return integral.mix(small, 30).mix(fractions, 40).mix(tiny, 10);
  }

  @Test
  void parsingToStringGivesBackAnEqualValue() {
    qt().withExamples(5000).forAll(workerCounts()).checkAssert(x -> {
      WorkerCount parsed = WorkerCount.parse(x.toString());
      assertEquals(x, parsed, () -> "parse(\"" + x + "\")");
      assertEquals(x.hashCode(), parsed.hashCode());
      assertEquals(x.toString(), parsed.toString());
    });
  }

  @Test
  void parsesTheConfigurationForms() {
    assertEquals(new WorkerCount.Exactly(4), WorkerCount.parse("4"));
    assertSame(WorkerCount.AllProcessors.INSTANCE, WorkerCount.parse("0"));
    assertEquals(new WorkerCount.AllBut(1), WorkerCount.parse("-1"));
    assertEquals(new WorkerCount.Share(0.5), WorkerCount.parse("0.5"));
    assertEquals(new WorkerCount.Share(0.5), WorkerCount.parse("50%"));
    assertEquals(new WorkerCount.Share(1.0), WorkerCount.parse("100%"));
    assertEquals(new WorkerCount.Share(0.125), WorkerCount.parse("12.5%"));
    assertEquals(new WorkerCount.Share(1.0), WorkerCount.parse("1.0"));
    assertEquals(new WorkerCount.Exactly(4), WorkerCount.parse(" 4\t"));
    assertInstanceOf(WorkerCount.Share.class, WorkerCount.parse("5.0E-1"));
    assertEquals(new WorkerCount.Exactly(1), WorkerCount.parse("1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "abc", "50%%", "%", "1e999", "1.5", "-0.5", "0.0", "0%",
      "101%", "-50%", "NaN", "Infinity", "-Infinity", "2147483648", "-2147483648",
      "99999999999999999999", "0x10", "1,5", "4 workers", "four"})
  void rejectsBadTextQuotingIt(String text) {
    var e = assertThrows(IllegalArgumentException.class, () -> WorkerCount.parse(text),
        () -> "parse(\"" + text + "\") was accepted");
    assertTrue(Workers.message(e).contains("\"" + text + "\""),
        () -> "message does not quote \"" + text + "\": " + Workers.message(e));
  }

  @Test
  @SuppressWarnings("NullAway") // the point of the test
  void parseRejectsNull() {
    assertThrows(NullPointerException.class, () -> WorkerCount.parse(null));
  }
}
