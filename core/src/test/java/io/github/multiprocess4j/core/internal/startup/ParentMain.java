package io.github.multiprocess4j.core.internal.startup;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.ProcessPool;
import io.github.multiprocess4j.core.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A parent JVM that the tests start themselves, to kill it or to run it from a jar. */
public final class ParentMain {

    private ParentMain() {
    }

    /** A {@code java} command line for a parent JVM of the tests' own, with this library's settings. */
    public static List<String> command(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(ChildCommand.javaBinary());
        command.addAll(ChildCommand.librarySettings());
        command.addAll(List.of(arguments));
        return command;
    }

    /** Waits, if asked to, until an AOT cache appears in the directory, so that its training is not cut short. */
    private static void awaitAotCache(String directory) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (directory != null && System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(Paths.get(directory))) {
                if (files.anyMatch(file -> file.getFileName().toString().matches("aot-[0-9a-f]+\\.aot"))) {
                    return;
                }
            }
            Thread.sleep(200);
        }
    }

    public static void main(String[] args) throws Exception {
        if ("pool-orphans".equals(args[0])) {
            ProcessPool pool = ProcessPool.create(2);
            pool.submit(() -> Thread.sleep(60_000));
            pool.submit(() -> Thread.sleep(60_000));
            Thread.sleep(300);
            System.out.println("pids " + ProcessHandle.current().children().map(child -> Long.toString(child.pid()))
                    .collect(Collectors.joining(" ")));
            System.out.flush();
            Thread.sleep(60_000);
        } else if ("orphans".equals(args[0])) {
            List<Worker<Void>> workers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                workers.add(Launch.process(() -> Thread.sleep(60_000)));
            }
            System.out.println("pids " + workers.stream().map(worker -> Long.toString(worker.pid()))
                    .collect(Collectors.joining(" ")));
            System.out.flush();
            Thread.sleep(60_000);
        } else if ("arguments".equals(args[0])) {
            System.out.println("ok " + Launch.processes(2, AotCacheTest::inputArguments));
            awaitAotCache(System.getProperty("await.aot.cache"));
        } else if ("settings".equals(args[0])) {
            System.out.println("children " + Launch.processes(2, i -> System.getProperty("from.parent") + " "
                    + Runtime.getRuntime().maxMemory()));
        } else {
            List<Long> pids = Launch.processes(2, () -> ProcessHandle.current().pid());
            System.out.println("ok " + pids);
        }
    }
}
