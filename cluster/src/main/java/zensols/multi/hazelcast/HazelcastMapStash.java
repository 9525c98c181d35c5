package zensols.multi.hazelcast;

import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import zensols.multi.stash.Codec;
import zensols.multi.stash.CompletionMarker;
import zensols.multi.stash.Stash;

/**
 * A stash on a Hazelcast {@link IMap} that every member and client reaches: a delegate for a stash
 * whose chunks run on a cluster.
 *
 * <ul>
 *   <li>Values are stored as they are, serialised by Hazelcast (so they must be {@link
 *       java.io.Serializable} or otherwise known to Hazelcast), or, {@linkplain #of(HazelcastInstance,
 *       String, Codec) with a codec}, as the codec's bytes.
 *   <li>{@link #dump} returns once the value is stored with its synchronous backups: a value
 *       dumped survives the loss of a member when the map keeps at least one backup, which a
 *       stash created on a member checks (Hazelcast's default is one).
 *   <li>The completion mark lives in a second map, named {@code <map>.complete}.
 *   <li>{@link #keys()} copies the keys of the whole map: a snapshot, as the contract asks.
 * </ul>
 *
 * <p>Thread safe.
 *
 * @param <V> the type of the values
 */
public final class HazelcastMapStash<V> implements Stash<V>, CompletionMarker {
  private static final String MARK = "complete";

  private final IMap<String, Object> map;
  private final IMap<String, Boolean> marks;
  private final @Nullable Codec<V> codec;

  private HazelcastMapStash(HazelcastInstance instance, String mapName, @Nullable Codec<V> codec) {
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(mapName, "mapName");
    checkBackups(instance, mapName);
    this.map = instance.getMap(mapName);
    this.marks = instance.getMap(mapName + ".complete");
    this.codec = codec;
  }

  /**
   * A stash on the map {@code mapName}, whose values Hazelcast serialises.
   *
   * @param instance a member or a client
   * @param mapName the map's name
   * @param <V> the type of the values
   * @return the stash
   * @throws IllegalArgumentException if {@code instance} is a member whose configuration gives the
   *     map no synchronous backup
   */
  public static <V> HazelcastMapStash<V> of(HazelcastInstance instance, String mapName) {
    return new HazelcastMapStash<>(instance, mapName, null);
  }

  /**
   * A stash on the map {@code mapName} that stores each value as the bytes {@code codec} writes,
   * for values Hazelcast cannot serialise (such as {@link zensols.multi.Failure}, with {@link
   * zensols.multi.Failure#codec()}).
   *
   * @param instance a member or a client
   * @param mapName the map's name
   * @param codec writes and reads the values
   * @param <V> the type of the values
   * @return the stash
   * @throws IllegalArgumentException if {@code instance} is a member whose configuration gives the
   *     map no synchronous backup
   */
  public static <V> HazelcastMapStash<V> of(
      HazelcastInstance instance, String mapName, Codec<V> codec) {
    return new HazelcastMapStash<>(instance, mapName, Objects.requireNonNull(codec, "codec"));
  }

  private static void checkBackups(HazelcastInstance instance, String mapName) {
    MapConfig config;
    try {
      config = instance.getConfig().findMapConfig(mapName);
    } catch (UnsupportedOperationException e) {
      return; // a client does not see the members' configuration
    }
    if (config.getBackupCount() < 1) {
      throw new IllegalArgumentException(
          "map \"" + mapName + "\" has " + config.getBackupCount() + " synchronous backups: a"
              + " value dumped on a member that dies would be lost; configure at least one");
    }
  }

  /**
   * The map's name.
   *
   * @return the name
   */
  public String mapName() {
    return map.getName();
  }

  @Override
  public Optional<V> load(String key) {
    Object stored = map.get(Objects.requireNonNull(key, "key"));
    return stored == null ? Optional.empty() : Optional.of(decode(key, stored));
  }

  @Override
  public boolean exists(String key) {
    return map.containsKey(Objects.requireNonNull(key, "key"));
  }

  @Override
  public void dump(String key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    map.set(key, encode(key, value));
  }

  @Override
  public boolean delete(String key) {
    return map.remove(Objects.requireNonNull(key, "key")) != null;
  }

  /** Clears the completion mark, then removes every value. */
  @Override
  public void clear() {
    clearComplete();
    map.clear();
  }

  @Override
  public Set<String> keys() {
    return Set.copyOf(map.keySet());
  }

  /**
   * The number of values.
   *
   * @return the map's size, without copying its keys
   */
  @Override
  public int size() {
    return map.size();
  }

  @Override
  public boolean isComplete() {
    return Boolean.TRUE.equals(marks.get(MARK));
  }

  @Override
  public void markComplete() {
    marks.set(MARK, Boolean.TRUE);
  }

  @Override
  public void clearComplete() {
    marks.delete(MARK);
  }

  private Object encode(String key, V value) {
    Codec<V> local = codec;
    if (local == null) {
      return value;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      local.write(value, out);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "map \"" + map.getName() + "\": cannot encode the value of key \"" + key + "\"", e);
    }
    return out.toByteArray();
  }

  @SuppressWarnings("unchecked") // the map holds only what this stash (or its twins) dumped
  private V decode(String key, Object stored) {
    Codec<V> local = codec;
    if (local == null) {
      return (V) stored;
    }
    try {
      return local.read(new ByteArrayInputStream((byte[]) stored));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "map \"" + map.getName() + "\": cannot decode the value of key \"" + key + "\"", e);
    }
  }

  /**
   * Describes the stash.
   *
   * @return the map's name
   */
  @Override
  public String toString() {
    return "HazelcastMapStash[" + map.getName() + "]";
  }
}
