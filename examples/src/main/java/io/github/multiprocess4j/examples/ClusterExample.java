package io.github.multiprocess4j.examples;

import static io.github.multiprocess4j.examples.Notebook.notice;

import io.github.multiprocess4j.cluster.Cluster;
import io.github.multiprocess4j.cluster.ClusterPool;
import io.github.multiprocess4j.cluster.ClusterQueue;
import io.github.multiprocess4j.cluster.LocalCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Past one machine: the same pool and queue on a Hazelcast cluster. Two local member JVMs (on 127.0.0.1 only), a
 * pool map across them, a queue between them, and a member killed while a map runs, which finishes anyway.
 */
final class ClusterExample implements Example {

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public String title() {
        return "cluster: a pool map across two member JVMs, a queue between them, a member killed midway";
    }

    @Override
    public void run() throws Exception {
        notice("Two member JVMs with this tour's class path, listening on 127.0.0.1 only; the cluster's random name,"
                + " its secret, reaches them over their standard input. This JVM joins as a client.");
        try (LocalCluster local = LocalCluster.start(2);
                Cluster cluster = local.join();
                ClusterPool pool = cluster.pool()) {
            System.out.println("members: " + local.size() + " JVMs, pids [" + local.pid(0) + ", " + local.pid(1)
                    + "], this JVM is pid " + ProcessHandle.current().pid());

            notice("pool.map, as with a ProcessPool: the same tasks, results in order.");
            List<Integer> items = IntStream.range(0, 10).boxed().collect(Collectors.toList());
            List<Integer> squares = pool.map(items, x -> x * x);
            List<Long> pids = pool.map(items, x -> ProcessHandle.current().pid());
            System.out.println("squares: " + squares + " computed on pids " + pids.stream().distinct().sorted()
                    .collect(Collectors.toList()));

            notice("A ClusterQueue between two tasks: a producer and a consumer, sent to the members in turn.");
            ClusterQueue<Integer> queue = cluster.queue("tour");
            CompletableFuture<Long> producer = pool.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    queue.put(i);
                }
                queue.shutdown(); // the consumer drains what is left, then its get fails: the end
                return ProcessHandle.current().pid();
            });
            CompletableFuture<long[]> consumer = pool.submit(() -> {
                long sum = 0;
                long count = 0;
                for (int item : (Iterable<Integer>) queue::drainingIterator) {
                    sum += item;
                    count++;
                    queue.taskDone();
                }
                return new long[] {count, sum, ProcessHandle.current().pid()};
            });
            long[] consumed = consumer.get();
            System.out.println("queue: " + consumed[0] + " items from the producer on pid " + producer.get()
                    + " to the consumer on pid " + consumed[2] + ", sum " + consumed[1]);

            notice("A member killed (SIGKILL) while a map of 40 slow tasks runs: the tasks it had are sent to the"
                    + " other member, so they must be safe to run twice.");
            CompletableFuture<List<Integer>> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return pool.map(IntStream.range(0, 40).boxed().collect(Collectors.toList()), x -> {
                        Thread.sleep(100);
                        return x + 1;
                    });
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(500);
            long killed = local.pid(1);
            local.kill(1);
            List<Integer> results = slow.get();
            List<Integer> expected = new ArrayList<>();
            IntStream.range(0, 40).forEach(x -> expected.add(x + 1));
            System.out.println("killed member 1 (pid " + killed + ") during a map of 40 tasks: " + results.size()
                    + " results, in order: " + results.equals(expected) + ", tasks retried: " + pool.retriedTasks());
        }
        System.out.println("every member JVM is gone: the cluster lived only as long as this section");
    }
}
