package io.github.multiprocess4j.reliability;

import static io.github.multiprocess4j.reliability.BadArguments.HUGE;
import static io.github.multiprocess4j.reliability.BadArguments.NEGATIVE;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.MapTask;
import io.github.multiprocess4j.core.Output;
import io.github.multiprocess4j.core.ProcessPool;
import io.github.multiprocess4j.core.ProcessPoolBuilder;
import io.github.multiprocess4j.core.Task;
import io.github.multiprocess4j.core.VoidTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@link ProcessPool} and {@link ProcessPoolBuilder}: sizes out of range are refused before any worker starts, and
 * a running pool refuses null tasks and bad timeouts without running anything.
 */
@SuppressWarnings("ReturnValueIgnored") // every call is made for what it throws or accepts, not for its value
final class ProcessPoolBadCalls implements BadCallCatalog {

    private static final List<Integer> ITEMS = List.of(1, 2, 3);
    private static final MapTask<Integer, Integer> DOUBLE = item -> 2 * item;
    private static final Task<Integer> TASK = () -> 7;

    /** A pool of one worker, running. */
    private final Fixture<ProcessPool> running = Fixture.closing(() -> ProcessPool.create(1));
    /** A pool that has been closed: it has terminated. */
    private final Fixture<ProcessPool> terminated = Fixture.closing(() -> {
        ProcessPool pool = ProcessPool.create(1);
        pool.close();
        return pool;
    });

    @Override
    public List<BadCall> calls() {
        List<BadCall> calls = new ArrayList<>();
        sizes(calls);
        builder(calls);
        submitting(calls);
        waiting(calls);
        return calls;
    }

    private static void sizes(List<BadCall> calls) {
        String tooFew = "a pool needs at least 1 worker";
        String tooMany = "a pool has at most " + Launch.MAX_WORKERS + " workers";
        int[] tooManyWorkers = {Launch.MAX_WORKERS + 1, Integer.MAX_VALUE};
        OutOfRange.refused(calls, "ProcessPool.create(int)", "workers", ProcessPool::create, tooFew, 0, -1);
        OutOfRange.refused(calls, "ProcessPool.create(int)", "workers", ProcessPool::create, tooMany, tooManyWorkers);
        OutOfRange.refused(calls, "ProcessPool.builder(int)", "workers", ProcessPool::builder, tooFew, 0, -1);
        OutOfRange.refused(calls, "ProcessPool.builder(int)", "workers", ProcessPool::builder, tooMany,
                tooManyWorkers);
    }

    private static void builder(List<BadCall> calls) {
        String jvmArgs = "ProcessPoolBuilder.jvmArgs(String[])";
        calls.add(BadCall.withNull(jvmArgs, "args", () -> ProcessPool.builder(1).jvmArgs((String[]) null)));
        calls.add(BadCall.of(jvmArgs, "a null argument", () -> ProcessPool.builder(1).jvmArgs("-Xmx64m", null))
                .refused(NullPointerException.class, "a JVM argument is null"));
        calls.add(BadCall.of(jvmArgs, "a blank argument", () -> ProcessPool.builder(1).jvmArgs(""))
                .refused(IllegalArgumentException.class, "a JVM argument is blank"));

        OutOfRange.refused(calls, "ProcessPoolBuilder.maxTasksPerWorker(int)", "tasks",
                tasks -> ProcessPool.builder(1).maxTasksPerWorker(tasks), "maxTasksPerWorker must be at least 1",
                0, -1);

        positiveTimeout(calls, "idleTimeout", (builder, timeout) -> builder.idleTimeout(timeout));
        positiveTimeout(calls, "taskTimeout", (builder, timeout) -> builder.taskTimeout(timeout));

        String initializer = "ProcessPoolBuilder.initializer(VoidTask)";
        calls.add(BadCall.withNull(initializer, "initializer", () -> ProcessPool.builder(1).initializer(null)));
        Object notSerializable = new Object();
        calls.add(BadCall.of(initializer, "an initializer that captures what cannot be serialized",
                () -> ProcessPool.builder(1).initializer(() -> System.out.println(notSerializable)))
                .refused(IllegalArgumentException.class, "java.lang.Object"));

        LaunchBadCalls.childSettings(calls, "ProcessPoolBuilder",
                variable -> ProcessPool.builder(1).environment(variable[0], variable[1]),
                directory -> ProcessPool.builder(1).workingDirectory(directory));

        String name = "ProcessPoolBuilder.name(String)";
        calls.add(BadCall.withNull(name, "name", () -> ProcessPool.builder(1).name(null)));
        calls.add(BadCall.of(name, "a blank name", () -> ProcessPool.builder(1).name(""))
                .refused(IllegalArgumentException.class, "name must not be blank"));
        String output = "ProcessPoolBuilder.output(Output)";
        calls.add(BadCall.withNull(output, "output", () -> ProcessPool.builder(1).output(null)));
        calls.add(BadCall.of(output, "CAPTURE", () -> ProcessPool.builder(1).output(Output.CAPTURE))
                .refused(IllegalArgumentException.class, "not captured"));
    }

