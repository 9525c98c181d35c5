package zensols.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import zensols.multi.cluster.ClusterChunk;
import zensols.multi.cluster.ClusterEngine;

/** Configuration from text, as users of the original configure from files. */
class MultiProcessConfigTest {

  @Test
  void readsEverySetting() {
    MultiProcessConfig config =
        MultiProcessConfig.from(
            Map.of("chunk_size", "16", "workers", "50%", "processor", "virtual", "deadline", "PT30M"),
            MultiProcessConfig.DEFAULT);
    assertEquals(ChunkSize.of(16), config.chunkSize());
    assertEquals(WorkerCount.fraction(0.5), config.workers());
    assertEquals(Processor.virtual().withDeadline(Duration.ofMinutes(30)), config.processor());
  }

  @Test
  void absentSettingsKeepTheirDefaults() {
    Properties properties = new Properties();
    properties.setProperty("workers", "-1");
    MultiProcessConfig config = MultiProcessConfig.from(properties, MultiProcessConfig.DEFAULT);
    assertEquals(new MultiProcessConfig(0, WorkerCount.of(-1), Processor.pool()), config);
    assertEquals(MultiProcessConfig.FACTORY_DEFAULT,
        MultiProcessConfig.from(Map.of(), MultiProcessConfig.FACTORY_DEFAULT));
  }

  @Test
  void settingsTextReadsBack() {
    MultiProcessConfig config =
        new MultiProcessConfig(4096, WorkerCount.fraction(0.25),
            Processor.single().withDeadline(Duration.ofSeconds(5)));
    assertEquals(config, MultiProcessConfig.from(config.toSettings(), MultiProcessConfig.DEFAULT));
  }

  @Test
  void namingAProcessorKeepsTheDefaultsDeadline() {
    MultiProcessConfig defaults =
        MultiProcessConfig.DEFAULT.withProcessor(Processor.pool().withDeadline(Duration.ofMinutes(30)));
    MultiProcessConfig config = MultiProcessConfig.from(Map.of("processor", "virtual"), defaults);
    assertEquals(Processor.virtual().withDeadline(Duration.ofMinutes(30)), config.processor());
    assertEquals(Processor.single(),
        MultiProcessConfig.from(Map.of("processor", "single", "deadline", "none"), defaults)
            .processor());
  }

  /** Every configuration's settings text reads back over any defaults, a cluster's over its own. */
  @Test
  void everyToSettingsParsesBack() {
    MultiProcessConfig withDeadline =
        MultiProcessConfig.DEFAULT.withProcessor(Processor.pool().withDeadline(Duration.ofMinutes(30)));
    MultiProcessConfig noDeadline = new MultiProcessConfig(7, WorkerCount.of(3), Processor.virtual());
    assertEquals(noDeadline, MultiProcessConfig.from(noDeadline.toSettings(), withDeadline));
    assertEquals(withDeadline, MultiProcessConfig.from(withDeadline.toSettings(), noDeadline));
    ClusterEngine engine = new ClusterEngine() {
      @Override
      public java.util.concurrent.Future<Integer> submit(ClusterChunk<?> chunk) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean isMemberLost(Throwable failure) {
        return false;
      }
    };
    for (Processor processor : List.of(Processor.cluster(engine).withMaxAttempts(3),
        Processor.cluster(engine).withDeadline(Duration.ofSeconds(9)))) {
      MultiProcessConfig cluster = new MultiProcessConfig(5, WorkerCount.of(12), processor);
      assertEquals(cluster, MultiProcessConfig.from(cluster.toSettings(), cluster));
      var e = assertThrows(IllegalArgumentException.class,
          () -> MultiProcessConfig.from(cluster.toSettings(), MultiProcessConfig.DEFAULT));
      assertTrue(Workers.message(e).contains("cluster"), Workers.message(e));
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "chunksize|3|unknown setting \"chunksize\"",
        "chunk_size|-1|invalid chunk_size \"-1\"",
        "chunk_size|three|invalid chunk_size \"three\"",
        "workers|abc|invalid workers \"abc\"",
        "workers|1.5|invalid workers \"1.5\"",
        "processor|fork|invalid processor \"fork\"",
        "deadline|5s|invalid deadline \"5s\"",
        "deadline|PT0S|invalid deadline \"PT0S\"",
      })
  void badSettingsAreRejectedNamingTheSettingAndValue(String key, String value, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> MultiProcessConfig.from(Map.of(key, value), MultiProcessConfig.DEFAULT));
    assertTrue(Messages.of(e).startsWith(message), Messages.of(e));
  }

  @Test
  void negativeChunkSizeIsRejectedWhenConstructed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> MultiProcessConfig.DEFAULT.withChunkSize(-5));
    assertTrue(Messages.of(e).contains("-5"), Messages.of(e));
  }
}
