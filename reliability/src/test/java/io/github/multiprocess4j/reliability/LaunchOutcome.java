package io.github.multiprocess4j.reliability;

import io.github.multiprocess4j.core.IndexedTask;
import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.LaunchException;
import io.github.multiprocess4j.core.LaunchOptions;
import io.github.multiprocess4j.core.Output;
import io.github.multiprocess4j.core.TaskFailedException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** What {@code Launch.processes} gave while a {@link Killer} was at work: results, failures, and who was killed. */
final class LaunchOutcome<T> {

    private static final LaunchOptions QUIET = Launch.options().output(Output.DISCARD).build();

    private final List<T> results;
    private final List<TaskFailedException> failures;
    private final Set<Long> killed;

    private LaunchOutcome(List<T> results, List<TaskFailedException> failures, Set<Long> killed) {
        this.results = results;
        this.failures = failures;
        this.killed = killed;
    }

    /** Runs {@code n} children with their output discarded and collects what came of them. */
    @SuppressWarnings("unchecked")
    static <T> LaunchOutcome<T> launch(int n, IndexedTask<T> task, Killer killer) throws InterruptedException {
        try {
            List<T> results = Launch.with(QUIET).processes(n, task);
            return new LaunchOutcome<>(results, List.of(), killer.killed());
        } catch (LaunchException e) {
            return new LaunchOutcome<>((List<T>) (List<?>) e.results(), e.failures(), killer.killed());
        }
    }

    boolean failed(int index) {
        return failures.stream().anyMatch(failure -> failure.index() == index);
    }

    /** The result of a child that did not fail. */
    T result(int index) {
        return results.get(index);
    }

    Set<Long> killed() {
        return killed;
    }

    /** Failures that no kill explains: a child that failed otherwise, or that the suite did not kill. */
    List<TaskFailedException> unexplainedFailures() {
        return failures.stream().filter(failure -> !killed.contains(failure.pid())
                || !failure.exitCode().equals(java.util.OptionalInt.of(137))).collect(Collectors.toList());
    }

    @Override
    public String toString() {
        return "results " + results + ", failures " + failures.stream().map(Throwable::getMessage)
                .collect(Collectors.toList()) + ", killed " + killed;
    }
}
