package zensols.multi.jmh;

import java.util.List;
import java.util.stream.IntStream;

/** The benchmark items: keys {@code k0000000}, {@code k0000001}, … (valid file names too). */
final class Keys {
  private Keys() {}

  static List<String> of(int n) {
    return IntStream.range(0, n).mapToObj(Keys::key).toList();
  }

  static String key(int i) {
    return String.format("k%07d", i);
  }
}
