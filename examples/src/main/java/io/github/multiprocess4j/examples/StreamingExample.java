package io.github.multiprocess4j.examples;

import static io.github.multiprocess4j.examples.Notebook.notice;

import io.github.multiprocess4j.core.Completed;
import io.github.multiprocess4j.core.ProcessPool;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The tour's streaming section: results of a process pool as they arrive, Python's {@code imap},
 * {@code imap_unordered} and {@code as_completed}.
 */
final class StreamingExample implements Example {

    @Override
    public String name() {
        return "streaming";
    }

    @Override
    public String title() {
        return "a process pool's results as they arrive: imap, imapUnordered, asCompleted";
    }

    /** A task that takes a while, longer for some items: {@code item} squared after {@code 20 * (item % 4)} ms. */
    static long slowSquare(int item) throws InterruptedException {
        Thread.sleep(20L * (item % 4));
        return (long) item * item;
    }

    @Override
    public void run() throws Exception {
        try (ProcessPool pool = ProcessPool.builder(2).name("streaming").build()) {
            notice("imap: results in the items' order, each printed as it arrives; the input is read lazily.");
            List<Integer> items = IntStream.range(0, 12).boxed().collect(Collectors.toList());
            long start = System.nanoTime();
            try (Stream<Long> squares = pool.imap(items, StreamingExample::slowSquare)) {
                Iterator<Long> results = squares.iterator();
                for (int done = 1; results.hasNext(); done++) {
                    long square = results.next();
                    System.out.printf(Locale.ROOT, "progress %d/%d after %.2f s: %d%n", done, items.size(),
                            seconds(start), square);
                }
            }

            notice("imapUnordered: whichever finishes first comes first, with its item's index.");
            List<Integer> millis = List.of(400, 10);
            try (Stream<Completed<Integer>> done = pool.imapUnordered(millis, ms -> {
                Thread.sleep(ms);
                return ms;
            })) {
                System.out.println("completion order (index=value): " + done
                        .map(result -> result.index() + "=" + result.value()).collect(Collectors.joining(", ")));
            }

            notice("asCompleted: futures from submit, in the order they complete.");
            List<CompletableFuture<String>> futures = List.of(
                    pool.submit(() -> {
                        Thread.sleep(300);
                        return "slow";
                    }),
                    pool.submit(() -> "quick"));
            System.out.println("as completed: " + ProcessPool.asCompleted(futures).map(CompletableFuture::join)
                    .collect(Collectors.toList()));

            notice("Leaving a stream early (limit, findFirst, break) and closing it cancels what has not started.");
            Iterator<Integer> endless = Stream.iterate(0, i -> i + 1).iterator();
            try (Stream<Integer> doubled = pool.imap(() -> endless, i -> 2 * i)) {
                System.out.println("the first 5 of an endless input: " + doubled.limit(5)
                        .collect(Collectors.toList()));
            }
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
