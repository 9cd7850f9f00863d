package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.shm.ShareableList;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading and writing one integer item of a {@link ShareableList} (Python: {@code sl[3]}, {@code sl[3] = n}),
 * with a plain {@code ArrayList} in the heap as the control.
 *
 * <pre>
 * java -cp 'benchmarks/target/app/*' org.openjdk.jmh.Main ShareableListBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ShareableListBenchmark {

    private ShareableList list;
    private final List<Object> control = new ArrayList<>(List.of("spam", 3.14159, 123456L, 0L));
    private long next;

    @Setup
    public void setUp() {
        list = ShareableList.create("spam", 3.14159, 123456, 0);
    }

    @TearDown
    public void tearDown() {
        list.close();
    }

    @Benchmark
    public Object get() {
        return list.get(3);
    }

    @Benchmark
    public Object set() {
        return list.set(3, next++);
    }

    @Benchmark
    public Object arrayListGetControl() {
        return control.get(3);
    }
}
