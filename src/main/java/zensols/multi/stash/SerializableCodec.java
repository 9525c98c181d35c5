package zensols.multi.stash;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.InvalidObjectException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The codec of {@link Codec#serializable}: Java serialisation, reads restricted by a filter set
 * on the stream before anything is read and bounded by the size of what is read.
 *
 * <p>Bounds of one read of {@code size} bytes, on top of the filter's own limits:
 *
 * <ul>
 *   <li>no array may declare more elements than bytes are left in the stream, and all arrays
 *       together no more elements than the stream has bytes (a hash table's slots count an eighth
 *       each, as a {@code HashMap} of n entries may declare up to 8n slots). This covers the
 *       collections that size their storage from a count in the stream ({@code ArrayList}, {@code
 *       HashMap}, {@code HashSet}, …): they ask the filter about that storage first;
 *   <li>no object may stand for a tree of more than {@code max(}{@value #MIN_TREE}{@code , 4 ×
 *       size)} objects once shared references are unfolded (a set of sets of sets, each element
 *       referenced twice, is exponential in its depth): collections, maps, object arrays and
 *       records are counted as they are completed, before an enclosing hash collection hashes
 *       them;
 *   <li>nesting deeper than the stack allows is reported, not thrown as a {@link
 *       StackOverflowError}.
 * </ul>
 */
final class SerializableCodec<V> implements Codec<V> {

  /** The smallest bound of the unfolded size of one object. */
  static final long MIN_TREE = 10_000;

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

  /**
   * The declared type and, for a record, the classes of its components and of their type
   * arguments, recursively: what a value of {@code type} is made of.
   */
  static Set<Class<?>> declaredClasses(Class<?> type) {
    Set<Class<?>> classes = new LinkedHashSet<>();
    collect(type, classes);
    return classes;
  }

  private static void collect(Type type, Set<Class<?>> classes) {
    if (type instanceof Class<?> c) {
      while (c.isArray()) {
        c = c.getComponentType();
      }
      if (c.isPrimitive() || c.isInterface() || !classes.add(c)) {
        return;
      }
      if (c.isRecord()) {
        for (RecordComponent component : c.getRecordComponents()) {
          collect(component.getGenericType(), classes);
        }
      }
    } else if (type instanceof ParameterizedType p) {
      collect(p.getRawType(), classes);
      for (Type argument : p.getActualTypeArguments()) {
        collect(argument, classes);
      }
    } else if (type instanceof GenericArrayType a) {
      collect(a.getGenericComponentType(), classes);
    }
  }

  /**
   * Writes the value; then checks every class written against the filter, so that a value that
   * could not be read back fails now, naming the class and the pattern to allow it.
   */
  @Override
  public void write(V value, OutputStream out) throws IOException {
    Set<Class<?>> written = new LinkedHashSet<>();
    ObjectOutputStream oos =
        new ObjectOutputStream(out) {
          @Override
          protected void annotateClass(Class<?> cl) {
            written.add(cl);
          }

          @Override
          protected void annotateProxyClass(Class<?> cl) {
            written.add(cl);
          }
        };
    oos.writeObject(value);
    oos.flush();
    ObjectInputFilter effective = effective();
    for (Class<?> cl : written) {
      if (effective.checkInput(new ClassInfo(cl)) == ObjectInputFilter.Status.REJECTED) {
        Class<?> element = cl;
        while (element.isArray()) {
          element = element.getComponentType();
        }
        throw new InvalidClassException(
            cl.getName(),
            "the value holds a class that "
                + this
                + " would reject when reading it back; allow it with the pattern \""
                + element.getName()
                + "\" (or \""
                + element.getPackageName()
                + ".*\" for its package) in Codec.serializable(type, patterns...)");
      }
    }
  }

  /** Reads the whole stream and decodes it, bounded by its size. */
  @Override
  public V read(InputStream in) throws IOException {
    byte[] bytes = in.readAllBytes();
    return read(new ByteArrayInputStream(bytes), bytes.length);
  }

  @Override
  public V read(InputStream in, long size) throws IOException {
    ObjectInputFilter effective = effective();
    StringBuilder rejected = new StringBuilder();
    long[] arrayElements = {0};
    ObjectInputFilter bounded =
        info -> {
          ObjectInputFilter.Status status = effective.checkInput(info);
          if (status != ObjectInputFilter.Status.REJECTED) {
            String limit = sizeLimit(info, size, arrayElements);
            if (limit != null) {
              if (rejected.isEmpty()) {
                rejected.append(limit).append(' ').append(describe(info));
              }
              return ObjectInputFilter.Status.REJECTED;
            }
          }
          if (status == ObjectInputFilter.Status.REJECTED && rejected.isEmpty()) {
            rejected.append(describe(info));
          }
          return status;
        };
    TreeBound tree = new TreeBound(Math.max(MIN_TREE, 4 * size));
    Object value;
    try {
      BoundedObjectInputStream ois = new BoundedObjectInputStream(in, tree);
      ois.setObjectInputFilter(bounded);
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
    } catch (StackOverflowError e) {
      throw new InvalidObjectException("the value nests too deeply to be read: " + e);
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

  /** The codec's filter merged with the JVM-wide filter. */
  private ObjectInputFilter effective() {
    return ObjectInputFilter.merge(filter, ObjectInputFilter.Config.getSerialFilter());
  }

  /** Returns why {@code info} breaks a size bound, or {@code null}. */
  private static @Nullable String sizeLimit(
      ObjectInputFilter.FilterInfo info, long size, long[] arrayElements) {
    if (info.streamBytes() > size) {
      return "the stream is longer than the file";
    }
    long length = info.arrayLength();
    if (length < 0) {
      return null;
    }
    long left = Math.max(0, size - info.streamBytes());
    boolean table = info.serialClass() == Map.Entry[].class;
    long units = table ? (length + 7) / 8 : length;
    if (units > left + 16) {
      return "an array declares " + length + " elements with " + left + " bytes left:";
    }
    arrayElements[0] += units;
    if (arrayElements[0] > size + 64) {
      return "the arrays declare " + arrayElements[0] + " elements in a file of " + size
          + " bytes:";
    }
    return null;
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

  /** What the write check asks the filter about one class. */
  private record ClassInfo(Class<?> serialClass) implements ObjectInputFilter.FilterInfo {
    @Override
    public long arrayLength() {
      return -1;
    }

    @Override
    public long depth() {
      return 1;
    }

    @Override
    public long references() {
      return 1;
    }

    @Override
    public long streamBytes() {
      return 0;
    }
  }

  /**
   * Counts, for every collection, map, object array and record as it is completed, the objects
   * of the tree it stands for when shared references are unfolded, and fails when one exceeds the
   * bound.
   */
  private static final class TreeBound {
    private final long limit;
    private final Map<Object, Long> sizes = new IdentityHashMap<>();

    TreeBound(long limit) {
      this.limit = limit;
    }

    void completed(Object obj) throws InvalidObjectException {
      long total;
      if (obj instanceof Collection<?> collection) {
        total = 1;
        for (Object element : collection) {
          total = add(total, element);
        }
      } else if (obj instanceof Map<?, ?> map) {
        total = 1;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          total = add(add(total, entry.getKey()), entry.getValue());
        }
      } else if (obj instanceof Object[] array) {
        total = 1;
        for (Object element : array) {
          total = add(total, element);
        }
      } else if (obj.getClass().isRecord()) {
        total = 1;
        for (RecordComponent component : obj.getClass().getRecordComponents()) {
          total = add(total, componentValue(component, obj));
        }
      } else {
        return;
      }
      if (total > limit) {
        throw new InvalidObjectException(
            "a "
                + obj.getClass().getName()
                + " stands for more than "
                + limit
                + " objects once its shared references are unfolded (the bound for a file of"
                + " this size)");
      }
      sizes.put(obj, total);
    }

    private long add(long total, @Nullable Object child) {
      if (child == null) {
        return total + 1;
      }
      Long size = sizes.get(child);
      return Math.min(Long.MAX_VALUE / 2, total + (size == null ? 1 : size));
    }

    private static @Nullable Object componentValue(RecordComponent component, Object record) {
      try {
        return component.getAccessor().invoke(record);
      } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
        return null; // a component the library cannot read counts as one object
      }
    }
  }

  /** Reports every object completed to the {@link TreeBound}. */
  private static final class BoundedObjectInputStream extends ObjectInputStream {
    private final TreeBound tree;

    BoundedObjectInputStream(InputStream in, TreeBound tree) throws IOException {
      super(in);
      this.tree = tree;
      enableResolveObject(true);
    }

    @Override
    protected @Nullable Object resolveObject(@Nullable Object obj) throws IOException {
      if (obj != null) {
        tree.completed(obj);
      }
      return obj;
    }
  }
}
