package io.github.multiprocess4j.core;

import static io.github.multiprocess4j.core.Checks.checkArgument;
import static java.util.Objects.requireNonNull;

import io.github.multiprocess4j.core.internal.codec.ValueCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link ProcessPool}; get one from {@link ProcessPool#builder(int)}. A pool takes a copy of the settings
 * when it is built, so one builder may build several pools. Not thread-safe: build on one thread.
 */
public final class ProcessPoolBuilder {

    final int workers;
    final List<String> jvmArgs = new ArrayList<>();
    int maxTasksPerWorker;
    Duration idleTimeout;
    String name;
    Output output = Output.INHERIT;
    Duration taskTimeout;
    VoidTask initializer;
    boolean failFast;
    final Map<String, String> environment = new LinkedHashMap<>();
    Path workingDirectory;

    ProcessPoolBuilder(int workers) {
        checkArgument(workers >= 1, "a pool needs at least 1 worker, got %s", workers);
        checkArgument(workers <= Checks.MAX_WORKERS, "a pool has at most %s workers (Launch.MAX_WORKERS), got %s",
                Checks.MAX_WORKERS, workers);
        this.workers = workers;
    }

    /**
     * Adds arguments for each worker JVM, such as {@code -Xmx256m}.
     *
     * @param args the arguments, none {@code null} or blank
     * @return this builder
     * @throws NullPointerException if {@code args} or one of them is {@code null}
     * @throws IllegalArgumentException if an argument is blank
     */
    public ProcessPoolBuilder jvmArgs(String... args) {
        jvmArgs.addAll(LaunchOptionsBuilder.checkJvmArgs(Arrays.asList(requireNonNull(args, "args"))));
        return this;
    }

    /**
     * Replaces each worker with a fresh JVM after it has run this many tasks (Python's {@code maxtasksperchild});
     * {@code 1} gives every task a JVM of its own. By default workers live as long as the pool.
     *
     * @param tasks at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code tasks} is less than 1
     */
    public ProcessPoolBuilder maxTasksPerWorker(int tasks) {
        checkArgument(tasks >= 1, "maxTasksPerWorker must be at least 1, got %s", tasks);
        this.maxTasksPerWorker = tasks;
        return this;
    }

    /**
     * Lets a worker that has had nothing to do for this long exit; it is started again when work arrives.
     * By default idle workers stay, warm.
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws NullPointerException if {@code timeout} is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public ProcessPoolBuilder idleTimeout(Duration timeout) {
        this.idleTimeout = Durations.requirePositive(timeout, "idleTimeout");
        return this;
    }

    /**
     * Names the pool; its workers are called {@code name-1}, {@code name-2}, ... (replacements get new numbers).
     *
     * @param name a non-blank name
     * @return this builder
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public ProcessPoolBuilder name(String name) {
        requireNonNull(name, "name");
        checkArgument(!name.isBlank(), "name must not be blank");
        this.name = name;
        return this;
    }

    /**
     * Sets what happens to the workers' output: {@link Output#INHERIT} (the default) or {@link Output#DISCARD}.
     * {@link Output#CAPTURE} is refused: a worker's output is not one task's.
     *
     * @param output the output handling
     * @return this builder
     * @throws NullPointerException if {@code output} is {@code null}
     * @throws IllegalArgumentException if {@code output} is {@link Output#CAPTURE}
     */
    public ProcessPoolBuilder output(Output output) {
        requireNonNull(output, "output");
        checkArgument(output != Output.CAPTURE, "a pool's output can be inherited or discarded, not captured");
        this.output = output;
        return this;
    }

    /**
     * Limits how long each task may run, from the moment it starts on a worker: a task still running then fails
     * with a {@link TaskFailedException} whose {@link TaskFailedException#timedOut()} is {@code true} and whose cause
     * is a {@link java.util.concurrent.TimeoutException}, and its worker is killed and replaced (a JVM cannot stop
     * a task's thread safely otherwise). The tasks queued behind it on that worker go to another, and other tasks
     * are unaffected. A chunk of a {@code map} or {@code imap} is one task. {@link ProcessPool#submit(Task, Duration)}
     * sets a limit for one task. By default tasks run as long as they take.
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws NullPointerException if {@code timeout} is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public ProcessPoolBuilder taskTimeout(Duration timeout) {
        this.taskTimeout = Durations.requirePositive(timeout, "taskTimeout");
        return this;
    }

    /**
     * Runs a task once in each worker before its first task, replacements included: Python's {@code initializer}.
     * Load a model or open a connection once per worker JVM, in a static field the tasks then read; arguments are
     * what the lambda captures ({@code initargs}). A worker takes no task before its initializer has finished.
     *
     * <p>If the initializer throws (or its worker dies while running it), that worker is replaced, and the task it was
     * to run first, if one was waiting, fails with a {@link TaskFailedException} whose cause is the initializer's
     * exception. Three such failures in a row, with no task answered between them, break the pool, as workers that
     * cannot start do: the waiting tasks fail and further submissions are refused, naming the initializer's
     * exception. The initializer is serialized now, so one that cannot be is refused before any worker starts.
     *
     * @param initializer the task; it and what it captures must be serializable
     * @return this builder
     * @throws NullPointerException if {@code initializer} is {@code null}
     * @throws IllegalArgumentException if the initializer cannot be serialized (the message names what it captured)
     */
    public ProcessPoolBuilder initializer(VoidTask initializer) {
        ValueCodec.encodeTask(requireNonNull(initializer, "initializer"));
        this.initializer = initializer;
        return this;
    }

    /**
     * Makes {@link ProcessPool#map} and {@link ProcessPool#invokeAll} stop at the first failure, as Python's
     * {@code Pool.map} and joblib do: as soon as one chunk fails, the chunks still waiting are dropped and those
     * running are stopped (their workers killed and replaced), and {@code map} throws a {@link LaunchException} with
     * that failure and the results of the chunks that had succeeded; the items stopped count in
     * {@link LaunchException#stopped()}. {@code invokeAll} stops the same way and returns at the first failure, the
     * futures of the tasks it stopped cancelled. By default both wait for every task and {@code map} reports every
     * failure. The streams of {@code imap} stop at a failure whatever this says, and the futures of {@code submit}
     * are independent of each other.
     *
     * @param failFast whether the first failure stops the rest of a {@code map} or an {@code invokeAll}
     * @return this builder
     */
    public ProcessPoolBuilder failFast(boolean failFast) {
        this.failFast = failFast;
        return this;
    }

    /**
     * Sets a variable in each worker's environment, over the one it would inherit from this JVM, as
     * {@link LaunchOptionsBuilder#environment(String, String)} does for launches.
     *
     * @param name the variable's name: not blank, without {@code '='} or a NUL character
     * @param value its value, without a NUL character; may be empty
     * @return this builder
     * @throws NullPointerException if {@code name} or {@code value} is {@code null}
     * @throws IllegalArgumentException if the name or the value cannot be an environment variable's
     */
    public ProcessPoolBuilder environment(String name, String value) {
        LaunchOptionsBuilder.putVariable(environment, name, value);
        return this;
    }

    /**
     * Sets each worker's working directory, as {@link LaunchOptionsBuilder#workingDirectory(Path)} does for launches.
     *
     * @param directory an existing directory, made absolute now
     * @return this builder
     * @throws NullPointerException if {@code directory} is {@code null}
     * @throws IllegalArgumentException if it is not an existing directory
     */
    public ProcessPoolBuilder workingDirectory(Path directory) {
        this.workingDirectory = LaunchOptionsBuilder.checkDirectory(directory);
        return this;
    }

    /**
     * Starts the pool's workers and returns the pool. The pool keeps the settings as they are now: changing this
     * builder afterwards changes no pool built from it.
     *
     * @return a running pool
     * @throws IllegalArgumentException if the system property {@code multiprocess4j.serialFilter} is set to a
     *     malformed pattern
     * @throws IllegalStateException if a worker JVM could not load this library, or the initializer's class (see
     *     {@link Launch}); then none is started
     * @throws java.io.UncheckedIOException if a worker JVM cannot be started
     */
    public ProcessPool build() {
        return new ProcessPool(new PoolSettings(workers, jvmArgs, maxTasksPerWorker, idleTimeout, name, output,
                taskTimeout, initializer, failFast, environment, workingDirectory));
    }
}
