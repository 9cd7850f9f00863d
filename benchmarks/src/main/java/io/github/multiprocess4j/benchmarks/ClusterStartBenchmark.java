package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.cluster.LocalCluster;
import io.github.multiprocess4j.core.ProcessPool;
import io.github.multiprocess4j.core.TaskPool;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long it takes from nothing to a first task's answer: 2 local cluster members started
 * ({@code LocalCluster.start(2)} returns once both have joined), this JVM joined as a client, and one task run on
 * them; against a {@code ProcessPool} of 2 workers created and running one task. Stopping is not timed: the members
 * are killed, and the pool closed, after each shot. The members listen on 127.0.0.1 only.
 *
 * <pre>
 * java -cp 'benchmarks/target/app/*' org.openjdk.jmh.Main ClusterStartBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(1)
public class ClusterStartBenchmark {

    /** What is started. */
    @Param({"LocalCluster", "ProcessPool"})
    public String start;

    private LocalCluster local;
    private TaskPool pool;

    @Benchmark
    public Object startAndRunOneTask() throws Exception {
        if ("LocalCluster".equals(start)) {
            local = LocalCluster.start(2);
            pool = local.join().pool();
        } else {
            pool = ProcessPool.create(2);
        }
        return pool.submit(() -> 1).get();
    }

    /** Closes the pool and kills every member JVM, waiting until all are gone. */
    @TearDown(Level.Invocation)
    public void stop() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
        if (local != null) {
            local.close();
            local = null;
        }
    }
}
