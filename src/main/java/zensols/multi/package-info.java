/**
 * Fill a stash by running chunks of work concurrently: the execution core and the
 * {@code MultiProcessStash} family.
 *
 * <ul>
 *   <li>{@link zensols.multi.WorkerCount}: how many workers, as the original configures them;
 *   <li>{@link zensols.multi.ChunkSize} and {@link zensols.multi.Chunking}: how the data is split
 *       into {@link zensols.multi.Chunk}s (a fixed size, even division, or {@code auto});
 *   <li>{@link zensols.multi.Processor}: where the chunks run ({@link zensols.multi.PoolProcessor},
 *       {@link zensols.multi.VirtualProcessor}, {@link zensols.multi.SingleProcessor}, or on a
 *       cluster: {@link zensols.multi.cluster.ClusterProcessor}, whose service provider interface
 *       is the package {@code zensols.multi.cluster}).
 * </ul>
 *
 * <p>Every prime that runs the work, and every chunk, emits a JDK Flight Recorder event: {@code
 * zensols.multi.Prime} and {@code zensols.multi.Chunk}, in the category {@code zensols.multi}.
 */
@NullMarked
package zensols.multi;

import org.jspecify.annotations.NullMarked;
