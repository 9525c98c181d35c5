package zensols.multi.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import zensols.multi.StashFactory;

/**
 * The factory of the page cache: its keys are {@code page-0000} … ; creating one is an HTTP GET to
 * the demo's loopback server, which waits before it answers — IO-bound work.
 */
final class PageFactory implements StashFactory<String> {
  private final URI base;
  private final HttpClient client;
  private final Set<String> keys;

  PageFactory(URI base, HttpClient client, int pages) {
    this.base = base;
    this.client = client;
    this.keys =
        IntStream.range(0, pages)
            .mapToObj(i -> String.format("page-%04d", i))
            .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public Set<String> keys() {
    return keys;
  }

  @Override
  public String create(String key) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/" + key)).GET().build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + request.uri() + ": HTTP " + response.statusCode());
    }
    return response.body();
  }
}
