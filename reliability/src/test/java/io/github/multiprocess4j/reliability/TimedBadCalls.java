package io.github.multiprocess4j.reliability;

import static io.github.multiprocess4j.reliability.BadArguments.HUGE;
import static io.github.multiprocess4j.reliability.BadArguments.NEGATIVE;

import io.github.multiprocess4j.core.Task;
import io.github.multiprocess4j.core.Timed;
import io.github.multiprocess4j.core.VoidTask;
import java.util.ArrayList;
import java.util.List;

/** {@link Timed}: null names and tasks, and durations that no task can take. */
final class TimedBadCalls implements BadCallCatalog {

    private static final Task<Integer> TASK = () -> 1;
    private static final VoidTask VOID_TASK = () -> { };

    @Override
    public List<BadCall> calls() {
        List<BadCall> calls = new ArrayList<>();
        String constructor = "Timed(Object, Duration)";
        calls.add(BadCall.withNull(constructor, "duration", () -> new Timed<>(1, null)));
        calls.add(BadCall.of(constructor, "a negative duration", () -> new Timed<>(1, NEGATIVE))
                .refused(IllegalArgumentException.class, "duration must not be negative, got " + NEGATIVE));
        calls.add(BadCall.of(constructor, "a huge duration", () -> new Timed<>(1, HUGE).seconds())
                .accepted("its seconds", seconds -> (Double) seconds >= Long.MAX_VALUE));

        calls.add(BadCall.withNull("Timed.call(Task)", "task", () -> Timed.call((Task<?>) null)));
        calls.add(BadCall.withNull("Timed.call(VoidTask)", "task", () -> Timed.call((VoidTask) null)));
        calls.add(BadCall.withNull("Timed.print(Task)", "task", () -> Timed.print((Task<?>) null)));
        calls.add(BadCall.withNull("Timed.print(VoidTask)", "task", () -> Timed.print((VoidTask) null)));
        calls.add(BadCall.withNull("Timed.print(String, Task)", "name", () -> Timed.print(null, TASK)));
        calls.add(BadCall.withNull("Timed.print(String, Task)", "task", () -> Timed.print("x", (Task<?>) null)));
        calls.add(BadCall.withNull("Timed.print(String, VoidTask)", "name", () -> Timed.print(null, VOID_TASK)));
        calls.add(BadCall.withNull("Timed.print(String, VoidTask)", "task", () -> Timed.print("x", (VoidTask) null)));
        calls.add(BadCall.withNull("Timed.print(String)", "name", () -> new Timed<>(1, HUGE).print((String) null)));
        return calls;
    }

    @Override
    public void close() {
        // nothing is opened
    }
}
