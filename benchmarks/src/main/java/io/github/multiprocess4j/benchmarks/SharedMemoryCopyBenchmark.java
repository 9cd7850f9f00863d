package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.shm.SharedMemory;
import java.nio.ByteBuffer;
import java.util.Arrays;
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
 * Copying 64 MiB from a {@code byte[]} into shared memory, against the same copy into a plain direct
 * {@code ByteBuffer}, and python_baseline.py's {@code buf[:] = bytes} (about 7 GB/s here). GB/s = 0.0671 / score
 * in seconds.
 *
 * <ul>
 *   <li>{@code intoMappedSharedMemory}: a segment whose pages are already mapped ("pages mapped" in Python).</li>
 *   <li>{@code intoFreshSharedMemory}: a new segment each time, created and unlinked outside the measurement, so
 *       the score is the copy with its first-touch page faults ("fresh segment" in Python).</li>
 *   <li>{@code intoDirectByteBuffer}: the reference, private memory already touched.</li>
 * </ul>
 *
 * <pre>
 * java -cp 'benchmarks/target/app/*' org.openjdk.jmh.Main SharedMemoryCopyBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = "-Xmx1g")
public class SharedMemoryCopyBenchmark {

    static final int SIZE = 64 * 1024 * 1024;

    private byte[] data;
    private SharedMemory mapped;
    private ByteBuffer direct;

    @Setup
    public void setUp() {
        data = new byte[SIZE];
        Arrays.fill(data, (byte) 0xAB);
        mapped = SharedMemory.create(SIZE);
        mapped.put(0, data);
        direct = ByteBuffer.allocateDirect(SIZE);
        direct.put(0, data);
    }

    @TearDown
    public void tearDown() {
        mapped.close();
    }

    @Benchmark
    public SharedMemory intoMappedSharedMemory() {
        mapped.put(0, data);
        return mapped;
    }

    /** A segment never written before, new for each invocation. */
    @State(Scope.Thread)
    public static class Fresh {
        SharedMemory segment;

        @Setup(Level.Invocation)
        public void create() {
            segment = SharedMemory.create(SIZE);
        }

        @TearDown(Level.Invocation)
        public void unlink() {
            segment.close();
        }
    }

    @Benchmark
    public SharedMemory intoFreshSharedMemory(Fresh fresh) {
        fresh.segment.put(0, data);
        return fresh.segment;
    }

    @Benchmark
    public ByteBuffer intoDirectByteBuffer() {
        direct.put(0, data);
        return direct;
    }
}
