package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.shm.ProcessLock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
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
 * {@code ProcessLock} lock+unlock, against Python's {@code mp.Lock} acquire+release (python_baseline.py's
 * {@code lock} section: 15.7 M/s uncontended, 2.46 M/s in total with 2 processes).
 *
 * <ul>
 *   <li>{@code uncontended}: one thread of one process; {@code reentrantLockControl} is the JDK's
 *       {@code ReentrantLock} doing the same, the control.</li>
 *   <li>{@code twoProcesses}: this JVM and a child JVM each lock+unlock {@link #ROUNDS} times at once, as
 *       Python's two processes do; the score counts both, so it is the total rate.</li>
 * </ul>
 *
 * <pre>
 * java -cp 'benchmarks/target/app/*' org.openjdk.jmh.Main ProcessLockBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProcessLockBenchmark {

    /** Lock+unlock rounds per process per invocation of {@code twoProcesses}. */
    static final int ROUNDS = 500_000;

    /** One lock, used by this JVM only. */
    @State(Scope.Benchmark)
    public static class Alone {
        ProcessLock lock;
        final ReentrantLock control = new ReentrantLock();

        @Setup
        public void setUp() {
            lock = ProcessLock.create();
        }

        @TearDown
        public void tearDown() {
            lock.close();
        }
    }

    /** One lock shared with a child JVM that hammers it whenever this JVM does. */
    @State(Scope.Benchmark)
    public static class WithPartner {
        ProcessLock lock;
        RoundPartners partner;

        @Setup(Level.Trial)
        public void setUp() {
            lock = ProcessLock.create();
            ProcessLock sharedLock = lock;
            partner = RoundPartners.start(1, () -> lockAndUnlock(sharedLock, ROUNDS));
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            partner.close();
            lock.close();
        }
    }

    @Benchmark
    public void uncontended(Alone alone) {
        alone.lock.lock();
        alone.lock.unlock();
    }

    @Benchmark
    public void reentrantLockControl(Alone alone) {
        alone.control.lock();
        alone.control.unlock();
    }

    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    public void twoProcesses(WithPartner state) {
        long round = state.partner.begin();
        lockAndUnlock(state.lock, ROUNDS);
        state.partner.awaitEnd(round);
    }

    /** One process's share of {@code twoProcesses}, in this JVM and in the child. */
    static void lockAndUnlock(ProcessLock lock, int times) {
        for (int i = 0; i < times; i++) {
            lock.lock();
            lock.unlock();
        }
    }
}
