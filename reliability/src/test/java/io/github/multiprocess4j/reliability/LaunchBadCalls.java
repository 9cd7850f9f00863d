package io.github.multiprocess4j.reliability;

import static io.github.multiprocess4j.reliability.BadArguments.HUGE;
import static io.github.multiprocess4j.reliability.BadArguments.NEGATIVE;

import io.github.multiprocess4j.core.IndexedTask;
import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.LaunchOptions;
import io.github.multiprocess4j.core.LaunchOptionsBuilder;
import io.github.multiprocess4j.core.Task;
import io.github.multiprocess4j.core.VoidTask;
import io.github.multiprocess4j.core.Worker;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * {@link Launch}'s methods, those of the launcher {@code Launch.with(options)} returns, and
 * {@link LaunchOptionsBuilder}'s: counts out of range and null tasks or options are refused before any thread or
 * process starts.
 */
@SuppressWarnings("ReturnValueIgnored") // every call is made for what it throws or accepts, not for its value
final class LaunchBadCalls implements BadCallCatalog {

    /** One of the methods that launch {@code n} copies; those without options ignore {@code options}. */
    @FunctionalInterface
    private interface CountedLaunch {
        void launch(int n, Object task, LaunchOptions options) throws Exception;
    }

    /** One of the methods that start one worker; those without options ignore {@code options}. */
    @FunctionalInterface
    private interface SingleLaunch {
        void launch(Object task, LaunchOptions options) throws Exception;
    }

    private static final Task<Integer> TASK = () -> 1;
    private static final VoidTask VOID_TASK = () -> { };
    private static final IndexedTask<Integer> INDEXED_TASK = index -> index;
    private static final LaunchOptions DEFAULTS = LaunchOptions.defaults();

    @Override
    public List<BadCall> calls() {
        List<BadCall> calls = new ArrayList<>();
        counted(calls, "Launch.threads(int, Task)", TASK, (n, task, options) -> Launch.threads(n, (Task<?>) task));
        counted(calls, "Launch.threads(int, VoidTask)", VOID_TASK,
                (n, task, options) -> Launch.threads(n, (VoidTask) task));
        counted(calls, "Launch.threads(int, IndexedTask)", INDEXED_TASK,
                (n, task, options) -> Launch.threads(n, (IndexedTask<?>) task));
        counted(calls, "Launch.processes(int, Task)", TASK, (n, task, options) -> Launch.processes(n, (Task<?>) task));
        counted(calls, "Launch.processes(int, VoidTask)", VOID_TASK,
                (n, task, options) -> Launch.processes(n, (VoidTask) task));
        counted(calls, "Launch.processes(int, IndexedTask)", INDEXED_TASK,
                (n, task, options) -> Launch.processes(n, (IndexedTask<?>) task));
        counted(calls, "Launcher.threads(int, Task)", TASK,
                (n, task, options) -> Launch.with(options).threads(n, (Task<?>) task));
        counted(calls, "Launcher.threads(int, VoidTask)", VOID_TASK,
                (n, task, options) -> Launch.with(options).threads(n, (VoidTask) task));
        counted(calls, "Launcher.threads(int, IndexedTask)", INDEXED_TASK,
                (n, task, options) -> Launch.with(options).threads(n, (IndexedTask<?>) task));
        counted(calls, "Launcher.processes(int, Task)", TASK,
                (n, task, options) -> Launch.with(options).processes(n, (Task<?>) task));
        counted(calls, "Launcher.processes(int, VoidTask)", VOID_TASK,
                (n, task, options) -> Launch.with(options).processes(n, (VoidTask) task));
        counted(calls, "Launcher.processes(int, IndexedTask)", INDEXED_TASK,
                (n, task, options) -> Launch.with(options).processes(n, (IndexedTask<?>) task));
        single(calls, "Launch.thread(Task)", (task, options) -> Launch.thread((Task<?>) task));
        single(calls, "Launch.thread(VoidTask)", (task, options) -> Launch.thread((VoidTask) task));
        single(calls, "Launch.process(Task)", (task, options) -> Launch.process((Task<?>) task));
        single(calls, "Launch.process(VoidTask)", (task, options) -> Launch.process((VoidTask) task));
        single(calls, "Launcher.thread(Task)", (task, options) -> Launch.with(options).thread((Task<?>) task));
        single(calls, "Launcher.thread(VoidTask)", (task, options) -> Launch.with(options).thread((VoidTask) task));
        single(calls, "Launcher.process(Task)", (task, options) -> Launch.with(options).process((Task<?>) task));
        single(calls, "Launcher.process(VoidTask)", (task, options) -> Launch.with(options).process((VoidTask) task));
        calls.add(BadCall.withNull("Launch.with(LaunchOptions)", "options", () -> Launch.with(null)));
        options(calls);
        awaitAny(calls);
        childSettings(calls, "LaunchOptionsBuilder", variable -> Launch.options().environment(variable[0], variable[1]),
                directory -> Launch.options().workingDirectory(directory));
        return calls;
    }