    /** A builder's timeout that must be positive: refused when null, zero or negative; a huge one works. */
    private static void positiveTimeout(List<BadCall> calls, String setting,
            BiFunction<ProcessPoolBuilder, Duration, ProcessPoolBuilder> set) {
        String entryPoint = "ProcessPoolBuilder." + setting + "(Duration)";
        calls.add(BadCall.withNull(entryPoint, "timeout", () -> set.apply(ProcessPool.builder(1), null)));
        for (Duration notPositive : new Duration[] {Duration.ZERO, NEGATIVE}) {
            calls.add(BadCall.of(entryPoint, notPositive.toString(),
                    () -> set.apply(ProcessPool.builder(1), notPositive))
                    .refused(IllegalArgumentException.class, setting + " must be positive, got " + notPositive));
        }
        calls.add(BadCall.of(entryPoint, "a huge timeout, for a pool that then runs a task", () -> {
            try (ProcessPool pool = set.apply(ProcessPool.builder(1), HUGE).build()) {
                return pool.submit(TASK).get();
            }
        }).accepted("the task's result", Integer.valueOf(7)::equals));
    }

    private void submitting(List<BadCall> calls) {
        calls.add(BadCall.withNull("ProcessPool.submit(Task)", "task", () -> running.value().submit((Task<?>) null)));
        calls.add(BadCall.withNull("ProcessPool.submit(VoidTask)", "task",
                () -> running.value().submit((VoidTask) null)));

        String timed = "ProcessPool.submit(Task, Duration)";
        calls.add(BadCall.withNull(timed, "task", () -> running.value().submit((Task<?>) null, Duration.ofSeconds(1))));
        calls.add(BadCall.withNull(timed, "timeout", () -> running.value().submit(TASK, null)));
        String timedVoid = "ProcessPool.submit(VoidTask, Duration)";
        calls.add(BadCall.withNull(timedVoid, "task",
                () -> running.value().submit((VoidTask) null, Duration.ofSeconds(1))));
        calls.add(BadCall.withNull(timedVoid, "timeout", () -> running.value().submit(() -> { }, null)));
        for (Duration notPositive : new Duration[] {Duration.ZERO, NEGATIVE}) {
            calls.add(BadCall.of(timed, notPositive.toString(), () -> running.value().submit(TASK, notPositive))
                    .refused(IllegalArgumentException.class, "timeout must be positive, got " + notPositive));
            calls.add(BadCall.of(timedVoid, notPositive.toString(),
                    () -> running.value().submit(() -> { }, notPositive))
                    .refused(IllegalArgumentException.class, "timeout must be positive, got " + notPositive));
        }
        calls.add(BadCall.of(timed, "a huge timeout", () -> running.value().submit(TASK, HUGE).get())
                .accepted("the task's result", Integer.valueOf(7)::equals));

        calls.add(BadCall.withNull("ProcessPool.map(Iterable, MapTask)", "items",
                () -> running.value().map(null, DOUBLE)));
        calls.add(BadCall.withNull("ProcessPool.map(Iterable, MapTask)", "function",
                () -> running.value().map(ITEMS, null)));
        String chunked = "ProcessPool.map(Iterable, MapTask, int)";
        calls.add(BadCall.withNull(chunked, "items", () -> running.value().map(null, DOUBLE, 1)));
        calls.add(BadCall.withNull(chunked, "function", () -> running.value().map(ITEMS, null, 1)));
        OutOfRange.refused(calls, chunked, "chunkSize", chunkSize -> running.value().map(ITEMS, DOUBLE, chunkSize),
                "chunkSize must be at least 1", 0, -1);
        calls.add(BadCall.of(chunked, "chunkSize Integer.MAX_VALUE",
                () -> running.value().map(ITEMS, DOUBLE, Integer.MAX_VALUE))
                .accepted("the items doubled, in one chunk", List.of(2, 4, 6)::equals));

        streaming(calls);

        String invokeAll = "ProcessPool.invokeAll(Collection)";
        calls.add(BadCall.withNull(invokeAll, "tasks", () -> running.value().invokeAll(null)));
        calls.add(BadCall.of(invokeAll, "a null task among them",
                () -> running.value().invokeAll(Arrays.asList(TASK, null)))
                .refused(NullPointerException.class, "task"));
        String invokeAny = "ProcessPool.invokeAny(Collection)";
        calls.add(BadCall.withNull(invokeAny, "tasks", () -> running.value().invokeAny(null)));
        calls.add(BadCall.of(invokeAny, "no task", () -> running.value().invokeAny(List.<Task<Integer>>of()))
                .refused(IllegalArgumentException.class, "invokeAny needs at least one task"));
        calls.add(BadCall.of(invokeAny, "a null task among them",
                () -> running.value().invokeAny(Arrays.asList(TASK, null)))
                .refused(NullPointerException.class, "task"));
    }

