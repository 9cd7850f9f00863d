package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.core.Worker;
import io.github.multiprocess4j.shm.SharedMemory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * From a change in this JVM to a child JVM waiting for it being awake: what {@link EventWakeBenchmark} and
 * {@link QueueWakeBenchmark} share. Sampled, for the median and the 99th percentile.
 *
 * <p>Before each sample the child announces, in a small shared control segment, that it waits again; the timed part
 * is the change and this JVM spinning until the child has written that it woke. {@code waiter} says how long the
 * child has been waiting when the change comes: {@code parked}, 2 to 3 ms, so that it has stopped spinning and sleeps
 * between looks, as any waiter that waits for long does; {@code arriving}, not at all, so that it is still spinning
 * (or not yet waiting).
 *
 * <p>With {@code -jvmArgsAppend --enable-native-access=ALL-UNNAMED} (as {@link BenchmarkReport} runs it) the waiter
 * sleeps on a futex on JDK 22 and later; without it, on its JVM's doorbell.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public abstract class CrossProcessWake {

    /**
     * How long a {@code parked} waiter has waited at least when the change comes; a random part of up to
     * {@link #PARKED_SPREAD_NANOS} more spreads the moment of the change over the waiter's sleeps between looks.
     */
    static final long PARKED_NANOS = 2_000_000;
    static final long PARKED_SPREAD_NANOS = 1_000_000;

    /** The sample the child waits for now: long. */
    static final int WAITING = 0;
    /** The sample the child woke for last: long. */
    static final int WOKE = 8;
    /** 1 once the child is to exit: int. */
    static final int STOP = 16;

    @Param({"parked", "arriving"})
    public String waiter;

    private SharedMemory control;
    private Worker<Void> child;
    private long sample;

    /** Creates the structure and starts the child, which waits on it and reports through {@code control}. */
    abstract Worker<Void> start(SharedMemory control);

    /** Makes the structure ready for the next sample, before the child announces that it waits. */
    abstract void rearm();

    /** The change the child waits for; also what wakes it to see {@link #STOP}. */
    abstract void change() throws InterruptedException;

    /** Closes the structure, once the child has exited. */
    abstract void close();

    @Setup(Level.Trial)
    public void setUp() {
        control = SharedMemory.create(64);
        child = start(control);
    }

    /** Readies the next sample and waits until the child waits for it (and, if {@code parked}, 2-3 ms more). */
    @Setup(Level.Invocation)
    public void childWaits() {
        rearm();
        sample++;
        while (control.getLongVolatile(WAITING) < sample) {
            Thread.onSpinWait();
        }
        if (waiter.equals("parked")) {
            long until = System.nanoTime() + PARKED_NANOS + ThreadLocalRandom.current().nextLong(PARKED_SPREAD_NANOS);
            for (long left = PARKED_NANOS; left > 0; left = until - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
        }
    }

    @Benchmark
    public long changeToWake() throws InterruptedException {
        change();
        long woke;
        while ((woke = control.getLongVolatile(WOKE)) < sample) {
            Thread.onSpinWait();
        }
        return woke;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        control.putIntVolatile(STOP, 1);
        change();
        child.join();
        close();
        control.close();
    }

    /** The child's wait for one sample. */
    @FunctionalInterface
    interface Wait {
        void await() throws InterruptedException;
    }

    /**
     * The child's side: for each sample, say it waits, wait, say it woke; until told to stop.
     *
     * @param readyToWait waits until the structure is ready for the next sample, unless told to stop first: whether
     *     to go on
     */
    static void wakeAgainAndAgain(SharedMemory control, ReadyToWait readyToWait, Wait wait)
            throws InterruptedException {
        for (long next = 1; readyToWait.await(); next++) {
            control.putLongVolatile(WAITING, next);
            wait.await();
            if (control.getIntVolatile(STOP) != 0) {
                return;
            }
            control.putLongVolatile(WOKE, next);
        }
    }

    /** See {@link #wakeAgainAndAgain}. */
    @FunctionalInterface
    interface ReadyToWait {
        boolean await();
    }
}
