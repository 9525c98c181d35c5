package zensols.multi.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import zensols.multi.stash.Codec;

/**
 * What the demo records of one file.
 *
 * @param path the file's path relative to the indexed directory
 * @param size its size in bytes
 * @param sha256 the hex SHA-256 of its content
 * @param lines the number of line feeds in it
 */
record FileInfo(String path, long size, String sha256, long lines) {

  /** One tab-separated UTF-8 line: size, lines, sha256, path. */
  static final Codec<FileInfo> CODEC =
      new Codec<>() {
        @Override
        public void write(FileInfo info, OutputStream out) throws IOException {
          String line = info.size() + "\t" + info.lines() + "\t" + info.sha256() + "\t" + info.path();
          out.write(line.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public FileInfo read(InputStream in) throws IOException {
          String[] fields = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\t", 4);
          if (fields.length != 4) {
            throw new IOException("not a file record: " + fields.length + " fields");
          }
          try {
            return new FileInfo(
                fields[3], Long.parseLong(fields[0]), fields[2], Long.parseLong(fields[1]));
          } catch (NumberFormatException e) {
            throw new IOException("not a file record: " + e.getMessage(), e);
          }
        }
      };
}
