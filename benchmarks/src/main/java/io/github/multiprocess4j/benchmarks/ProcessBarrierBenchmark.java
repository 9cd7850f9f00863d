package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.shm.ProcessBarrier;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
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
 * Rounds of a {@link ProcessBarrier} of 4 parties, this JVM and 3 child JVMs, each awaiting it {@link #ROUNDS}
 * times in a row, against Python's {@code mp.Barrier(4)} with 4 processes (python_counterpart.py's {@code barrier}
 * section). The score is barrier rounds per second.
 *
 * <pre>
 * java -cp 'benchmarks/target/app/*' org.openjdk.jmh.Main ProcessBarrierBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProcessBarrierBenchmark {

    /** The parties: this JVM and three children. */
    static final int PARTIES = 4;
    /** Barrier rounds per invocation. */
    static final int ROUNDS = 1_000;

    /** The barrier, and the three children that pass it whenever this JVM does. */
    @State(Scope.Benchmark)
    public static class Parties {
        ProcessBarrier barrier;
        RoundPartners others;

        @Setup(Level.Trial)
        public void setUp() {
            barrier = ProcessBarrier.create(PARTIES);
            ProcessBarrier shared = barrier;
            others = RoundPartners.start(PARTIES - 1, () -> passRounds(shared, ROUNDS));
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            others.close();
            barrier.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void fourProcesses(Parties parties) throws InterruptedException, BrokenBarrierException {
        long round = parties.others.begin();
        passRounds(parties.barrier, ROUNDS);
        parties.others.awaitEnd(round);
    }

    /** One party's share, in this JVM and in each child. */
    static void passRounds(ProcessBarrier barrier, int rounds) throws InterruptedException, BrokenBarrierException {
        for (int i = 0; i < rounds; i++) {
            barrier.await();
        }
    }
}
