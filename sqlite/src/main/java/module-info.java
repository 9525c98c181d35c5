/**
 * A {@code zensols.multi} stash in one SQLite database file ({@link
 * zensols.multi.sqlite.SqliteStash}): millions of small values without one file each, one
 * transaction per chunk of a prime, several threads and processes on one file.
 *
 * <p>SQLite comes from {@code org.xerial:sqlite-jdbc} (module {@code org.xerial.sqlitejdbc}),
 * which loads a native library: on JDK 22 and later, run with {@code
 * --enable-native-access=org.xerial.sqlitejdbc} on the module path ({@code
 * --enable-native-access=ALL-UNNAMED} on the class path), or JDK 24 and later print a warning.
 */
module zensols.multi.sqlite {
  requires static org.jspecify;
  requires transitive zensols.multi;
  requires java.sql;
  requires org.xerial.sqlitejdbc;
  requires org.slf4j;

  exports zensols.multi.sqlite;
}
