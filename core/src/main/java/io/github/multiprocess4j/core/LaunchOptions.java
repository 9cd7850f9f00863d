package io.github.multiprocess4j.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How tasks are launched: extra JVM arguments, environment variables and a working directory for child processes, a
 * time limit, what happens to a child's output, a name for the workers, and whether the first failure stops the rest.
 * Immutable and thread-safe; build one with {@link Launch#options()}.
 *
 * <pre>{@code
 * LaunchOptions options = Launch.options().jvmArgs("-Xmx64m").timeout(Duration.ofSeconds(10)).build();
 * List<Long> pids = Launch.processes(5, () -> ProcessHandle.current().pid(), options);
 * }</pre>
 */
public final class LaunchOptions {

    private static final LaunchOptions DEFAULTS = new LaunchOptionsBuilder().build();

    private final List<String> jvmArgs;
    private final Duration timeout;
    private final Output output;
    private final String name;
    private final boolean failFast;
    private final Map<String, String> environment;
    private final Path workingDirectory;

    LaunchOptions(List<String> jvmArgs, Duration timeout, Output output, String name, boolean failFast,
            Map<String, String> environment, Path workingDirectory) {
        this.jvmArgs = List.copyOf(jvmArgs);
        this.timeout = timeout;
        this.output = output;
        this.name = name;
        this.failFast = failFast;
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        this.workingDirectory = workingDirectory;
    }

    /**
     * The options used when none are given: no extra JVM arguments, no time limit, output inherited and the
     * default names ({@code process-0}, {@code thread-0}, ...).
     *
     * @return the default options
     */
    public static LaunchOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Extra arguments for each child JVM, placed before the class path (for example {@code -Xmx64m} or
     * {@code -Dkey=value}); threads ignore them.
     *
     * @return the arguments, never {@code null}
     */
    public List<String> jvmArgs() {
        return jvmArgs;
    }

    /**
     * How long each worker may run. A child JVM still running when it expires is killed; a thread is
     * interrupted (a thread that ignores interruption cannot be stopped, only abandoned). Either way the worker
     * fails with a {@link TaskFailedException} that says it timed out.
     *
     * @return the limit, or empty for none
     */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /**
     * What happens to a child JVM's standard output and error.
     *
     * @return the output handling, never {@code null}
     */
    public Output output() {
        return output;
    }

    /**
     * The base of the workers' names: worker {@code i} of a launch is called {@code name-i}.
     *
     * @return the base name, or empty for the default ({@code process} or {@code thread})
     */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /**
     * Whether {@code threads(n, task)} and {@code processes(n, task)} stop at the first failure: as soon as one
     * worker fails, the others still running are stopped (a child JVM is killed and waited for; a thread is
     * interrupted, and one that ignores it is abandoned) and the launch throws a {@link LaunchException} holding
     * that failure (and any that came at the same moment) and the results of the workers that had succeeded; the
     * workers it stopped count in {@link LaunchException#stopped()}, not as failures. Single workers
     * ({@code thread(task)}, {@code process(task)}) are not affected.
     *
     * @return {@code true} to stop at the first failure, {@code false} (the default) to wait for every worker
     */
    public boolean failFast() {
        return failFast;
    }

    /**
     * Variables set in each child JVM's environment, over those it inherits from this JVM.
     *
     * @return the variables by name, unmodifiable; empty by default
     */
    public Map<String, String> environment() {
        return environment;
    }

    /**
     * Each child JVM's working directory.
     *
     * @return the absolute directory, or empty for this JVM's own (the default)
     */
    public Optional<Path> workingDirectory() {
        return Optional.ofNullable(workingDirectory);
    }

    /**
     * A builder that starts from these options.
     *
     * @return a new builder holding a copy of these options
     */
    public LaunchOptionsBuilder toBuilder() {
        return new LaunchOptionsBuilder(this);
    }

    @Override
    public String toString() {
        return "LaunchOptions{jvmArgs=" + jvmArgs + ", timeout=" + timeout + ", output=" + output
                + ", name=" + name + ", failFast=" + failFast + ", environment=" + environment.keySet()
                + ", workingDirectory=" + workingDirectory + '}';
    }
}