    private void streaming(List<BadCall> calls) {
        String imap = "ProcessPool.imap(Iterable, MapTask)";
        calls.add(BadCall.withNull(imap, "items", () -> running.value().imap(null, DOUBLE)));
        calls.add(BadCall.withNull(imap, "function", () -> running.value().imap(ITEMS, null)));
        String imapChunked = "ProcessPool.imap(Iterable, MapTask, int)";
        calls.add(BadCall.withNull(imapChunked, "items", () -> running.value().imap(null, DOUBLE, 2)));
        calls.add(BadCall.withNull(imapChunked, "function", () -> running.value().imap(ITEMS, null, 2)));
        OutOfRange.refused(calls, imapChunked, "chunkSize", chunkSize -> running.value().imap(ITEMS, DOUBLE, chunkSize),
                "chunkSize must be at least 1", 0, -1);
        calls.add(BadCall.of(imapChunked, "chunkSize Integer.MAX_VALUE", () -> {
            try (Stream<Integer> results = running.value().imap(ITEMS, DOUBLE, Integer.MAX_VALUE)) {
                return results.collect(Collectors.toList());
            }
        }).accepted("the items doubled, in one chunk", List.of(2, 4, 6)::equals));

        String unordered = "ProcessPool.imapUnordered(Iterable, MapTask)";
        calls.add(BadCall.withNull(unordered, "items", () -> running.value().imapUnordered(null, DOUBLE)));
        calls.add(BadCall.withNull(unordered, "function", () -> running.value().imapUnordered(ITEMS, null)));
        String unorderedChunked = "ProcessPool.imapUnordered(Iterable, MapTask, int)";
        calls.add(BadCall.withNull(unorderedChunked, "items", () -> running.value().imapUnordered(null, DOUBLE, 2)));
        calls.add(BadCall.withNull(unorderedChunked, "function",
                () -> running.value().imapUnordered(ITEMS, null, 2)));
        OutOfRange.refused(calls, unorderedChunked, "chunkSize",
                chunkSize -> running.value().imapUnordered(ITEMS, DOUBLE, chunkSize), "chunkSize must be at least 1",
                0, -1);

        String asCompleted = "ProcessPool.asCompleted(Collection)";
        calls.add(BadCall.withNull(asCompleted, "futures", () -> ProcessPool.asCompleted(null)));
        calls.add(BadCall.of(asCompleted, "a null future among them",
                () -> ProcessPool.asCompleted(Arrays.asList(CompletableFuture.completedFuture(1), null)))
                .refused(NullPointerException.class, "a future is null"));
        calls.add(BadCall.of(asCompleted, "no future", () -> ProcessPool.asCompleted(List.of()).count())
                .accepted("an empty stream", Long.valueOf(0)::equals));
    }

    private void waiting(List<BadCall> calls) {
        String awaitDuration = "ProcessPool.awaitTermination(Duration)";
        calls.add(BadCall.withNull(awaitDuration, "timeout", () -> running.value().awaitTermination(null)));
        calls.add(BadCall.of(awaitDuration, "a negative timeout", () -> running.value().awaitTermination(NEGATIVE))
                .refused(IllegalArgumentException.class, "timeout must not be negative, got " + NEGATIVE));
        calls.add(BadCall.of(awaitDuration, "a zero timeout", () -> running.value().awaitTermination(Duration.ZERO))
                .accepted("not terminated", Boolean.FALSE::equals));
        calls.add(BadCall.of(awaitDuration, "a huge timeout, once terminated",
                () -> terminated.value().awaitTermination(HUGE))
                .accepted("terminated", Boolean.TRUE::equals));

        String awaitUnits = "ProcessPool.awaitTermination(long, TimeUnit)";
        calls.add(BadCall.withNull(awaitUnits, "unit", () -> running.value().awaitTermination(1, null)));
        calls.add(BadCall.of(awaitUnits, "a negative timeout (does not wait, as ExecutorService's)",
                () -> running.value().awaitTermination(-1, TimeUnit.SECONDS))
                .accepted("not terminated", Boolean.FALSE::equals));
        calls.add(BadCall.of(awaitUnits, "Long.MAX_VALUE days, once terminated",
                () -> terminated.value().awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS))
                .accepted("terminated", Boolean.TRUE::equals));
    }

    @Override
    public void close() throws Exception {
        try (running; terminated) {
            // both closed, even if one fails to
        }
    }
}
