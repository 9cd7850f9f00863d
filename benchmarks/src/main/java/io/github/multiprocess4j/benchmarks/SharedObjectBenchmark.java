package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.shm.SharedObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * The read-modify-write of the tour's shared-objects section: append a number to a list that lives serialized in
 * shared memory, under a process lock. Each invocation starts from an empty list and appends {@link #APPENDS}
 * numbers, as python_baseline.py's "seed RMW ... 1 proc" row does at {@code --scale 0.3} (600 appends; at full
 * scale, 2000), so the score is appends per second over a list growing from 0 to 600.
 *
 * <pre>
 * java -cp 'benchmarks/target/app/*' org.openjdk.jmh.Main SharedObjectBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SharedObjectBenchmark {

    static final int APPENDS = 600;

    private SharedObject<List<Integer>> list;

    @Setup
    public void setUp() {
        list = SharedObject.create(1 << 20, new ArrayList<>());
    }

    @TearDown
    public void tearDown() {
        list.close();
    }

    @Benchmark
    @OperationsPerInvocation(APPENDS)
    public int appendUnderTheLock() {
        list.write(new ArrayList<>());
        for (int i = 0; i < APPENDS; i++) {
            int value = i;
            list.update(numbers -> numbers.add(value));
        }
        return APPENDS;
    }
}
