package io.github.multiprocess4j.queue;

import static io.github.multiprocess4j.queue.LincheckScenarios.scenario;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck's model checker runs {@link WorkQueue}'s non-blocking operations from several threads, interleaving by
 * interleaving, and checks that every outcome is one that a sequential queue (the {@link Model}) could give: puts,
 * gets, peeks, drains, removals, the task count and both kinds of shutdown are linearizable, with the spinning
 * gates at each end of the queue, its separate put and take counts and its emptiness read from the head slot.
 * Besides random scenarios it explores
 * hand-written ones for the races that random scenarios seldom produce; they found two orderings that were wrong
 * (a put counted as a task before its element could be taken, and an immediate shutdown visible as empty before its
 * tasks counted as done), and fail again if either comes back. Failures are returned as the exception's name, so
 * that they are compared too. Blocking operations are left to {@link JoinableQueueContract}: lincheck checks them only
 * for Kotlin coroutines.
 */
@Param(name = "element", gen = IntGen.class, conf = "1:3")
public class WorkQueueLincheckTest extends JoinableQueueLincheckOperations {

    private final WorkQueue<Integer> queue = new WorkQueue<>(CAPACITY);

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

    @Operation
    public boolean remove(@Param(name = "element") int element) {
        return queue.remove((Object) element);
    }

    @Operation
    public Integer peek() {
        return queue.peek();
    }

    /** {@code drainTo} of at most one element: the element moved, or {@code null}. */
    @Operation
    public Integer drainOne() {
        List<Integer> sink = new ArrayList<>(1);
        queue.drainTo(sink, 1);
        return sink.isEmpty() ? null : sink.get(0);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    public void operationsAreLinearizable() {
        check(WorkQueueLincheckTest.class, delicateScenarios());
    }

    /**
     * Races that random scenarios seldom produce, each explored interleaving by interleaving: a put half-way while
     * another thread counts or finishes tasks, a removal racing {@code taskDone}, a shutdown between a put and a get
     * on an empty queue, and room made while a put is refused. Since the two sides count separately and a getter
     * finds the queue empty from the slot: a get that takes an element whose put has not counted it yet, then
     * finishes its task or reads the size; a look at the head while the first put is half-way; a full queue whose
     * producer must read the consumers' count again to find the room one get made; and a drain at the head while a
     * put and a removal hold the tail and both ends.
     */
    private static List<ExecutionScenario> delicateScenarios() {
        return List.of(
                scenario(List.of(), List.of(call("putNowait", 1)), List.of(call("taskDone"), call("getNowait"))),
                scenario(List.of(), List.of(call("putNowait", 1)), List.of(call("unfinishedTasks"), call("poll"))),
                scenario(List.of(call("putNowait", 1)), List.of(call("getNowait"), call("taskDone")),
                        List.of(call("shutdownImmediate"), call("unfinishedTasks"))),
                scenario(List.of(call("putNowait", 1)), List.of(call("getNowait"), call("taskDone")),
                        List.of(call("remove", 1), call("unfinishedTasks"))),
                scenario(List.of(), List.of(call("putNowait", 1)), List.of(call("shutdown")),
                        List.of(call("getNowait"))),
                scenario(List.of(call("putNowait", 1), call("putNowait", 2)), List.of(call("getNowait"), call("poll")),
                        List.of(call("putNowait", 3), call("size"))),
                scenario(List.of(), List.of(call("putNowait", 1), call("putNowait", 2)),
                        List.of(call("getNowait"), call("taskDone"), call("size"))),
                scenario(List.of(), List.of(call("offer", 1), call("unfinishedTasks")),
                        List.of(call("peek"), call("poll"), call("taskDone"))),
                scenario(List.of(call("putNowait", 1), call("putNowait", 2)), List.of(call("getNowait")),
                        List.of(call("putNowait", 3), call("putNowait", 1), call("peek"))),
                scenario(List.of(call("putNowait", 1)), List.of(call("drainOne"), call("taskDone")),
                        List.of(call("putNowait", 2), call("remove", 2), call("unfinishedTasks"))));
    }

    private static Actor call(String operation, Object... arguments) {
        return LincheckScenarios.call(WorkQueueLincheckTest.class, operation, arguments);
    }

    /** Python's {@code queue.Queue(maxsize=2)}, one operation at a time. */
    public static final class Model {
        private final Deque<Integer> elements = new ArrayDeque<>();
        private long unfinished;
        private boolean shutDown;

        public String putNowait(int element) {
            if (shutDown) {
                return "QueueShutDownException";
            }
            return offer(element) ? "ok" : "QueueFullException";
        }

        public Object getNowait() {
            if (elements.isEmpty()) {
                return shutDown ? "QueueShutDownException" : "QueueEmptyException";
            }
            return elements.poll();
        }

        public boolean offer(int element) {
            if (shutDown || elements.size() == CAPACITY) {
                return false;
            }
            elements.add(element);
            unfinished++;
            return true;
        }

        public Integer poll() {
            return elements.poll();
        }

        public Integer peek() {
            return elements.peek();
        }

        public Integer drainOne() {
            return elements.poll();
        }

        public boolean remove(int element) {
            boolean removed = elements.remove(element);
            if (removed && unfinished > 0) {
                unfinished--;
            }
            return removed;
        }

        public String taskDone() {
            if (unfinished == 0) {
                return "TooManyTaskDoneCallsException";
            }
            unfinished--;
            return "ok";
        }

        public long unfinishedTasks() {
            return unfinished;
        }

        public int size() {
            return elements.size();
        }

        public void shutdown() {
            shutDown = true;
        }

        public void shutdownImmediate() {
            shutDown = true;
            unfinished -= Math.min(unfinished, elements.size());
            elements.clear();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Model && state().equals(((Model) other).state());
        }

        @Override
        public int hashCode() {
            return state().hashCode();
        }

        private String state() {
            return elements + "/" + unfinished + "/" + shutDown;
        }
    }
}
