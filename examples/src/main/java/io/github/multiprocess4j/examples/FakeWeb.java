package io.github.multiprocess4j.examples;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * A web server on 127.0.0.1 that answers the tour's four URLs as if from far away (0.2 to 0.4 s of latency),
 * so that the fetching cells run without a network. {@code --real-urls} on the tour fetches the real ones.
 */
final class FakeWeb implements AutoCloseable {

    static final List<String> REAL_URLS = List.of("https://www.python.org/", "https://docs.python.org/3/",
            "https://www.wikipedia.org/", "https://openjdk.org/");

    private final HttpServer server;
    private final Random random = new Random();

    private FakeWeb() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-web");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", exchange -> {
            try (exchange) {
                Thread.sleep(200 + random.nextInt(201));
                byte[] page = ("<html><body>" + "x".repeat(1000 + random.nextInt(50_000)) + "</body></html>")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, page.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(page);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    static FakeWeb start() throws IOException {
        return new FakeWeb();
    }

    /** The four URLs, as this server serves them. */
    List<String> urls() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        return REAL_URLS.stream().map(url -> base + url.replaceFirst("https://", "")).collect(Collectors.toList());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
