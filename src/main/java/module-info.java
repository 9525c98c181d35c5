/**
 * Fills a persistent key/value <em>stash</em> by splitting expensive work into chunks and running
 * the chunks concurrently: a Java port of the Python package {@code zensols.multi}.
 *
 * <ul>
 *   <li>{@code zensols.multi}: the execution core ({@link zensols.multi.WorkerCount}, the sealed
 *       {@link zensols.multi.Processor} hierarchy) and the {@code MultiProcessStash} family;
 *   <li>{@code zensols.multi.stash}: the persistence layer ({@code Stash}, {@code DirectoryStash}, …);
 *   <li>{@code zensols.multi.cluster}: the cluster SPI ({@code ClusterProcessor}, {@code
 *       ClusterEngine}, {@code ClusterChunk}, {@code StashRegistry}), which an engine module such
 *       as {@code zensols.multi.hazelcast} implements.
 * </ul>
 *
 * <p>The package {@code zensols.multi.internal} holds the structured-concurrency scopes and the
 * bridge between the engine and the cluster SPI, and is not exported.
 */
module zensols.multi {
  requires static org.jspecify;
  requires org.slf4j;
  requires jdk.jfr;

  exports zensols.multi;
  exports zensols.multi.stash;
  exports zensols.multi.cluster;
}
