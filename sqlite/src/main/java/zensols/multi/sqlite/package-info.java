/**
 * A stash in one SQLite database file.
 *
 * <ul>
 *   <li>{@link zensols.multi.sqlite.SqliteStash}: one table per stash name, values encoded by any
 *       {@link zensols.multi.stash.Codec}, one transaction per chunk, the completion mark and the
 *       prime lease for other processes;
 *   <li>{@link zensols.multi.sqlite.SqliteStashBuilder}: its options;
 *   <li>{@link zensols.multi.sqlite.Synchronous}: SQLite's durability levels, with what each
 *       risks.
 * </ul>
 */
@NullMarked
package zensols.multi.sqlite;

import org.jspecify.annotations.NullMarked;
