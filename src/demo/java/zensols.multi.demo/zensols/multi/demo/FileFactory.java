package zensols.multi.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The factory of the file index: its keys are the regular files under a directory; loading one
 * reads the file whole to compute its SHA-256, size and line count — CPU-bound work.
 */
final class FileFactory extends KeyedFactory<FileInfo> {
  private final Path root;

  FileFactory(Path root) throws IOException {
    super(filesUnder(root));
    this.root = root;
  }

  private static Set<String> filesUnder(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
              .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
              .map(p -> Keys.of(root.relativize(p).toString()))
              .filter(k -> k.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 255)
              .collect(Collectors.toUnmodifiableSet());
    }
  }

  @Override
  FileInfo create(String key) {
    String relative = Keys.path(key);
    Path file = root.resolve(relative);
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      long size = 0;
      long lines = 0;
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
        size += n;
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
      }
      return new FileInfo(relative, size, HexFormat.of().formatHex(sha.digest()), lines);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot index " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
