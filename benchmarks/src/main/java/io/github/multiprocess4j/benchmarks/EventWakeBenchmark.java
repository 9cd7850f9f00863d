package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Worker;
import io.github.multiprocess4j.shm.ProcessEvent;
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
 * From {@link ProcessEvent#set()} in this JVM to a child JVM waiting in {@link ProcessEvent#await()} being awake,
 * against Python's {@code mp.Event} measured the same way (python_counterpart.py's {@code event} section); sampled,
 * for the median and the 99th percentile.
 *
 * <p>Before each sample the event is cleared and the child announces that it waits again; the timed part is
 * {@code set()} and this JVM spinning until the child has written, into shared memory, that it woke. {@code waiter}
 * says how long the child has been waiting when the event is set: {@code parked}, 2 to 3 ms, so that it has
 * stopped spinning and sleeps between looks, as any waiter that waits for long does; {@code arriving}, not at all, so that
 * it is still spinning (or not yet inside {@code await}).
 *
 * <p>With {@code -jvmArgsAppend --enable-native-access=ALL-UNNAMED} (as {@link BenchmarkReport} runs it) the waiter
 * sleeps on a futex on JDK 22 and later; without it, on its JVM's doorbell.
 *
 * <pre>
 * java -cp 'benchmarks/target/app/*' org.openjdk.jmh.Main EventWakeBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EventWakeBenchmark {

    /**
     * How long a {@code parked} waiter has waited at least when the event is set; a random part of up to
     * {@link #PARKED_SPREAD_NANOS} more spreads the moment of the set over the waiter's sleeps between looks.
     */
    static final long PARKED_NANOS = 2_000_000;
    static final long PARKED_SPREAD_NANOS = 1_000_000;

    /** The sample the child waits for now: long. */
    private static final int WAITING = 0;
    /** The sample the child woke for last: long. */
    private static final int WOKE = 8;
    /** 1 once the child is to exit: int. */
    private static final int STOP = 16;

    @Param({"parked", "arriving"})
    public String waiter;

    private ProcessEvent event;
    private SharedMemory control;
    private Worker<Void> child;
    private long sample;

    @Setup(Level.Trial)
    public void setUp() {
        event = ProcessEvent.create();
        control = SharedMemory.create(64);
        ProcessEvent shared = event;
        SharedMemory sharedControl = control;
        child = Launch.process(() -> wakeAgainAndAgain(shared, sharedControl));
    }

    /** Clears the event and waits until the child waits for the next sample (and, if {@code parked}, 2-3 ms more). */
    @Setup(Level.Invocation)
    public void childWaits() {
        event.clear();
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
    public long setToWake() {
        event.set();
        long woke;
        while ((woke = control.getLongVolatile(WOKE)) < sample) {
            Thread.onSpinWait();
        }
        return woke;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        control.putIntVolatile(STOP, 1);
        event.set();
        child.join();
        event.close();
        control.close();
    }

    /** The child's side: for each sample, wait until the event is lowered, say so, wait for it, say it woke. */
    static void wakeAgainAndAgain(ProcessEvent event, SharedMemory control) throws InterruptedException {
        for (long next = 1; ; next++) {
            while (event.isSet()) {
                if (control.getIntVolatile(STOP) != 0) {
                    return;
                }
                Thread.yield();
            }
            control.putLongVolatile(WAITING, next);
            event.await();
            if (control.getIntVolatile(STOP) != 0) {
                return;
            }
            control.putLongVolatile(WOKE, next);
        }
    }
}
