package io.github.multiprocess4j.core;

import static io.github.multiprocess4j.core.Checks.checkArgument;
import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Path workingDirectory;

    LaunchOptionsBuilder() {
    }

    LaunchOptionsBuilder(LaunchOptions options) {
        jvmArgs.addAll(options.jvmArgs());
        timeout = options.timeout().orElse(null);
        output = options.output();
        name = options.name().orElse(null);
        failFast = options.failFast();
        environment.putAll(options.environment());
        workingDirectory = options.workingDirectory().orElse(null);
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
     * Makes a launch of several workers stop at the first failure, as joblib does; see
     * {@link LaunchOptions#failFast()}.
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
     * Sets a variable in each child JVM's environment, over the one it would inherit from this JVM; threads ignore
     * it. Setting a name again replaces its value.
     *
     * @param name the variable's name: not blank, without {@code '='} or a NUL character
     * @param value its value, without a NUL character; may be empty
     * @return this builder
     * @throws NullPointerException if {@code name} or {@code value} is {@code null}
     * @throws IllegalArgumentException if the name or the value cannot be an environment variable's
     */
    public LaunchOptionsBuilder environment(String name, String value) {
        putVariable(environment, name, value);
        return this;
    }

    /**
     * Sets each child JVM's working directory; threads ignore it. By default children work in this JVM's working
     * directory. The class path is given to children as absolute paths, so they find their classes from anywhere;
     * a relative path in a JVM argument is resolved against the new directory.
     *
     * @param directory an existing directory, made absolute now
     * @return this builder
     * @throws NullPointerException if {@code directory} is {@code null}
     * @throws IllegalArgumentException if it is not an existing directory
     */
    public LaunchOptionsBuilder workingDirectory(Path directory) {
        this.workingDirectory = checkDirectory(directory);
        return this;
    }

    /** Checks and sets an environment variable for children; shared with {@link ProcessPoolBuilder}. */
    static void putVariable(Map<String, String> environment, String name, String value) {
        requireNonNull(name, "name");
        requireNonNull(value, "value");
        checkArgument(!name.isBlank() && name.indexOf('=') < 0 && name.indexOf('\0') < 0,
                "an environment variable's name must not be blank or hold '=' or NUL, got '%s'", name);
        checkArgument(value.indexOf('\0') < 0, "the value of environment variable %s holds a NUL character", name);
        environment.put(name, value);
    }

    /** Checks a working directory for children; shared with {@link ProcessPoolBuilder}. */
    static Path checkDirectory(Path directory) {
        requireNonNull(directory, "directory");
        Path absolute = directory.toAbsolutePath();
        checkArgument(Files.isDirectory(absolute), "the working directory must be an existing directory, got %s",
                absolute);
        return absolute;
    }

    /**
     * Builds the options.
     *
     * @return immutable options holding what was set so far
     */
    public LaunchOptions build() {
        return new LaunchOptions(jvmArgs, timeout, output, name, failFast, environment, workingDirectory);
    }
}
