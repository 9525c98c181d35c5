package zensols.multi.stash;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The codec of {@link Codec#utf8()}: strings as strict UTF-8. */
enum Utf8Codec implements Codec<String> {
  INSTANCE;

  @Override
  public void write(String value, OutputStream out) throws IOException {
    out.write(value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public byte[] encode(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String read(InputStream in) throws IOException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(in.readAllBytes()))
        .toString();
  }

  @Override
  public String toString() {
    return "Codec.utf8()";
  }
}
