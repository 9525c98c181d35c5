/**
 * Structured-concurrency scopes behind one interface, and the bridge between the engine and the
 * cluster SPI; not exported.
 *
 * <p>{@link zensols.multi.internal.TaskScopes} picks the backend once per JVM: JDK 25's
 * {@code java.util.concurrent.StructuredTaskScope} (JEP 505, a preview API) when the running JVM
 * accepts it, otherwise {@link zensols.multi.internal.FallbackTaskScope}, built on final Java 21
 * APIs with the same guarantees.
 *
 * <p>{@link zensols.multi.internal.ChunkPlacement} is the one hook by which a stash runs its
 * chunks where its processor's run places them (in this JVM, or on the members of a cluster);
 * {@link zensols.multi.internal.CoreAccess} lets the exported package {@code
 * zensols.multi.cluster} reach the engine without making the engine's classes public.
 */
@NullMarked
package zensols.multi.internal;

import org.jspecify.annotations.NullMarked;
