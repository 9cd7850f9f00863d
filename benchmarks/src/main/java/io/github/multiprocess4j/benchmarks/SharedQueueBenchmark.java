package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Worker;
import io.github.multiprocess4j.queue.QueueShutDownException;
import io.github.multiprocess4j.shm.SharedMemory;
import io.github.multiprocess4j.shm.SharedQueue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * {@link SharedQueue} between two JVMs, against Python's {@code multiprocessing.Queue} (python_baseline.py's
 * {@code mpq} section: 83-134 k msgs/s from a child to the parent, a round trip of 80-89 µs).
 *
 * <ul>
 *   <li>{@code childToParent}: a child JVM puts {@link #BATCH} items as fast as it can, this JVM gets them; the score
 *       is items per second. {@code payload} is a boxed int ({@code int}, stored directly), a 1 KiB byte array
 *       ({@code 1KiB}) or a small record ({@code record}, through Kryo).</li>
 *   <li>{@code childToParentInBatches}: the same with the batch operations: the child puts chunks of {@link #CHUNK}
 *       with {@code putAll}, this JVM takes runs of up to {@link #CHUNK} with {@code drainTo} (and {@code get} when
 *       none is there).</li>
 *   <li>{@code roundTrip}: this JVM puts an int into one queue, a child JVM gets it and puts it into another, this
 *       JVM gets it back; sampled, for the median and the 99th percentile.</li>
 * </ul>
 *
 * <pre>
 * java -cp 'benchmarks/target/app/*' org.openjdk.jmh.Main SharedQueueBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SharedQueueBenchmark {

    /** Items per invocation of {@code childToParent}. */
    static final int BATCH = 100_000;
    /** Elements per {@code putAll} and at most per {@code drainTo} in {@code childToParentInBatches}. */
    static final int CHUNK = 256;

    private static final int GO = 0;

    /** A small object that goes through Kryo, like the items of the tour's exercise 2. */
    public static final class Stamped {
        final long timestamp;
        final String data;

        Stamped(long timestamp, String data) {
            this.timestamp = timestamp;
            this.data = data;
        }
    }

    /** A queue that a child JVM fills with a batch each time this JVM asks. */
    public abstract static class ChildProducer {
        SharedQueue<Object> items;
        SharedMemory control;
        Worker<Object> producer;

        void start(String kind, boolean inChunks) {
            items = SharedQueue.builder().capacity(4096).maxElementBytes(1100).create();
            control = SharedMemory.create(64);
            SharedQueue<Object> sharedItems = items;
            SharedMemory sharedControl = control;
            producer = Launch.process(() -> produceOnRequest(sharedItems, sharedControl, kind, inChunks));
        }

        void stop() throws InterruptedException {
            items.shutdown(true);
            producer.join();
            items.close();
            control.close();
        }
    }

    /** Filled with {@code put}, one element at a time. */
    @State(Scope.Benchmark)
    public static class FromChild extends ChildProducer {
        @Param({"int", "1KiB", "record"})
        public String payload;

        @Setup(Level.Trial)
        public void setUp() {
            start(payload, false);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            stop();
        }
    }

    /** Filled with {@code putAll}, {@link #CHUNK} elements at a time. */
    @State(Scope.Benchmark)
    public static class FromChildInChunks extends ChildProducer {
        @Param({"int"})
        public String payload;

        final List<Object> taken = new ArrayList<>(CHUNK);

        @Setup(Level.Trial)
        public void setUp() {
            start(payload, true);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            stop();
        }
    }

    /** Two queues and a child JVM that echoes from one to the other. */
    @State(Scope.Benchmark)
    public static class Echo {
        SharedQueue<Integer> there;
        SharedQueue<Integer> back;
        Worker<Object> echo;

        @Setup(Level.Trial)
        public void setUp() {
            there = SharedQueue.builder().capacity(64).maxElementBytes(16).create();
            back = SharedQueue.builder().capacity(64).maxElementBytes(16).create();
            SharedQueue<Integer> sharedThere = there;
            SharedQueue<Integer> sharedBack = back;
            echo = Launch.process(() -> echo(sharedThere, sharedBack));
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            there.shutdown();
            echo.join();
            there.close();
            back.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long childToParent(FromChild state) throws InterruptedException {
        state.control.getAndAddLong(GO, 1);
        SharedQueue<Object> items = state.items;
        long received = 0;
        for (int i = 0; i < BATCH; i++) {
            received += items.get().hashCode();
        }
        return received;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long childToParentInBatches(FromChildInChunks state) throws InterruptedException {
        state.control.getAndAddLong(GO, 1);
        SharedQueue<Object> items = state.items;
        List<Object> taken = state.taken;
        long received = 0;
        int count = 0;
        while (count < BATCH) {
            taken.clear();
            if (items.drainTo(taken, Math.min(CHUNK, BATCH - count)) == 0) {
                taken.add(items.get());
            }
            for (Object item : taken) {
                received += item.hashCode();
            }
            count += taken.size();
        }
        return received;
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Integer roundTrip(Echo state) throws InterruptedException {
        state.there.put(12345);
        return state.back.get();
    }

    /** The child's side of {@code childToParent}: a batch each time the parent starts one, until shut down. */
    static Object produceOnRequest(SharedQueue<Object> items, SharedMemory control, String kind, boolean inChunks)
            throws InterruptedException {
        Object[] payloads = payloads(kind);
        List<Object> chunk = Arrays.asList(payloads).subList(0, CHUNK);
        long seen = 0;
        try {
            while (!items.isShutdown()) {
                long go = control.getLongVolatile(GO);
                if (go == seen) {
                    Thread.yield();
                    continue;
                }
                seen = go;
                if (inChunks) {
                    for (int i = 0; i < BATCH; i += CHUNK) {
                        items.putAll(chunk.subList(0, Math.min(CHUNK, BATCH - i)));
                    }
                } else {
                    for (int i = 0; i < BATCH; i++) {
                        items.put(payloads[i & (payloads.length - 1)]);
                    }
                }
            }
        } catch (QueueShutDownException e) {
            // the trial is over
        }
        return null;
    }

    private static Object[] payloads(String kind) {
        Object[] payloads = new Object[1024];
        for (int i = 0; i < payloads.length; i++) {
            switch (kind) {
                case "int":
                    payloads[i] = 1_000 + i;
                    break;
                case "1KiB":
                    payloads[i] = new byte[1024];
                    break;
                default:
                    payloads[i] = new Stamped(1_700_000_000_000L + i, "item " + i);
            }
        }
        return payloads;
    }

    /** The child's side of {@code roundTrip}. */
    static Object echo(SharedQueue<Integer> there, SharedQueue<Integer> back) throws InterruptedException {
        try {
            while (true) {
                back.put(there.get());
            }
        } catch (QueueShutDownException e) {
            return null;
        }
    }
}
