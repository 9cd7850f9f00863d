package io.github.multiprocess4j.reliability;

import java.util.List;

/** Calls that pass an {@code int} out of its range, such as a size of 0 or a count of -1. */
final class OutOfRange {

    /** A call with one {@code int} argument. */
    @FunctionalInterface
    interface IntCall {
        void call(int value) throws Exception;
    }

    private OutOfRange() {
    }

    /**
     * Adds a call of {@code entryPoint} with each of {@code values} for {@code parameter}, each to be refused with an
     * {@link IllegalArgumentException} whose message says {@code problem} and {@code got <value>}.
     */
    static void refused(List<BadCall> calls, String entryPoint, String parameter, IntCall call, String problem,
            int... values) {
        for (int value : values) {
            calls.add(BadCall.of(entryPoint, parameter + " " + value, () -> call.call(value))
                    .refused(IllegalArgumentException.class, problem, "got " + value));
        }
    }
}
