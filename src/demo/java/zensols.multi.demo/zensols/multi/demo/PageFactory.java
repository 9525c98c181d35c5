package zensols.multi.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The factory of the page cache: its keys are {@code page-0000} … ; loading one is an HTTP GET to
 * the demo's loopback server, which waits before it answers — IO-bound work.
 */
final class PageFactory extends KeyedFactory<String> {
  private final URI base;
  private final HttpClient client;

  PageFactory(URI base, HttpClient client, int pages) {
    super(
        IntStream.range(0, pages)
            .mapToObj(i -> String.format("page-%04d", i))
            .collect(Collectors.toUnmodifiableSet()));
    this.base = base;
    this.client = client;
  }

  @Override
  String create(String key) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/" + key)).GET().build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + request.uri() + ": HTTP " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("GET " + request.uri() + " interrupted", e);
    }
  }
}
