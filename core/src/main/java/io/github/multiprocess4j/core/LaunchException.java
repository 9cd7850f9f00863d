package io.github.multiprocess4j.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One or more of the tasks started by a single {@code Launch.threads} or {@code Launch.processes} call failed.
 * Every failure is kept: {@link #failures()} lists them (the first is also the cause and the others are
 * suppressed, so a printed stack trace shows them all), and {@link #results()} still holds the results of the
 * tasks that succeeded.
 */
public final class LaunchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<TaskFailedException> failures;
    private final transient List<Object> results;
    /** How many tasks were launched. */
    private final int launched;
    /** How many were stopped unfinished after the first failure. */
    private final int stopped;

    LaunchException(int launched, List<TaskFailedException> failures, List<Object> results) {
        this(launched, failures, results, 0);
    }

    LaunchException(int launched, List<TaskFailedException> failures, List<Object> results, int stopped) {
        super(message(launched, failures) + (stopped == 0 ? ""
                : "; " + stopped + " unfinished were stopped at the first failure"), failures.get(0));
        this.launched = launched;
        this.stopped = stopped;
        this.failures = List.copyOf(failures);
        this.results = Collections.unmodifiableList(new ArrayList<>(results));
        failures.subList(1, failures.size()).forEach(this::addSuppressed);
    }

    private static String message(int launched, List<TaskFailedException> failures) {
        return failures.size() + " of " + launched + " tasks failed: "
                + failures.stream().map(TaskFailedException::getMessage).collect(Collectors.joining("; "));
    }

    /**
     * The failures, in index order.
     *
     * @return one exception per failed task, never empty
     */
    public List<TaskFailedException> failures() {
        return failures;
    }

    /**
     * The results in index order, {@code null} where a task failed (and where a task returned {@code null}; use
     * {@link #failed(int)} to tell them apart).
     *
     * @return an unmodifiable list with one slot per launched task
     */
    public List<Object> results() {
        return results;
    }

    /**
     * How many tasks were stopped unfinished because another failed first (fail-fast); their results are
     * {@code null} and they are not among {@link #failures()}.
     *
     * @return 0 unless the launch or {@code map} was to stop at the first failure and did
     */
    public int stopped() {
        return stopped;
    }

    /**
     * Whether the task with this index failed.
     *
     * @param index from {@code 0} to the number launched minus one
     * @return {@code true} if it is among {@link #failures()}
     * @throws IndexOutOfBoundsException if no task had this index
     */
    public boolean failed(int index) {
        if (index < 0 || index >= launched) {
            throw new IndexOutOfBoundsException("index " + index + " is out of range: " + launched
                    + " tasks were launched");
        }
        return failures.stream().anyMatch(failure -> failure.index() == index);
    }
}
