package io.github.multiprocess4j.deployment.bootapp;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.ProcessPool;
import io.github.multiprocess4j.core.Worker;
import io.github.multiprocess4j.shm.SharedQueue;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small application as a user would write it, run by the tests from executable jars: child processes, a pool and
 * a shared queue consumed by a child. Each step prints one line that the tests check.
 */
public final class BootApp {

    private BootApp() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "startup".equals(args[0])) {
            startUp(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            return;
        }
        if (args.length > 0 && "hello".equals(args[0])) {
            System.out.println("hello " + Launch.options().build());
            return;
        }
        List<Integer> squares = Launch.processes(3, i -> i * i);
        System.out.println("squares " + squares);
        List<String> classPath = Launch.processes(1, () -> System.getProperty("java.class.path"));
        System.out.println("child class path " + classPath.get(0));

        try (ProcessPool pool = ProcessPool.create(1)) {
            String pooled = pool.submit(() -> "pooled " + 6 * 7).get(60, TimeUnit.SECONDS);
            System.out.println("pool " + pooled);
        }

        try (SharedQueue<Integer> queue = SharedQueue.builder().capacity(16).maxElementBytes(64).create()) {
            System.out.println("queue " + queue.name());
            Worker<Integer> consumer = Launch.process(() -> consume(queue, 3));
            for (int i = 1; i <= 3; i++) {
                queue.put(i);
            }
            queue.join();
            consumer.join();
            System.out.println("consumed " + consumer.result());
        }
        System.out.println("done");
    }

    private static int consume(SharedQueue<Integer> queue, int count) throws InterruptedException {
        int sum = 0;
        for (int i = 0; i < count; i++) {
            sum += queue.get();
            queue.taskDone();
        }
        return sum;
    }

    /** Starts {@code children} no-op children {@code rounds} times and prints each round's milliseconds. */
    private static void startUp(int rounds, int children) throws InterruptedException {
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            Launch.processes(children, () -> 0);
            System.out.println("startup " + TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start) / 1000.0);
        }
    }
}
