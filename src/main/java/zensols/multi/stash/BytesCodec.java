package zensols.multi.stash;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The codec of {@link Codec#bytes()}: byte arrays as they are. */
enum BytesCodec implements Codec<byte[]> {
  INSTANCE;

  @Override
  public void write(byte[] value, OutputStream out) throws IOException {
    out.write(value);
  }

  @Override
  public byte[] read(InputStream in) throws IOException {
    return in.readAllBytes();
  }

  @Override
  public String toString() {
    return "Codec.bytes()";
  }
}
