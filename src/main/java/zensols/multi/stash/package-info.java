/**
 * The persistence ("stash") layer: key/value stores with {@code String} keys that the
 * multi-process stashes fill and read.
 *
 * <p>The names come from the Python original ({@code zensols.persist} and {@code zensols.multi}):
 *
 * <ul>
 *   <li>{@link zensols.multi.stash.Stash} — the contract: {@code load}, {@code get},
 *       {@code exists}, {@code dump}, {@code delete}, {@code clear}, {@code keys},
 *       {@code values}, {@code items}, {@code size}. Values are never {@code null}; absence is
 *       an empty {@link java.util.Optional}.
 *   <li>{@link zensols.multi.stash.PrimeableStash} — a stash that can prepare its data up front.
 *   <li>{@link zensols.multi.stash.CompletionMarker} — a stash that durably records that a prime
 *       finished, so a half-filled stash never looks complete.
 *   <li>{@link zensols.multi.stash.ReadOnlyStash}, {@link zensols.multi.stash.DelegateStash},
 *       {@link zensols.multi.stash.PreemptiveStash}, {@link zensols.multi.stash.FactoryStash} —
 *       building blocks for composing stashes.
 *   <li>{@link zensols.multi.stash.MemoryStash}, {@link zensols.multi.stash.NoopStash},
 *       {@link zensols.multi.stash.DirectoryStash} — concrete stores; the last one keeps one file
 *       per key, written atomically through a pluggable {@link zensols.multi.stash.Codec}.
 * </ul>
 */
@NullMarked
package zensols.multi.stash;

import org.jspecify.annotations.NullMarked;
