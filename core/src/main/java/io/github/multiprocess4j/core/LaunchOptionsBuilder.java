package io.github.multiprocess4j.core;

import static io.github.multiprocess4j.core.Checks.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Builds {@link LaunchOptions}; get one from {@link Launch#options()}. Not thread-safe: build on one thread,
 * then share the immutable result.
 */
public final class LaunchOptionsBuilder {

    private final List<String> jvmArgs = new ArrayList<>();
    private Duration timeout;
    private Output output = Output.INHERIT;
    private String name;
    private boolean failFast;

    LaunchOptionsBuilder() {
    }

    LaunchOptionsBuilder(LaunchOptions options) {
        jvmArgs.addAll(options.jvmArgs());
        timeout = options.timeout().orElse(null);
        output = options.output();
        name = options.name().orElse(null);
        failFast = options.failFast();
    }

    /**
     * Adds arguments for each child JVM, such as {@code -Xmx64m}; they are placed before the class path.
     *
     * @param args the arguments, none of them {@code null} or blank
     * @return this builder
     * @throws NullPointerException if {@code args} or one of them is {@code null}
     * @throws IllegalArgumentException if an argument is blank
     */
    public LaunchOptionsBuilder jvmArgs(String... args) {
        return jvmArgs(Arrays.asList(requireNonNull(args, "args")));
    }

    /**
     * Adds arguments for each child JVM, such as {@code -Xmx64m}; they are placed before the class path.
     *
     * @param args the arguments, none of them {@code null} or blank
     * @return this builder
     * @throws NullPointerException if {@code args} or one of them is {@code null}
     * @throws IllegalArgumentException if an argument is blank
     */
    public LaunchOptionsBuilder jvmArgs(Collection<String> args) {
        jvmArgs.addAll(checkJvmArgs(args));
        return this;
    }

    /** Refuses a {@code null} list, or a {@code null} or blank argument in it. */
    static Collection<String> checkJvmArgs(Collection<String> args) {
        requireNonNull(args, "args");
        for (String arg : args) {
            requireNonNull(arg, "a JVM argument is null");
            checkArgument(!arg.isBlank(), "a JVM argument is blank: %s", args);
        }
        return args;
    }

    /**
     * Limits how long each worker may run; see {@link LaunchOptions#timeout()}.
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws NullPointerException if {@code timeout} is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public LaunchOptionsBuilder timeout(Duration timeout) {
        requireNonNull(timeout, "timeout");
        checkArgument(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive, got %s", timeout);
        this.timeout = timeout;
        return this;
    }

    /**
     * Sets what happens to a child JVM's standard output and error; the default is {@link Output#INHERIT}.
     *
     * @param output the output handling
     * @return this builder
     * @throws NullPointerException if {@code output} is {@code null}
     */
    public LaunchOptionsBuilder output(Output output) {
        this.output = requireNonNull(output, "output");
        return this;
    }

    /**
     * Sets the base of the workers' names: worker {@code i} is called {@code name-i}.
     *
     * @param name a non-blank name
     * @return this builder
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public LaunchOptionsBuilder name(String name) {
        requireNonNull(name, "name");
        checkArgument(!name.isBlank(), "name must not be blank");
        this.name = name;
        return this;
    }

    /**
     * Makes a launch of several workers stop at the first failure, as joblib does; see {@link LaunchOptions#failFast()}.
     * By default a launch waits for every worker and reports every failure.
     *
     * @param failFast whether the first failure stops the other workers
     * @return this builder
     */
    public LaunchOptionsBuilder failFast(boolean failFast) {
        this.failFast = failFast;
        return this;
    }

    /**
     * Builds the options.
     *
     * @return immutable options holding what was set so far
     */
    public LaunchOptions build() {
        return new LaunchOptions(jvmArgs, timeout, output, name, failFast);
    }
}
