package io.github.multiprocess4j.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under an uncontended take-and-give-back of anything in shared memory: the bare memory operations on one
 * word of a direct buffer, nothing else. {@code ProcessLock}'s lock+unlock is {@code casThenReleaseWrite} plus its
 * bookkeeping; a {@code ProcessSemaphore}'s acquire+release (its reserved permit) is {@code casThenCas} plus its
 * own; a lock whose unlock is ordered before its read of the sleepers (a volatile write) would be
 * {@code casThenVolatileWrite}. Compare {@code ProcessLockBenchmark} and {@code ProcessSemaphoreBenchmark} with these,
 * in the same run.
 *
 * <pre>
 * java -cp 'benchmarks/target/app/*' org.openjdk.jmh.Main AtomicFloorBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Thread)
public class AtomicFloorBenchmark {

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class,
            ByteOrder.nativeOrder());
    private static final long TOKEN = 0x1234_5678L;
    /** Where the sleeper count would be: another cache line, read after the word is given back. */
    private static final int COUNT = 64;

    private final ByteBuffer word = ByteBuffer.allocateDirect(128);

    @Benchmark
    public long casThenReleaseWrite() {
        take();
        LONGS.setRelease(word, 0, 0L);
        return (long) LONGS.getVolatile(word, COUNT);
    }

    @Benchmark
    public long casThenVolatileWrite() {
        take();
        LONGS.setVolatile(word, 0, 0L);
        return (long) LONGS.getVolatile(word, COUNT);
    }

    @Benchmark
    public long casThenCas() {
        take();
        if (!LONGS.compareAndSet(word, 0, TOKEN, 0L)) {
            throw new IllegalStateException("the word changed under a single thread");
        }
        return (long) LONGS.getVolatile(word, COUNT);
    }

    private void take() {
        if (!LONGS.compareAndSet(word, 0, 0L, TOKEN)) {
            throw new IllegalStateException("the word is not free under a single thread");
        }
    }
}
