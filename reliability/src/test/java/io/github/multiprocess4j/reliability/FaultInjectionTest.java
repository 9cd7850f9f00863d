package io.github.multiprocess4j.reliability;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A fault-injection test: {@link Rounds#COUNT} rounds, each drawing its plan from the seed, running a workload while
 * processes are killed, and checking what survived. After every round no process of the round may be left. A
 * subclass is the workload and its checks; adding one for a new structure is adding one class.
 */
abstract class FaultInjectionTest {

    /** Each round has this long; rounds take a few seconds on two busy cores. */
    static final int ROUND_TIMEOUT_SECONDS = 180;
    /** About how long child JVMs take to start on two busy cores: kills are spread over it and the work. */
    static final long STARTUP_MILLIS = 800;

    @ParameterizedTest(name = "round {0}")
    @MethodSource("io.github.multiprocess4j.reliability.Rounds#indexes")
    @Timeout(value = ROUND_TIMEOUT_SECONDS, unit = TimeUnit.SECONDS)
    void round(int round) throws Exception {
        String replay = Rounds.replay(getClass(), round);
        try {
            run(Rounds.random(getClass(), round), round);
            ChildJvms.assertNoneLeftWithin(Duration.ofSeconds(10), replay);
        } catch (AssertionError e) {
            throw new AssertionError(replay + ": " + e.getMessage(), e);
        }
        Figures.ROUNDS.incrementAndGet();
    }

    /** Runs one round's workload, kills what the plan says, and checks what survived. */
    abstract void run(Random random, int round) throws Exception;

    /** Counts what a round found lost into the figures, then fails if it is anything. */
    static void assertNothingLost(long lost, String what) {
        Figures.LOST.addAndGet(lost);
        if (lost != 0) {
            throw new AssertionError(lost + " lost: " + what);
        }
    }
}
