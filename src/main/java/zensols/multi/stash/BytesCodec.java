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

  /** Returns the value itself: the stash writes it and keeps no reference. */
  @Override
  public byte[] encode(byte[] value) {
    return value;
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
