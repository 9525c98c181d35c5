package zensols.multi.stash;

import java.io.ObjectInputFilter;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Builds the deserialisation filters of {@link Codec#serializable}: the default allow-list and
 * limits documented there, and the wrapper that turns an undecided class into a rejection.
 */
final class SerialFilters {

  /** The limits applied by {@link #allowList}; a user limit pattern placed after them wins. */
  static final String DEFAULT_LIMITS = "maxdepth=64;maxrefs=10000000;maxarray=16777216";

  /** The classes allowed by {@link #allowList}, as documented on {@link Codec#serializable}. */
  static final List<String> DEFAULT_ALLOWED =
      List.of(
          "java.lang.String",
          "java.lang.Boolean",
          "java.lang.Character",
          "java.lang.Byte",
          "java.lang.Short",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Float",
          "java.lang.Double",
          "java.lang.Number",
          "java.lang.Enum",
          "java.lang.Object",
          "java.math.BigInteger",
          "java.math.BigDecimal",
          "java.time.Ser",
          "java.time.Duration",
          "java.time.Instant",
          "java.time.LocalDate",
          "java.time.LocalDateTime",
          "java.time.LocalTime",
          "java.time.MonthDay",
          "java.time.OffsetDateTime",
          "java.time.OffsetTime",
          "java.time.Period",
          "java.time.Year",
          "java.time.YearMonth",
          "java.time.ZonedDateTime",
          "java.time.ZoneOffset",
          "java.time.ZoneRegion",
          "java.time.DayOfWeek",
          "java.time.Month",
          "java.util.ArrayList",
          "java.util.LinkedList",
          "java.util.ArrayDeque",
          "java.util.HashMap",
          "java.util.LinkedHashMap",
          "java.util.TreeMap",
          "java.util.HashSet",
          "java.util.LinkedHashSet",
          "java.util.TreeSet",
          "java.util.UUID",
          "java.util.Map$Entry",
          "java.util.CollSer",
          "java.util.ImmutableCollections$List12",
          "java.util.ImmutableCollections$ListN",
          "java.util.ImmutableCollections$Set12",
          "java.util.ImmutableCollections$SetN",
          "java.util.ImmutableCollections$Map1",
          "java.util.ImmutableCollections$MapN");

  private SerialFilters() {}

  /**
   * Returns the default limits, then {@code userPatterns}, then the declared classes of {@code
   * type} (see {@link SerializableCodec#declaredClasses}), then the default allow-list, with every
   * class not matched rejected.
   *
   * @throws NullPointerException if the array or an element is {@code null}
   * @throws IllegalArgumentException quoting the first pattern that is blank, holds whitespace or
   *     {@code ';'}, or is not valid filter syntax
   */
  static ObjectInputFilter allowList(Class<?> type, String... userPatterns) {
    Objects.requireNonNull(userPatterns, "allowedClassPatterns");
    StringBuilder spec = new StringBuilder(DEFAULT_LIMITS);
    for (int i = 0; i < userPatterns.length; i++) {
      String pattern = Objects.requireNonNull(userPatterns[i], "allowedClassPatterns[" + i + "]");
      checkPattern(pattern);
      spec.append(';').append(pattern);
    }
    for (Class<?> declared : SerializableCodec.declaredClasses(type)) {
      spec.append(';').append(declared.getName());
    }
    for (String allowed : DEFAULT_ALLOWED) {
      spec.append(';').append(allowed);
    }
    spec.append(";!*");
    ObjectInputFilter filter = ObjectInputFilter.Config.createFilter(spec.toString());
    return strict(Objects.requireNonNull(filter, "filter"));
  }

  /**
   * Returns a filter answering as {@code filter} does, except that a class it leaves {@code
   * UNDECIDED} is rejected unless it is an array of primitives (which is allowed).
   *
   * @throws NullPointerException if {@code filter} is {@code null}
   */
  static ObjectInputFilter strict(ObjectInputFilter filter) {
    return strict(filter, Set.of());
  }

  /**
   * As {@link #strict(ObjectInputFilter)}, except that an undecided class in {@code declared}
   * (or an array of one) is allowed too.
   */
  static ObjectInputFilter strict(ObjectInputFilter filter, Set<Class<?>> declared) {
    Objects.requireNonNull(filter, "filter");
    Set<Class<?>> allowed = Set.copyOf(declared);
    return info -> {
      ObjectInputFilter.Status status = filter.checkInput(info);
      Class<?> type = info.serialClass();
      if (status != ObjectInputFilter.Status.UNDECIDED || type == null) {
        return status;
      }
      Class<?> element = type;
      while (element.isArray()) {
        element = element.getComponentType();
      }
      return isPrimitiveArray(type) || allowed.contains(element)
          ? ObjectInputFilter.Status.ALLOWED
          : ObjectInputFilter.Status.REJECTED;
    };
  }

  private static boolean isPrimitiveArray(Class<?> type) {
    Class<?> element = type;
    while (element.isArray()) {
      element = element.getComponentType();
    }
    return type.isArray() && element.isPrimitive();
  }

  private static void checkPattern(String pattern) {
    String problem = null;
    if (pattern.isBlank()) {
      problem = "it is blank";
    } else if (pattern.indexOf(';') >= 0) {
      problem = "give one pattern per argument, without ';'";
    } else if (pattern.chars().anyMatch(Character::isWhitespace)) {
      problem = "it contains whitespace";
    } else {
      try {
        ObjectInputFilter.Config.createFilter(pattern);
      } catch (IllegalArgumentException e) {
        problem = e.getMessage();
      }
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          "invalid class pattern " + StashKeys.quote(pattern) + ": " + problem);
    }
  }
}
