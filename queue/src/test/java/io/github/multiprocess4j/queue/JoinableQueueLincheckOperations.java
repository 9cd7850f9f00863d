package io.github.multiprocess4j.queue;

import java.util.List;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * The non-blocking operations of a {@link JoinableQueue} of capacity 2, as lincheck operations, and how they are
 * checked: each lincheck test of a queue extends this class, makes its queue, adds operations of its own (declaring
 * the {@code element} parameter again if they take one: lincheck looks for it in the operation's own class), and
 * calls {@link #check}. Failures are returned as the exception's name, so
 * that they are compared too.
 */
@Param(name = "element", gen = IntGen.class, conf = "1:3")
public abstract class JoinableQueueLincheckOperations {

    /** The capacity of the queue under test, which {@link WorkQueueLincheckTest.Model} shares. */
    protected static final int CAPACITY = 2;

    /** The queue under test, new for each lincheck invocation. */
    protected abstract JoinableQueue<Integer> queue();

    /** {@code BlockingQueue}'s {@code offer(e)}. */
    protected abstract boolean offerNow(int element);

    /** {@code BlockingQueue}'s {@code poll()}. */
    protected abstract Integer pollNow();

    @Operation
    public String putNowait(@Param(name = "element") int element) {
        try {
            queue().putNowait(element);
            return "ok";
        } catch (QueueException e) {
            return e.getClass().getSimpleName();
        }
    }

    @Operation
    public Object getNowait() {
        try {
            return queue().getNowait();
        } catch (QueueException e) {
            return e.getClass().getSimpleName();
        }
    }

    @Operation
    public boolean offer(@Param(name = "element") int element) {
        return offerNow(element);
    }

    @Operation
    public Integer poll() {
        return pollNow();
    }

    @Operation
    public String taskDone() {
        try {
            queue().taskDone();
            return "ok";
        } catch (QueueException e) {
            return e.getClass().getSimpleName();
        }
    }

    @Operation
    public long unfinishedTasks() {
        return queue().unfinishedTasks();
    }

    @Operation
    public int size() {
        return queue().size();
    }

    @Operation
    public void shutdown() {
        queue().shutdown();
    }

    @Operation
    public void shutdownImmediate() {
        queue().shutdown(true);
    }

    /**
     * Model-checks the operations of {@code test} against Python's {@code queue.Queue(maxsize=2)}, on random scenarios
     * and on {@code scenarios}; about ten seconds on two cores.
     */
    protected static void check(Class<? extends JoinableQueueLincheckOperations> test, List<ExecutionScenario> scenarios) {
        ModelCheckingOptions options = new ModelCheckingOptions()
                .iterations(6)
                .invocationsPerIteration(500)
                .threads(2)
                .actorsPerThread(3)
                .sequentialSpecification(WorkQueueLincheckTest.Model.class);
        scenarios.forEach(options::addCustomScenario);
        options.check(test);
    }
}
