package zensols.multi.demo;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Turns relative paths into stash keys (one file name, no separator, no leading dot) and back. */
final class Keys {
  private Keys() {}

  static String of(String relativePath) {
    String key = URLEncoder.encode(relativePath, StandardCharsets.UTF_8);
    return key.startsWith(".") ? "%2E" + key.substring(1) : key;
  }

  static String path(String key) {
    return URLDecoder.decode(key, StandardCharsets.UTF_8);
  }
}
