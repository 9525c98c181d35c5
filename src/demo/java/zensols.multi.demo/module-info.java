/** A demo of zensols.multi: indexes files on platform threads and fetches pages on virtual threads. */
module zensols.multi.demo {
  requires zensols.multi;
  requires org.slf4j;
  requires java.net.http;
  requires jdk.httpserver;
}
