package zensols.multi.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import zensols.multi.Failure;
import zensols.multi.cluster.StashRegistry;

/** The IMap stash and the member start-up, on one member in this JVM, on 127.0.0.1. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HazelcastMapStashTest {
  private @Nullable HazelcastInstance member;

  @BeforeAll
  void start() {
    Config config = LoopbackCluster.member(
        "zensols-map-" + UUID.randomUUID(), LoopbackCluster.freeBasePort(), 1);
    config.addMapConfig(new MapConfig("nobackup").setBackupCount(0));
    member = HazelcastMember.start(config, (hz, registry) -> {});
  }

  @AfterAll
  void stop() {
    if (member != null) {
      member.shutdown();
    }
  }

  private HazelcastInstance hz() {
    HazelcastInstance local = member;
    if (local == null) {
      throw new IllegalStateException("no member");
    }
    return local;
  }

  @Test
  @SuppressWarnings("NullAway") // dumps a null on purpose
  void storesLoadsAndDeletes() {
    HazelcastMapStash<String> stash = HazelcastMapStash.of(hz(), "values");
    assertEquals(Optional.empty(), stash.load("a"));
    stash.dump("a", "1");
    stash.dump("b", "2");
    stash.dump("a", "3");
    assertEquals(Optional.of("3"), stash.load("a"));
    assertTrue(stash.exists("b"));
    assertEquals(Set.of("a", "b"), stash.keys());
    assertEquals(2, stash.size());
    assertTrue(stash.delete("b"));
    assertFalse(stash.delete("b"));
    assertThrows(NullPointerException.class, () -> stash.dump("c", null));
    stash.markComplete();
    assertTrue(stash.isComplete());
    assertTrue(HazelcastMapStash.<String>of(hz(), "values").isComplete(), "a twin sees the mark");
    stash.clear();
    assertFalse(stash.isComplete());
    assertEquals(0, stash.size());
  }

  @Test
  void codecStoresBytes() {
    HazelcastMapStash<Failure> stash = HazelcastMapStash.of(hz(), "failures", Failure.codec());
    Failure failure = Failure.of("k", new IllegalStateException("boom"));
    stash.dump("k", failure);
    assertEquals(Optional.of(failure), stash.load("k"));
    assertTrue(hz().getMap("failures").get("k") instanceof byte[]);
  }

  @Test
  void aMapWithoutBackupIsRejectedOnAMember() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HazelcastMapStash.of(hz(), "nobackup"));
    assertTrue(String.valueOf(e.getMessage()).contains("nobackup"), e.getMessage());
  }

  @Test
  void theMemberHasItsRegistry() {
    StashRegistry registry = HazelcastMember.registry(hz());
    assertEquals(Set.of(), registry.names());
    assertFalse(hz().getCluster().getLocalMember().isLiteMember(), "promoted after registering");
  }
}
