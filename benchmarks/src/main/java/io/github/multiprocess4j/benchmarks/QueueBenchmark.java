package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.queue.WorkQueue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link WorkQueue} against the JDK's {@link LinkedBlockingQueue} and {@link ArrayBlockingQueue}, measured as the
 * counterpart script measures Python's {@code queue.Queue} (the class with {@code task_done}, {@code join} and
 * {@code shutdown}, as {@code WorkQueue}) and {@code queue.SimpleQueue}: one producer thread puts a batch of small
 * items (boxed ints) with {@code put}, the benchmark thread takes them all with {@code take}; the score is items per
 * second. {@code putThenTake} is the single-thread put+get pair. An "unbounded" {@code ArrayBlockingQueue} is one
 * that holds the whole batch. On a busy machine the configurations, measured one after the other, see different
 * loads: {@link QueueRatioCheck} measures them in alternation for ratios.
 *
 * <pre>
 * java -cp 'benchmarks/target/app/*' org.openjdk.jmh.Main QueueBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(3) // one producer and one consumer settle into a fast or a slow rhythm per JVM: sample several
public class QueueBenchmark {

    private static final int BATCH = 100_000;
    private static final Integer[] ITEMS = new Integer[1024];

    static {
        for (int i = 0; i < ITEMS.length; i++) {
            ITEMS[i] = 1_000 + i; // above the Integer cache, like most of Python's ints
        }
    }

    /** A queue of each kind and capacity, and a producer thread that fills it on request. */
    @State(Scope.Thread)
    public static class Transfer {
        @Param({"WorkQueue", "LinkedBlockingQueue", "ArrayBlockingQueue"})
        public String queue;

        @Param({"unbounded", "1024"})
        public String capacity;

        BlockingQueue<Integer> items;
        ExecutorService producer;

        @Setup
        public void setUp() {
            items = newQueue(queue, "unbounded".equals(capacity) ? 0 : Integer.parseInt(capacity));
            producer = Executors.newSingleThreadExecutor();
        }

        @TearDown
        public void tearDown() {
            producer.shutdownNow();
        }
    }

    /** A queue of each kind, for one thread. */
    @State(Scope.Thread)
    public static class SingleThread {
        @Param({"WorkQueue", "LinkedBlockingQueue", "ArrayBlockingQueue"})
        public String queue;

        BlockingQueue<Integer> items;

        @Setup
        public void setUp() {
            items = newQueue(queue, 0);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long oneProducerOneConsumer(Transfer transfer) throws Exception {
        BlockingQueue<Integer> items = transfer.items;
        Future<?> produced = transfer.producer.submit(() -> {
            for (int i = 0; i < BATCH; i++) {
                items.put(ITEMS[i & (ITEMS.length - 1)]);
            }
            return null;
        });
        long sum = 0;
        for (int i = 0; i < BATCH; i++) {
            sum += items.take();
        }
        produced.get();
        return sum;
    }

    @Benchmark
    public Integer putThenTake(SingleThread state) throws InterruptedException {
        state.items.put(ITEMS[0]);
        return state.items.take();
    }

    /** A new queue of the kind named, with room for {@code capacity} items, or unbounded if it is 0. */
    static BlockingQueue<Integer> newQueue(String kind, int capacity) {
        switch (kind) {
            case "WorkQueue":
                return capacity == 0 ? new WorkQueue<>() : new WorkQueue<>(capacity);
            case "LinkedBlockingQueue":
                return capacity == 0 ? new LinkedBlockingQueue<>() : new LinkedBlockingQueue<>(capacity);
            case "ArrayBlockingQueue":
                return new ArrayBlockingQueue<>(capacity == 0 ? BATCH : capacity);
            default:
                throw new IllegalArgumentException("no such queue: " + kind);
        }
    }
}