    /** Children's environment and working directory, for launches ({@code launch}) and pools ({@code pool}). */
    static void childSettings(List<BadCall> calls, String type, Function<String[], Object> environment,
            Function<Path, Object> directory) {
        String variable = type + ".environment(String, String)";
        calls.add(BadCall.withNull(variable, "name", () -> environment.apply(new String[] {null, "v"})));
        calls.add(BadCall.withNull(variable, "value", () -> environment.apply(new String[] {"NAME", null})));
        for (String badName : new String[] {"", " ", "A=B", "A\0B"}) {
            calls.add(BadCall.of(variable, "the name '" + badName + "'", () -> environment.apply(
                    new String[] {badName, "v"}))
                    .refused(IllegalArgumentException.class, "an environment variable's name must not be blank"));
        }
        calls.add(BadCall.of(variable, "a value with a NUL", () -> environment.apply(new String[] {"NAME", "a\0b"}))
                .refused(IllegalArgumentException.class, "holds a NUL character"));
        calls.add(BadCall.of(variable, "an empty value", () -> environment.apply(new String[] {"NAME", ""}) != null)
                .accepted("set", Boolean.TRUE::equals));
        String workingDirectory = type + ".workingDirectory(Path)";
        calls.add(BadCall.withNull(workingDirectory, "directory", () -> directory.apply(null)));
        Path missing = Paths.get(System.getProperty("java.io.tmpdir"), "multiprocess4j-no-such-directory");
        calls.add(BadCall.of(workingDirectory, "a directory that does not exist", () -> directory.apply(missing))
                .refused(IllegalArgumentException.class, "must be an existing directory", missing.toString()));
    }

    private static void awaitAny(List<BadCall> calls) {
        String awaitAny = "Launch.awaitAny(Collection, Duration)";
        Worker<Integer> done = Launch.thread(() -> 1);
        calls.add(BadCall.withNull(awaitAny, "workers", () -> Launch.awaitAny(null, Duration.ZERO)));
        calls.add(BadCall.withNull(awaitAny, "timeout", () -> Launch.awaitAny(List.of(done), null)));
        calls.add(BadCall.of(awaitAny, "a null worker among them",
                () -> Launch.awaitAny(Arrays.asList(done, null), Duration.ZERO))
                .refused(NullPointerException.class, "a worker is null"));
        calls.add(BadCall.of(awaitAny, "no worker", () -> Launch.awaitAny(List.<Worker<?>>of(), Duration.ZERO))
                .refused(IllegalArgumentException.class, "awaitAny needs at least one worker"));
        calls.add(BadCall.of(awaitAny, "a negative timeout", () -> Launch.awaitAny(List.of(done), NEGATIVE))
                .refused(IllegalArgumentException.class, "timeout must not be negative, got " + NEGATIVE));
        calls.add(BadCall.of(awaitAny, "a huge timeout, for a worker that finishes",
                () -> Launch.awaitAny(List.of(done), HUGE).size())
                .accepted("the worker", Integer.valueOf(1)::equals));
    }

    private static void counted(List<BadCall> calls, String entryPoint, Object task, CountedLaunch launch) {
        OutOfRange.refused(calls, entryPoint, "n", n -> launch.launch(n, task, DEFAULTS), "n must be at least 1",
                0, -1);
        OutOfRange.refused(calls, entryPoint, "n", n -> launch.launch(n, task, DEFAULTS),
                "n must be at most " + Launch.MAX_WORKERS, Launch.MAX_WORKERS + 1, Integer.MAX_VALUE);
        calls.add(BadCall.withNull(entryPoint, "task", () -> launch.launch(1, null, DEFAULTS)));
    }

    private static void single(List<BadCall> calls, String entryPoint, SingleLaunch launch) {
        calls.add(BadCall.withNull(entryPoint, "task", () -> launch.launch(null, DEFAULTS)));
    }

    private static void options(List<BadCall> calls) {
        String jvmArgs = "LaunchOptionsBuilder.jvmArgs(String[])";
        calls.add(BadCall.withNull(jvmArgs, "args", () -> Launch.options().jvmArgs((String[]) null)));
        calls.add(BadCall.of(jvmArgs, "a null argument", () -> Launch.options().jvmArgs("-Xmx64m", null))
                .refused(NullPointerException.class, "a JVM argument is null"));
        calls.add(BadCall.of(jvmArgs, "a blank argument", () -> Launch.options().jvmArgs(" "))
                .refused(IllegalArgumentException.class, "a JVM argument is blank"));
        String jvmArgList = "LaunchOptionsBuilder.jvmArgs(Collection)";
        calls.add(BadCall.withNull(jvmArgList, "args", () -> Launch.options().jvmArgs((List<String>) null)));
        calls.add(BadCall.of(jvmArgList, "a null argument",
                () -> Launch.options().jvmArgs(Arrays.asList("-Xmx64m", null)))
                .refused(NullPointerException.class, "a JVM argument is null"));

        String timeout = "LaunchOptionsBuilder.timeout(Duration)";
        calls.add(BadCall.withNull(timeout, "timeout", () -> Launch.options().timeout(null)));
        for (Duration notPositive : new Duration[] {Duration.ZERO, NEGATIVE}) {
            calls.add(BadCall.of(timeout, notPositive.toString(), () -> Launch.options().timeout(notPositive))
                    .refused(IllegalArgumentException.class, "timeout must be positive, got " + notPositive));
        }
        calls.add(BadCall.of(timeout, "a huge timeout, for a thread that then runs",
                () -> Launch.with(Launch.options().timeout(HUGE).build()).thread(() -> 7).result())
                .accepted("the task's result", result -> Integer.valueOf(7).equals(result)));

        calls.add(BadCall.withNull("LaunchOptionsBuilder.output(Output)", "output",
                () -> Launch.options().output(null)));
        String name = "LaunchOptionsBuilder.name(String)";
        calls.add(BadCall.withNull(name, "name", () -> Launch.options().name(null)));
        calls.add(BadCall.of(name, "a blank name", () -> Launch.options().name(" \t"))
                .refused(IllegalArgumentException.class, "name must not be blank"));
        String longName = "worker/" + "n".repeat(10_000);
        calls.add(BadCall.of(name, "a 10,007-character name with a '/' (it names threads only)",
                () -> Launch.options().name(longName).build().name().orElseThrow())
                .accepted("the name", longName::equals));
    }

    @Override
    public void close() {
        // every call makes and drops its own objects
    }
}
