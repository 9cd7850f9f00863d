package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.core.Launch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The 1 producer / 1 consumer throughput of {@link QueueBenchmark}, measured so that ratios survive a busy machine:
 * each round measures every queue back to back, in a shuffled order, each in a fresh JVM (so that no queue's code
 * is compiled with another's types), and the ratio to {@code LinkedBlockingQueue} is taken within each round. Prints
 * the median and range of the items per second and of those ratios.
 *
 * <pre>
 * java -cp 'benchmarks/target/app/*' io.github.multiprocess4j.benchmarks.QueueRatioCheck [rounds] [capacity]
 * </pre>
 */
public final class QueueRatioCheck {

    private static final List<String> QUEUES = List.of("WorkQueue", "LinkedBlockingQueue", "ArrayBlockingQueue");
    private static final String REFERENCE = "LinkedBlockingQueue";
    private static final int BATCH = 1_000_000;
    private static final int WARM_UP_BATCHES = 4;
    private static final int MEASURED_BATCHES = 5;

    private QueueRatioCheck() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int capacity = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Map<String, List<Double>> throughputs = new LinkedHashMap<>();
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            List<String> order = new ArrayList<>(QUEUES);
            Collections.shuffle(order);
            Map<String, Double> thisRound = new LinkedHashMap<>();
            for (String queue : order) {
                thisRound.put(queue, Launch.process(() -> itemsPerSecond(queue, capacity)).result());
            }
            thisRound.forEach((queue, value) -> {
                throughputs.computeIfAbsent(queue, key -> new ArrayList<>()).add(value);
                ratios.computeIfAbsent(queue, key -> new ArrayList<>()).add(value / thisRound.get(REFERENCE));
            });
        }
        System.out.printf(Locale.ROOT, "1 producer -> 1 consumer, %s, %d rounds (median [min-max])%n",
                capacity == 0 ? "unbounded" : "capacity " + capacity, rounds);
        for (String queue : QUEUES) {
            System.out.printf(Locale.ROOT, "%-20s %s M items/s   %s x %s%n", queue,
                    summary(throughputs.get(queue), 1e-6), summary(ratios.get(queue), 1), REFERENCE);
        }
    }

    /** Runs in a fresh JVM: the median throughput of the measured batches, after warming up. */
    static double itemsPerSecond(String kind, int capacity) throws Exception {
        BlockingQueue<Integer> items = QueueBenchmark.newQueue(kind, capacity);
        Integer item = 12_345;
        ExecutorService producer = Executors.newSingleThreadExecutor();
        try {
            double[] measured = new double[MEASURED_BATCHES];
            for (int batch = 0; batch < WARM_UP_BATCHES + MEASURED_BATCHES; batch++) {
                long start = System.nanoTime();
                Future<?> produced = producer.submit(() -> {
                    for (int i = 0; i < BATCH; i++) {
                        items.put(item);
                    }
                    return null;
                });
                for (int i = 0; i < BATCH; i++) {
                    items.take();
                }
                produced.get();
                if (batch >= WARM_UP_BATCHES) {
                    measured[batch - WARM_UP_BATCHES] = BATCH / ((System.nanoTime() - start) / 1e9);
                }
            }
            return median(measured);
        } finally {
            producer.shutdownNow();
        }
    }

    private static String summary(List<Double> values, double scale) {
        double[] sorted = values.stream().mapToDouble(value -> value * scale).sorted().toArray();
        return String.format(Locale.ROOT, "%6.2f [%.2f-%.2f]", median(sorted), sorted[0], sorted[sorted.length - 1]);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
