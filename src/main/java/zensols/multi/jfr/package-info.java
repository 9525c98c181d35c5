/**
 * JDK Flight Recorder events of the library, not exported: {@code zensols.multi.Prime} (one per
 * prime that runs the work) and {@code zensols.multi.Chunk} (one per chunk), both in the category
 * {@code zensols.multi}. Read them with {@code jfr print --events zensols.multi.Prime,zensols.multi.Chunk
 * recording.jfr} or in JDK Mission Control.
 */
@NullMarked
package zensols.multi.jfr;

import org.jspecify.annotations.NullMarked;
