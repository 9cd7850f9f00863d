package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Worker;
import io.github.multiprocess4j.shm.ProcessLock;
import io.github.multiprocess4j.shm.SharedMemory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long a waiter takes to get a {@link ProcessLock} whose holder was killed with SIGKILL: from the kill to the
 * waiter holding the lock. Python's {@code multiprocessing.Lock} never gets there (the lock stays taken); the
 * target is 50 ms.
 *
 * <pre>
 * java -cp 'benchmarks/target/app/*' org.openjdk.jmh.Main LockTakeoverBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 10)
@Fork(1)
public class LockTakeoverBenchmark {

    private static final int HOLDING = 0;

    private ProcessLock lock;
    private SharedMemory flags;
    private Worker<Void> holder;

    @Setup(Level.Trial)
    public void create() {
        lock = ProcessLock.create();
        flags = SharedMemory.create(64);
    }

    /** A child takes the lock and keeps it until it is killed. */
    @Setup(Level.Invocation)
    public void startHolder() throws InterruptedException {
        flags.putIntVolatile(HOLDING, 0);
        ProcessLock shared = lock;
        SharedMemory sharedFlags = flags;
        holder = Launch.process(() -> {
            shared.lock();
            sharedFlags.putIntVolatile(HOLDING, 1);
            Thread.sleep(60_000);
        });
        while (flags.getIntVolatile(HOLDING) == 0) {
            Thread.sleep(1);
        }
    }

    @Benchmark
    public boolean killTheHolderThenLock() {
        holder.kill();
        lock.lock();
        lock.unlock();
        return true;
    }

    @TearDown(Level.Invocation)
    public void awaitHolder() throws InterruptedException {
        holder.join();
    }

    @TearDown(Level.Trial)
    public void close() {
        lock.close();
        flags.close();
    }
}
