package io.github.multiprocess4j.shm;

import static io.github.multiprocess4j.queue.LincheckScenarios.scenario;

import io.github.multiprocess4j.queue.JoinableQueue;
import io.github.multiprocess4j.queue.JoinableQueueContract;
import io.github.multiprocess4j.queue.JoinableQueueLincheckOperations;
import io.github.multiprocess4j.queue.LincheckScenarios;
import io.github.multiprocess4j.queue.WorkQueueLincheckTest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck's model checker runs {@link SharedQueue}'s non-blocking operations from several threads, interleaving by
 * interleaving, and checks that every outcome is one that Python's {@code queue.Queue(maxsize=2)} could give one
 * operation at a time ({@link WorkQueueLincheckTest.Model}): puts, gets, the task count, the size and both kinds of
 * shutdown of the lock-free ring are linearizable. The ring lives in heap memory here ({@link HeapRingMemory}, whose
 * atomic words lincheck sees), with the very code that runs on a mapped segment. Besides random scenarios it
 * explores hand-written ones for the races that random scenarios seldom produce. Blocking operations are left to
 * {@link JoinableQueueContract}.
 */
public class SharedQueueLincheckTest extends JoinableQueueLincheckOperations {

    private final SharedQueue<Integer> queue = HeapRingMemory.queue(CAPACITY, 16, new EveryoneAlive());

    @Override
    protected JoinableQueue<Integer> queue() {
        return queue;
    }

    @Override
    protected boolean offerNow(int element) {
        return queue.offer(element);
    }

    @Override
    protected Integer pollNow() {
        return queue.poll();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    public void operationsAreLinearizable() {
        check(SharedQueueLincheckTest.class, delicateScenarios());
    }

    /**
     * Races that random scenarios seldom produce, each explored interleaving by interleaving: a put half-way (claimed
     * but the tail not yet moved, or moved but not yet published) while another thread gets, counts or finishes
     * tasks; an immediate shutdown racing a get and the task count; a shutdown between a put and a get; a full ring
     * whose cell is still being read while a put needs it.
     */
    private static List<ExecutionScenario> delicateScenarios() {
        return List.of(
                scenario(List.of(), List.of(call("putNowait", 1)), List.of(call("taskDone"), call("getNowait"))),
                scenario(List.of(), List.of(call("putNowait", 1)), List.of(call("unfinishedTasks"), call("size"))),
                scenario(List.of(), List.of(call("putNowait", 1), call("putNowait", 2)),
                        List.of(call("putNowait", 3), call("getNowait"))),
                scenario(List.of(call("putNowait", 1)), List.of(call("getNowait"), call("taskDone")),
                        List.of(call("shutdownImmediate"), call("unfinishedTasks"))),
                scenario(List.of(call("putNowait", 1), call("putNowait", 2)), List.of(call("getNowait"), call("size")),
                        List.of(call("shutdownImmediate"), call("taskDone"))),
                scenario(List.of(), List.of(call("putNowait", 1)), List.of(call("shutdown")),
                        List.of(call("getNowait"))),
                scenario(List.of(call("putNowait", 1), call("putNowait", 2)), List.of(call("getNowait"), call("poll")),
                        List.of(call("putNowait", 3), call("size"))));
    }

    private static Actor call(String operation, Object... arguments) {
        return LincheckScenarios.call(SharedQueueLincheckTest.class, operation, arguments);
    }

    /** One process: every claim's owner is alive. */
    static final class EveryoneAlive implements Liveness {
        @Override
        public int self() {
            return 1;
        }

        @Override
        public boolean isDead(int owner) {
            return false;
        }
    }
}
