package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.shm.SharedLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Adding 1 to a {@link SharedLong}, against Python's {@code mp.Value('q')}, whose only safe increment is
 * {@code with v.get_lock(): v.value += 1} (python_counterpart.py's {@code value} section).
 *
 * <ul>
 *   <li>{@code addAndGet}: one atomic instruction; {@code atomicLongControl} is the JDK's {@link AtomicLong} doing
 *       the same, the control.</li>
 *   <li>{@code updateUnderTheLock}: {@code update(v -> v + 1)}, which takes the value's lock, as Python's
 *       increment does.</li>
 *   <li>{@code twoProcesses}: this JVM and a child JVM each {@code addAndGet} {@link #ROUNDS} times at once; the
 *       score counts both.</li>
 * </ul>
 *
 * <pre>
 * java -cp 'benchmarks/target/app/*' org.openjdk.jmh.Main SharedLongBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SharedLongBenchmark {

    /** Increments per process per invocation of {@code twoProcesses}. */
    static final int ROUNDS = 1_000_000;

    /** A value used by this JVM only. */
    @State(Scope.Benchmark)
    public static class Alone {
        SharedLong value;
        final AtomicLong control = new AtomicLong();

        @Setup
        public void setUp() {
            value = SharedLong.create(0);
        }

        @TearDown
        public void tearDown() {
            value.close();
        }
    }

    /** A value shared with a child JVM that adds to it whenever this JVM does. */
    @State(Scope.Benchmark)
    public static class WithPartner {
        SharedLong value;
        RoundPartners partner;

        @Setup(Level.Trial)
        public void setUp() {
            value = SharedLong.create(0);
            SharedLong shared = value;
            partner = RoundPartners.start(1, () -> addOneTimes(shared, ROUNDS));
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            partner.close();
            value.close();
        }
    }

    @Benchmark
    public long addAndGet(Alone alone) {
        return alone.value.addAndGet(1);
    }

    @Benchmark
    public long atomicLongControl(Alone alone) {
        return alone.control.addAndGet(1);
    }

    @Benchmark
    public long updateUnderTheLock(Alone alone) {
        return alone.value.update(v -> v + 1);
    }

    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    public void twoProcesses(WithPartner state) {
        long round = state.partner.begin();
        addOneTimes(state.value, ROUNDS);
        state.partner.awaitEnd(round);
    }

    /** One process's share of {@code twoProcesses}, in this JVM and in the child. */
    static void addOneTimes(SharedLong value, int times) {
        for (int i = 0; i < times; i++) {
            value.addAndGet(1);
        }
    }
}
