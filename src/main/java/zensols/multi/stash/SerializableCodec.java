package zensols.multi.stash;

import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.InvalidObjectException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The codec of {@link Codec#serializable}: Java serialisation, reads restricted by a filter set
 * on the stream before anything is read.
 */
final class SerializableCodec<V> implements Codec<V> {

  private final Class<V> type;
  private final ObjectInputFilter filter;

  SerializableCodec(Class<V> type, ObjectInputFilter filter) {
    this.type = Objects.requireNonNull(type, "type");
    this.filter = Objects.requireNonNull(filter, "filter");
    if (type.isPrimitive()) {
      throw new IllegalArgumentException(
          "invalid type " + type.getName() + ": use its wrapper class, primitives are not values");
    }
  }

  @Override
  public void write(V value, OutputStream out) throws IOException {
    ObjectOutputStream oos = new ObjectOutputStream(out);
    oos.writeObject(value);
    oos.flush();
  }

  @Override
  public V read(InputStream in) throws IOException {
    ObjectInputStream ois = new ObjectInputStream(in);
    ObjectInputFilter effective =
        ObjectInputFilter.merge(filter, ObjectInputFilter.Config.getSerialFilter());
    StringBuilder rejected = new StringBuilder();
    ois.setObjectInputFilter(
        info -> {
          ObjectInputFilter.Status status = effective.checkInput(info);
          if (status == ObjectInputFilter.Status.REJECTED && rejected.isEmpty()) {
            rejected.append(describe(info));
          }
          return status;
        });
    Object value;
    try {
      value = ois.readObject();
    } catch (ClassNotFoundException e) {
      throw new IOException("class not found: " + e.getMessage(), e);
    } catch (InvalidClassException e) {
      if (rejected.isEmpty()) {
        throw e;
      }
      InvalidClassException named =
          new InvalidClassException(
              "rejected by the deserialisation filter of " + this + ": " + rejected);
      named.initCause(e);
      throw named;
    }
    if (!type.isInstance(value)) {
      throw new InvalidObjectException(
          "expected a "
              + type.getName()
              + " but read "
              + (value == null ? "null" : "a " + value.getClass().getName()));
    }
    return type.cast(value);
  }

  /** Describes what the filter was asked about, for the message of a rejection. */
  private static String describe(ObjectInputFilter.FilterInfo info) {
    Class<?> type = info.serialClass();
    String what = type == null ? "a stream limit" : "class " + type.getName();
    String array = info.arrayLength() >= 0 ? ", array length " + info.arrayLength() : "";
    return what
        + " (depth "
        + info.depth()
        + ", references "
        + info.references()
        + ", bytes "
        + info.streamBytes()
        + array
        + ")";
  }

  @Override
  public String toString() {
    return "Codec.serializable(" + type.getName() + ")";
  }
}
