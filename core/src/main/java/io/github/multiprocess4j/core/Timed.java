package io.github.multiprocess4j.core;

import static io.github.multiprocess4j.core.Checks.checkArgument;
import static java.util.Objects.requireNonNull;

import io.github.multiprocess4j.core.internal.codec.Lambdas;
import java.time.Duration;

/**
 * A value and how long it took to compute, plus, as static methods, what a Python {@code @timeit} decorator does:
 * the tour's {@code threading} section times each of its cells this way.
 *
 * <pre>{@code
 * Timed.print("do_sleep", () -> Thread.sleep(500));      // prints "do_sleep: 0.5029 s"
 * Timed.print(Work::doCalculation);                       // prints "doCalculation: 0.4121 s"
 * Timed<Double> timed = Timed.call(() -> doCalculation());
 * System.out.println(timed.value() + " in " + timed.duration());
 * }</pre>
 *
 * <p>Each printed line is written with one {@code println}, so lines printed by many threads at once never tear
 * into each other. The static methods are thread-safe; a {@code Timed} is immutable.
 *
 * @param <T> the type of the value
 * @param value the value the task returned ({@code null} for a {@link VoidTask})
 * @param duration how long the task took, measured with a monotonic clock
 */
public record Timed<T>(T value, Duration duration) {

    /**
     * Creates a timed value.
     *
     * @param value the value, may be {@code null}
     * @param duration the time taken, not {@code null} or negative
     * @throws NullPointerException if {@code duration} is {@code null}
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public Timed {
        requireNonNull(duration, "duration");
        checkArgument(!duration.isNegative(), "duration must not be negative, got %s", duration);
    }

    /**
     * Runs a task and returns its value with the time it took.
     *
     * @param <T> the type of the value
     * @param task the task to run on the calling thread
     * @return the value and the duration
     * @throws Exception whatever the task throws
     */
    public static <T> Timed<T> call(Task<T> task) throws Exception {
        requireNonNull(task, "task");
        long start = System.nanoTime();
        T value = task.call();
        return new Timed<>(value, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Runs a task and returns the time it took.
     *
     * @param task the task to run on the calling thread
     * @return a {@code Timed} with a {@code null} value and the duration
     * @throws Exception whatever the task throws
     */
    public static Timed<Void> call(VoidTask task) throws Exception {
        requireNonNull(task, "task");
        long start = System.nanoTime();
        task.run();
        return new Timed<>(null, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Runs a task, prints {@code name: 0.5029 s} as one line on {@code System.out}, and returns its value.
     * Nothing is printed if the task throws.
     *
     * @param <T> the type of the value
     * @param name what to call the task in the printed line
     * @param task the task to run on the calling thread
     * @return the task's value
     * @throws Exception whatever the task throws
     */
    public static <T> T print(String name, Task<T> task) throws Exception {
        requireNonNull(name, "name");
        Timed<T> timed = call(task);
        timed.print(name);
        return timed.value();
    }

    /**
     * Runs a task and prints {@code name: 0.5029 s} as one line on {@code System.out}. Nothing is printed if the
     * task throws.
     *
     * @param name what to call the task in the printed line
     * @param task the task to run on the calling thread
     * @throws Exception whatever the task throws
     */
    public static void print(String name, VoidTask task) throws Exception {
        requireNonNull(name, "name");
        call(task).print(name);
    }

    /**
     * Like {@link #print(String, Task)}, named after the method a method reference points to
     * ({@code Timed.print(Work::doCalculation)} prints {@code doCalculation: ...}); a lambda is named after the
     * method it was written in.
     *
     * @param <T> the type of the value
     * @param task the task to run on the calling thread
     * @return the task's value
     * @throws Exception whatever the task throws
     */
    public static <T> T print(Task<T> task) throws Exception {
        return print(nameOf(task), task);
    }

    /**
     * Like {@link #print(String, VoidTask)}, named after the method a method reference points to.
     *
     * @param task the task to run on the calling thread
     * @throws Exception whatever the task throws
     */
    public static void print(VoidTask task) throws Exception {
        print(nameOf(task), task);
    }

    /**
     * The duration in seconds, as {@link #print(String)} prints it.
     *
     * @return seconds, with fractions
     */
    public double seconds() {
        return Durations.toSeconds(duration);
    }

    /**
     * Prints {@code name: 0.5029 s} as one line on {@code System.out}.
     *
     * @param name what to call the task
     * @throws NullPointerException if {@code name} is {@code null}
     */
    public void print(String name) {
        requireNonNull(name, "name");
        System.out.println(name + ": " + Durations.seconds(duration));
    }

    /** The name of a method reference's method, of a lambda's enclosing method, or of the task's class. */
    static String nameOf(Object task) {
        requireNonNull(task, "task");
        return Lambdas.parts(task).map(lambda -> {
            String method = lambda.getImplMethodName();
            if (method.startsWith("lambda$")) {
                String[] parts = method.split("\\$");
                return parts.length > 1 ? parts[1] : method;
            }
            return method;
        }).orElse(task.getClass().getSimpleName());
    }
}
