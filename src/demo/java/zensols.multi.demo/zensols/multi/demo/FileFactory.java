package zensols.multi.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import zensols.multi.StashFactory;

/**
 * The factory of the file index: its keys are the regular files under a directory; creating one
 * reads the file whole to compute its SHA-256, size and line count — CPU-bound work. A file that
 * cannot be read throws, and the robust stash records it as a failure. A directory that cannot be
 * listed is skipped and reported by {@link #unlistable()}: its files are unknown.
 */
final class FileFactory implements StashFactory<FileInfo> {
  private final Path root;
  private final Set<String> keys;
  private final List<String> unlistable;

  FileFactory(Path root) throws IOException {
    this.root = root;
    Set<String> keys = new HashSet<>();
    List<String> unlistable = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            String key = Keys.of(root.relativize(file).toString());
            if (attributes.isRegularFile()
                && key.getBytes(StandardCharsets.UTF_8).length <= 255) {
              keys.add(key);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            unlistable.add(file + " (" + e.getClass().getSimpleName() + ")");
            return FileVisitResult.CONTINUE;
          }
        });
    this.keys = Set.copyOf(keys);
    this.unlistable = List.copyOf(unlistable);
  }

  /** The directories (or files) under the root that could not be read while listing. */
  List<String> unlistable() {
    return unlistable;
  }

  @Override
  public Set<String> keys() {
    return keys;
  }

  @Override
  public FileInfo create(String key) throws IOException, NoSuchAlgorithmException {
    String relative = Keys.path(key);
    try (InputStream in = Files.newInputStream(root.resolve(relative))) {
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
    }
  }
}
