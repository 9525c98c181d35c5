package zensols.multi;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Properties;
import zensols.multi.stash.Codec;

/**
 * The record of an item whose creation threw, kept by a {@link MultiProcessRobustStash} in place
 * of its value so that it survives a restart (the original's {@code Failure}).
 *
 * @param key the item's key
 * @param exceptionType the binary name of the exception's class
 * @param message the exception's message, empty if it had none
 * @param stackTrace the exception's stack trace, causes included, as {@link
 *     Throwable#printStackTrace()} writes it
 */
public record Failure(String key, String exceptionType, String message, String stackTrace) {
  private static final String KEY = "key";
  private static final String TYPE = "exceptionType";
  private static final String MESSAGE = "message";
  private static final String STACK_TRACE = "stackTrace";

  /**
   * Validates the record.
   *
   * @throws NullPointerException naming the component that is null
   */
  public Failure {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(exceptionType, "exceptionType");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(stackTrace, "stackTrace");
  }

  /**
   * The failure of {@code key} by {@code exception}.
   *
   * @param key the item's key
   * @param exception what its creation threw
   * @return the failure
   */
  public static Failure of(String key, Throwable exception) {
    Objects.requireNonNull(exception, "exception");
    StringWriter trace = new StringWriter();
    exception.printStackTrace(new PrintWriter(trace));
    String message = exception.getMessage();
    return new Failure(
        key, exception.getClass().getName(), message == null ? "" : message, trace.toString());
  }

  /**
   * Reads and writes failures as UTF-8 {@link Properties} text: plain data, no Java
   * serialisation.
   *
   * @return the codec
   */
  public static Codec<Failure> codec() {
    return FailureCodec.INSTANCE;
  }

  /** Returns {@code "<key>: <exceptionType>: <message>"}. */
  @Override
  public String toString() {
    return key + ": " + exceptionType + (message.isEmpty() ? "" : ": " + message);
  }

  private enum FailureCodec implements Codec<Failure> {
    INSTANCE;

    @Override
    public void write(Failure failure, OutputStream out) throws IOException {
      Properties properties = new Properties();
      properties.setProperty(KEY, failure.key());
      properties.setProperty(TYPE, failure.exceptionType());
      properties.setProperty(MESSAGE, failure.message());
      properties.setProperty(STACK_TRACE, failure.stackTrace());
      OutputStreamWriter writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      properties.store(writer, null);
      writer.flush();
    }

    @Override
    public Failure read(InputStream in) throws IOException {
      Properties properties = new Properties();
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      try {
        return new Failure(
            require(properties, KEY),
            require(properties, TYPE),
            require(properties, MESSAGE),
            require(properties, STACK_TRACE));
      } catch (IllegalArgumentException e) {
        throw new IOException("not a failure record: " + e.getMessage(), e);
      }
    }

    private static String require(Properties properties, String name) {
      String value = properties.getProperty(name);
      if (value == null) {
        throw new IllegalArgumentException("no " + name);
      }
      return value;
    }
  }
}
