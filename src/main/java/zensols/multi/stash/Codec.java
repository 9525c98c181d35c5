package zensols.multi.stash;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Turns values into bytes and back, for stashes that persist values such as {@link
 * DirectoryStash}.
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li>{@link #write} and {@link #read} must not close the stream they are given; the caller
 *       owns and closes it.
 *   <li>{@link #read} reads one value written by {@link #write}; the stream it gets holds exactly
 *       those bytes. Bytes that cannot be decoded must cause an {@link IOException} (the stash
 *       reports it with the key and the file), never a {@code null}.
 *   <li>Codecs are used from many threads at once and must be thread safe; the built-in ones are
 *       stateless.
 * </ul>
 *
 * @param <V> the type of the values
 */
public interface Codec<V> {

  /**
   * Writes {@code value} to {@code out}.
   *
   * @param value the value, never {@code null}
   * @param out the stream to write to; not closed by this method
   * @throws IOException if the value cannot be encoded or written
   */
  void write(V value, OutputStream out) throws IOException;

  /**
   * Returns the bytes {@link #write} writes for {@code value}: what a {@link DirectoryStash} calls,
   * so that a value is written to its file in one write, with no buffer beyond its bytes. The
   * default writes the value to a {@link ByteArrayOutputStream} and returns its bytes; the
   * built-in UTF-8 and byte codecs return the value's bytes without a copy of their own. A codec
   * that overrides it must return exactly what {@link #write} writes (the stash reads a file back
   * with {@link #read(InputStream, long)}).
   *
   * <p>The caller must not modify the array: for {@link #bytes()} it is the value itself.
   *
   * @param value the value, never {@code null}
   * @return the encoded value; held in memory whole while it is written
   * @throws IOException if the value cannot be encoded
   */
  default byte[] encode(V value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(value, out);
    return out.toByteArray();
  }

  /**
   * Reads a value from {@code in}.
   *
   * @param in the stream holding the encoded value; not closed by this method
   * @return the decoded value, never {@code null}
   * @throws IOException if the bytes cannot be read or decoded
   */
  V read(InputStream in) throws IOException;

  /**
   * Reads a value from {@code in}, which holds exactly {@code size} bytes: what a stash calls, so
   * that a codec can bound what it reads by the size of the file (the serialisable codec does;
   * see {@link #serializable(Class, String...)}). The default calls {@link #read(InputStream)}.
   *
   * @param in the stream holding the encoded value; not closed by this method
   * @param size the number of bytes in {@code in}
   * @return the decoded value, never {@code null}
   * @throws IOException if the bytes cannot be read or decoded
   */
  default V read(InputStream in, long size) throws IOException {
    return read(in);
  }

  /**
   * Returns a codec for strings encoded as UTF-8. Reading bytes that are not valid UTF-8 throws a
   * {@link java.nio.charset.CharacterCodingException} (an {@code IOException}); nothing is
   * replaced silently.
   *
   * @return a stateless, thread-safe codec
   */
  static Codec<String> utf8() {
    return Utf8Codec.INSTANCE;
  }

  /**
   * Returns a codec that stores byte arrays as they are. Writing does not keep a reference to the
   * array; reading returns a new array.
   *
   * @return a stateless, thread-safe codec
   */
  static Codec<byte[]> bytes() {
    return BytesCodec.INSTANCE;
  }

  /**
   * Returns a codec using Java serialisation whose reads are restricted by the default allow-list
   * plus {@code allowedClassPatterns}.
   *
   * <p><b>The default allow-list</b> is exactly (each name also allows arrays of it):
   *
   * <ul>
   *   <li>{@code java.lang}: {@code String}, {@code Boolean}, {@code Character}, {@code Byte},
   *       {@code Short}, {@code Integer}, {@code Long}, {@code Float}, {@code Double}, {@code
   *       Number}, {@code Enum} (so that an enum the user allows can be read) and {@code Object}
   *       (only to allow {@code Object[]}, which the immutable collections use; {@code Object}
   *       itself is not serialisable);
   *   <li>{@code java.math}: {@code BigInteger}, {@code BigDecimal};
   *   <li>{@code java.time}: {@code Duration}, {@code Instant}, {@code LocalDate}, {@code
   *       LocalDateTime}, {@code LocalTime}, {@code MonthDay}, {@code OffsetDateTime}, {@code
   *       OffsetTime}, {@code Period}, {@code Year}, {@code YearMonth}, {@code ZonedDateTime},
   *       {@code ZoneOffset}, {@code ZoneRegion}, {@code DayOfWeek}, {@code Month} and their
   *       serial form {@code java.time.Ser};
   *   <li>{@code java.util}: {@code ArrayList}, {@code LinkedList}, {@code ArrayDeque}, {@code
   *       HashMap}, {@code LinkedHashMap}, {@code TreeMap}, {@code HashSet}, {@code
   *       LinkedHashSet}, {@code TreeSet}, {@code UUID}, {@code Map$Entry} (only as the array type
   *       {@code HashMap} and {@code HashSet} check while reading; it has no serial form), and the immutable collections of {@code
   *       List.of}, {@code Set.of} and {@code Map.of} ({@code ImmutableCollections$List12},
   *       {@code $ListN}, {@code $Set12}, {@code $SetN}, {@code $Map1}, {@code $MapN} and their
   *       serial form {@code CollSer});
   *   <li>arrays of primitives, of any dimension.
   * </ul>
   *
   * <p><b>The declared type</b> is always allowed: {@code type} itself and, for a record, the
   * classes of its components and of their type arguments, recursively (interfaces and primitives
   * aside), unless a user pattern rejects them.
   *
   * <p>Everything else is rejected, including the {@code Collections.unmodifiable*}, {@code
   * Collections.empty*}/{@code singleton*} wrappers and {@code Arrays.asList} (list {@code
   * "java.util.Collections$*"} or {@code "java.util.Arrays$ArrayList"} to allow them). A {@code
   * TreeMap}/{@code TreeSet} with a comparator needs the comparator's class allowed too.
   *
   * <p><b>Limits</b>: {@code maxdepth=64}, {@code maxrefs=10000000}, {@code maxarray=16777216}
   * (elements of one array). Use {@link #bytes()} for larger binary values. On top of them, a read
   * through {@link #read(InputStream, long)} (what a stash calls; {@link #read(InputStream)} reads
   * the stream into memory first to know its size) is bounded by the size: no array may declare
   * more elements than bytes are left, all arrays together no more than the stream has bytes (a
   * hash table's slots count an eighth each, which covers the storage of {@code ArrayList}, {@code
   * HashMap}, {@code HashSet} and the like), and no collection, map, object array or record may
   * stand for more than {@code max(10000, 4 × size)} objects once its shared references are
   * unfolded (which bounds the hashing of shared nested sets). A read that breaks a bound fails
   * with an {@link java.io.InvalidClassException} or {@link java.io.InvalidObjectException} saying
   * which; one nested beyond the stack with an {@link java.io.InvalidObjectException}.
   *
   * <p><b>User patterns</b> use the syntax of {@link ObjectInputFilter.Config#createFilter} with
   * one pattern per argument (no {@code ';'}): a class name ({@code "com.acme.Doc"}), a package
   * ({@code "com.acme.*"}), a package and its subpackages ({@code "com.acme.**"}), a module
   * ({@code "com.acme/*"}), a rejection ({@code "!com.acme.Secret"}) or a limit ({@code
   * "maxarray=100000000"}, which replaces the default). User patterns are matched before the
   * default allow-list, so a rejection there wins.
   *
   * <p>The filter runs from {@link java.io.ObjectInputStream#setObjectInputFilter}: a class is
   * checked before any instance of it is created or any of its code runs; a rejection surfaces as
   * an {@link java.io.InvalidClassException}. A JVM-wide filter ({@code jdk.serialFilter}), if
   * set, must accept the class as well. A read value that is not an instance of {@code type}
   * gives an {@link java.io.InvalidObjectException}. Writes are checked: after a value is written,
   * every class it holds is put to the filter, and one the filter would reject on reading fails
   * the write with an {@link java.io.InvalidClassException} naming the class and the pattern that
   * would allow it.
   *
   * @param <V> the type of the values
   * @param type the class of the values, checked on every read
   * @param allowedClassPatterns classes to allow beyond the default allow-list
   * @return a stateless, thread-safe codec
   * @throws NullPointerException if {@code type}, the array or one of its elements is {@code null}
   * @throws IllegalArgumentException if {@code type} is primitive, or a pattern is blank,
   *     contains {@code ';'} or is not valid filter syntax (the message quotes it)
   */
  static <V> Codec<V> serializable(Class<V> type, String... allowedClassPatterns) {
    Objects.requireNonNull(type, "type");
    return new SerializableCodec<>(type, SerialFilters.allowList(type, allowedClassPatterns));
  }

  /**
   * Returns a codec using Java serialisation whose reads are restricted by {@code filter} alone
   * (the default allow-list and limits of {@link #serializable(Class, String...)} do not apply).
   *
   * <p>A class the filter leaves {@link ObjectInputFilter.Status#UNDECIDED} is rejected
   * (arrays of primitives excepted), so the filter must allow every class explicitly; a
   * JVM-wide filter ({@code jdk.serialFilter}), if set, must accept it as well. The filter runs
   * before any instance of a class is created; a rejection surfaces as an {@link
   * java.io.InvalidClassException}. A read value that is not an instance of {@code type} gives an
   * {@link java.io.InvalidObjectException}. The declared type (and a record's component classes)
   * is allowed where the filter leaves it undecided; the size bounds and the check of written
   * classes of {@link #serializable(Class, String...)} apply as well.
   *
   * @param <V> the type of the values
   * @param type the class of the values, checked on every read
   * @param filter the filter deciding which classes and sizes may be read; must be thread safe
   * @return a thread-safe codec if {@code filter} is thread safe
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code type} is primitive
   */
  static <V> Codec<V> serializable(Class<V> type, ObjectInputFilter filter) {
    Objects.requireNonNull(type, "type");
    return new SerializableCodec<>(
        type, SerialFilters.strict(filter, SerializableCodec.declaredClasses(type)));
  }
}
