package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Worker;
import io.github.multiprocess4j.shm.ProcessLock;
import io.github.multiprocess4j.shm.SharedMemory;
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

    private static final int GO = 0;
    private static final int DONE = 8;
    private static final int STOP = 16;

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
        SharedMemory control;
        Worker<Object> partner;

        @Setup(Level.Trial)
        public void setUp() {
            lock = ProcessLock.create();
            control = SharedMemory.create(64);
            ProcessLock sharedLock = lock;
            SharedMemory sharedControl = control;
            partner = Launch.process(() -> partnerLoop(sharedLock, sharedControl));
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            control.putIntVolatile(STOP, 1);
            partner.join();
            lock.close();
            control.close();
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
        long round = state.control.getAndAddLong(GO, 1) + 1;
        ProcessLock lock = state.lock;
        for (int i = 0; i < ROUNDS; i++) {
            lock.lock();
            lock.unlock();
        }
        while (state.control.getLongVolatile(DONE) < round) {
            Thread.onSpinWait();
        }
    }

    /** The child's side of {@code twoProcesses}: a round of lock+unlock each time the parent starts one. */
    static Object partnerLoop(ProcessLock lock, SharedMemory control) {
        long seen = 0;
        while (control.getIntVolatile(STOP) == 0) {
            long go = control.getLongVolatile(GO);
            if (go == seen) {
                Thread.yield();
                continue;
            }
            seen = go;
            for (int i = 0; i < ROUNDS; i++) {
                lock.lock();
                lock.unlock();
            }
            control.putLongVolatile(DONE, seen);
        }
        return null;
    }
}
