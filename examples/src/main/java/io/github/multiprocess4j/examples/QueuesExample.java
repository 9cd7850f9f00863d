package io.github.multiprocess4j.examples;

import static io.github.multiprocess4j.examples.Notebook.notice;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Worker;
import io.github.multiprocess4j.queue.QueueEmptyException;
import io.github.multiprocess4j.queue.WorkQueue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The tour's queue section: put and get, the two ways get gives up, and a producer feeding two fetchers. */
final class QueuesExample implements Example {

    private static final Duration PRODUCER_PAUSE = Duration.ofSeconds(2);
    private static final Duration FETCHER_PATIENCE = Duration.ofSeconds(5);

    @Override
    public String name() {
        return "queues";
    }

    @Override
    public String title() {
        return "queues: put and get, timeouts, and a producer feeding two fetching threads";
    }

    @Override
    public void run() throws Exception {
        WorkQueue<String> queue = new WorkQueue<>();
        notice("put then get: first in, first out (Python's SimpleQueue).");
        queue.put("first");
        queue.put("second");
        System.out.println(queue.get() + ", " + queue.get());

        notice("get with a timeout on an empty queue gives up with QueueEmptyException (Python: queue.Empty).");
        long start = System.nanoTime();
        try {
            queue.get(Duration.ofSeconds(1));
        } catch (QueueEmptyException e) {
            System.out.printf(Locale.ROOT, "QueueEmptyException after %.2f s%n", (System.nanoTime() - start) / 1e9);
        }

        notice("getNowait() (Python: get(block=False)) gives up at once.");
        try {
            queue.getNowait();
        } catch (QueueEmptyException e) {
            System.out.println("QueueEmptyException at once");
        }

        notice("A producer adds 4 URLs 2 s apart; 2 fetcher threads take them with get(5 s) and stop when nothing "
                + "comes for 5 s." + (Tour.realUrls() ? "" : " The URLs are served by a local server with 0.2-0.4 s "
                + "of latency; --real-urls fetches the real ones."));
        try (FakeWeb web = FakeWeb.start()) {
            List<String> urls = Tour.realUrls() ? FakeWeb.REAL_URLS : web.urls();
            fetchAll(urls);
        }
    }

    private static void fetchAll(List<String> urls) throws Exception {
        WorkQueue<String> work = new WorkQueue<>();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Worker<Void> producer = Launch.thread(() -> {
            for (String url : urls) {
                work.put(url);
                System.out.println("producer: queued " + url);
                Thread.sleep(PRODUCER_PAUSE.toMillis());
            }
        });
        Launch.threads(2, i -> {
            int fetched = 0;
            try {
                while (true) {
                    String url = work.get(FETCHER_PATIENCE);
                    long start = System.nanoTime();
                    HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
                    System.out.printf(Locale.ROOT, "fetcher %d: %s -> %d, %d bytes in %.2f s%n", i, url,
                            response.statusCode(), response.body().length, (System.nanoTime() - start) / 1e9);
                    fetched++;
                }
            } catch (QueueEmptyException e) {
                System.out.println("fetcher " + i + ": nothing for " + FETCHER_PATIENCE.toSeconds() + " s, done after "
                        + fetched + " URLs");
            }
            return fetched;
        });
        producer.result();
    }
}
