/**
 * A demo of zensols.multi: indexes files on platform threads and fetches pages on virtual threads,
 * into directory stashes or (with {@code --store sqlite}) tables of one SQLite file.
 */
module zensols.multi.demo {
  requires zensols.multi;
  requires zensols.multi.sqlite;
  requires org.slf4j;
  requires java.net.http;
  requires jdk.httpserver;
}
