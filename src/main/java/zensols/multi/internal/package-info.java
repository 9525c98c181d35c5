/**
 * Structured-concurrency scopes behind one interface; not exported.
 *
 * <p>{@link zensols.multi.internal.TaskScopes} picks the backend once per JVM: JDK 25's
 * {@code java.util.concurrent.StructuredTaskScope} (JEP 505, a preview API) when the running JVM
 * accepts it, otherwise {@link zensols.multi.internal.FallbackTaskScope}, built on final Java 21
 * APIs with the same guarantees.
 */
@NullMarked
package zensols.multi.internal;

import org.jspecify.annotations.NullMarked;
