package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.shm.ProcessSemaphore;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
 * {@link ProcessSemaphore} acquire+release of a semaphore of one permit, against Python's {@code mp.Semaphore(1)}
 * (python_counterpart.py's {@code semaphore} section).
 *
 * <ul>
 *   <li>{@code uncontended}: one thread of one process; {@code semaphoreControl} is the JDK's {@link Semaphore}
 *       doing the same, the control.</li>
 *   <li>{@code twoProcesses}: this JVM and a child JVM each acquire+release {@link #ROUNDS} times at once, as
 *       Python's two processes do; the score counts both, so it is the total rate.</li>
 * </ul>
 *
 * <pre>
 * java -cp 'benchmarks/target/app/*' org.openjdk.jmh.Main ProcessSemaphoreBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProcessSemaphoreBenchmark {

    /** Acquire+release rounds per process per invocation of {@code twoProcesses}. */
    static final int ROUNDS = 100_000;

    /** A semaphore used by this JVM only. */
    @State(Scope.Benchmark)
    public static class Alone {
        ProcessSemaphore semaphore;
        final Semaphore control = new Semaphore(1);

        @Setup
        public void setUp() {
            semaphore = ProcessSemaphore.create(1);
        }

        @TearDown
        public void tearDown() {
            semaphore.close();
        }
    }

    /** A semaphore shared with a child JVM that takes and gives back its permit whenever this JVM does. */
    @State(Scope.Benchmark)
    public static class WithPartner {
        ProcessSemaphore semaphore;
        RoundPartners partner;

        @Setup(Level.Trial)
        public void setUp() {
            semaphore = ProcessSemaphore.create(1);
            ProcessSemaphore shared = semaphore;
            partner = RoundPartners.start(1, () -> acquireAndRelease(shared, ROUNDS));
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            partner.close();
            semaphore.close();
        }
    }

    @Benchmark
    public void uncontended(Alone alone) throws InterruptedException {
        alone.semaphore.acquire();
        alone.semaphore.release();
    }

    @Benchmark
    public void semaphoreControl(Alone alone) throws InterruptedException {
        alone.control.acquire();
        alone.control.release();
    }

    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    public void twoProcesses(WithPartner state) throws InterruptedException {
        long round = state.partner.begin();
        acquireAndRelease(state.semaphore, ROUNDS);
        state.partner.awaitEnd(round);
    }

    /** One process's share of {@code twoProcesses}, in this JVM and in the child. */
    static void acquireAndRelease(ProcessSemaphore semaphore, int times) throws InterruptedException {
        for (int i = 0; i < times; i++) {
            semaphore.acquire();
            semaphore.release();
        }
    }
}
