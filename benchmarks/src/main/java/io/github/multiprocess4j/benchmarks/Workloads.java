package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.benchmarks.BenchmarkReport.Measurements;
import io.github.multiprocess4j.benchmarks.ReportRow.Against;
import java.util.ArrayList;
import java.util.List;

/** Which JMH benchmark, JDK control and Python key make each row of the report, with DESIGN.md's targets. */
final class Workloads {

    static final String STARTUP_CLASS = "io\\.github\\.multiprocess4j\\.benchmarks\\.LaunchBenchmark\\.";

    static final String BENCHMARK_CLASSES = "io\\.github\\.multiprocess4j\\.benchmarks\\.(PoolBenchmark"
            + "|ProcessLockBenchmark|LockTakeoverBenchmark|SharedObjectBenchmark|SharedMemoryCopyBenchmark|ShareableListBenchmark"
            + "|QueueBenchmark|SharedQueueBenchmark)\\.";

    private static final double MIB_64_IN_GB = 64.0 * 1024 * 1024 / 1e9;

    private Workloads() {
    }

    private static double gigabytesPerSecond(double millisecondsFor64MiB) {
        return MIB_64_IN_GB / (millisecondsFor64MiB / 1e3);
    }

    static List<ReportRow> rows(Measurements java, PythonResults python) {
        List<ReportRow> rows = new ArrayList<>();
        rows.add(new ReportRow("start 1 no-op process and join", "ms", false,
                java.score("LaunchBenchmark.launch1", "avgt", "startup", "default"),
                "bare `java -cp`", java.score("LaunchBenchmark.bare1", "avgt", "startup", "default"),
                python.get("launch.spawn.1")));
        rows.add(new ReportRow("start 5 no-op processes at once and join", "ms", false,
                java.score("LaunchBenchmark.launch5", "avgt", "startup", "default"),
                "5 bare `java -cp`", java.score("LaunchBenchmark.bare5", "avgt", "startup", "default"),
                python.get("launch.spawn.5"))
                .target(Against.CONTROL, 1 / 1.3, "≤ 1.3× bare java")
                .target(Against.PYTHON, 1, "≤ Python's spawn time"));
        rows.add(new ReportRow("pool: round trip of one tiny task", "µs", false,
                java.score("PoolBenchmark.roundTrip", "avgt"), null, Figure.NONE,
                python.get("pool.round_trip"))
                .target(Against.PYTHON, 5, "≥ 5× Python"));
        rows.add(new ReportRow("pool: burst of 10,000 tiny tasks", "tasks/s", true,
                java.score("PoolBenchmark.burst", "avgt").map(us -> 1e6 / us), null, Figure.NONE,
                python.get("pool.burst"))
                .target(Against.PYTHON, 5, "≥ 5× Python"));
        rows.add(new ReportRow("pool: map, one item per task", "items/s", true,
                java.score("PoolBenchmark.mapOneByOne", "avgt").map(us -> 1e6 / us), null, Figure.NONE,
                python.get("pool.map1")));
        rows.add(new ReportRow("pool: map, 1,000 items per task", "items/s", true,
                java.score("PoolBenchmark.mapChunked", "avgt").map(us -> 1e6 / us), null, Figure.NONE,
                python.get("pool.map1000"))
                .target(Against.PYTHON, 1, "≥ 1× Python"));
        rows.add(new ReportRow("lock+unlock, uncontended", "ops/s", true,
                java.score("ProcessLockBenchmark.uncontended", "thrpt"),
                "`ReentrantLock`", java.score("ProcessLockBenchmark.reentrantLockControl", "thrpt"),
                python.get("lock.uncontended"))
                .target(Against.PYTHON, 10, "≥ 10× Python"));
        rows.add(new ReportRow("lock+unlock, 2 processes at once (total)", "ops/s", true,
                java.score("ProcessLockBenchmark.twoProcesses", "thrpt"), null, Figure.NONE,
                python.get("lock.two_processes"))
                .target(Against.PYTHON, 5, "≥ 5× Python"));
        rows.add(new ReportRow("lock holder killed → next waiter has the lock", "ms", false,
                java.score("LockTakeoverBenchmark.killTheHolderThenLock", "ss"), null, Figure.NONE, Double.NaN)
                .target(Against.OURS, 50, "≤ 50 ms (Python's mp.Lock: never)"));
        rows.add(new ReportRow("append to a shared list under a lock (600 appends)", "ops/s", true,
                java.score("SharedObjectBenchmark.appendUnderTheLock", "thrpt"), null, Figure.NONE,
                python.get("append.1"))
                .target(Against.PYTHON, 2, "≥ 2× Python"));
        rows.add(new ReportRow("copy 64 MiB into shared memory", "GB/s", true,
                java.score("SharedMemoryCopyBenchmark.intoMappedSharedMemory", "avgt").map(Workloads::gigabytesPerSecond),
                "direct `ByteBuffer`",
                java.score("SharedMemoryCopyBenchmark.intoDirectByteBuffer", "avgt").map(Workloads::gigabytesPerSecond),
                python.get("shm.copy64m"))
                .target(Against.PYTHON, 0.9, "≥ 0.9× Python"));
        rows.add(new ReportRow("ShareableList: read an int item", "ops/s", true,
                java.score("ShareableListBenchmark.get", "thrpt"),
                "`ArrayList.get`", java.score("ShareableListBenchmark.arrayListGetControl", "thrpt"),
                python.get("shareable.get")));
        rows.add(new ReportRow("ShareableList: write an int item", "ops/s", true,
                java.score("ShareableListBenchmark.set", "thrpt"), null, Figure.NONE,
                python.get("shareable.set")));
        Figure workQueue = java.score("QueueBenchmark.oneProducerOneConsumer", "thrpt", "queue", "WorkQueue",
                "capacity", "unbounded");
        Figure linkedBlockingQueue = java.score("QueueBenchmark.oneProducerOneConsumer", "thrpt",
                "queue", "LinkedBlockingQueue", "capacity", "unbounded");
        rows.add(new ReportRow("in-process queue, 1 producer → 1 consumer (Python: `queue.Queue`)", "items/s", true,
                workQueue, "`LinkedBlockingQueue`", linkedBlockingQueue, python.get("queue.queue"))
                .target(Against.PYTHON, 1, "≥ Python")
                .target(Against.CONTROL, 1.5, "≥ 1.5× LinkedBlockingQueue"));
        rows.add(new ReportRow("the same against `queue.SimpleQueue` (no `task_done`, `join` or `shutdown`)",
                "items/s", true, workQueue, null, Figure.NONE, python.get("queue.simple")));
        rows.add(new ReportRow("cross-process queue: 1 producer → 1 consumer, small items", "msgs/s", true,
                java.score("SharedQueueBenchmark.childToParent", "thrpt", "payload", "int"), null, Figure.NONE,
                python.get("mpq.throughput"))
                .target(Against.OURS, 5_000_000, "≥ 5 M msgs/s (DESIGN's 60× of an 83 k/s mp.Queue)")
                .target(Against.OURS, 20_000_000, "≥ 20 M msgs/s"));
        rows.add(new ReportRow("the same with `putAll` and `drainTo`, runs of up to 256", "msgs/s", true,
                java.score("SharedQueueBenchmark.childToParentInBatches", "thrpt", "payload", "int"), null,
                Figure.NONE, python.get("mpq.throughput"))
                .target(Against.OURS, 50_000_000, "≥ 50 M msgs/s"));
        rows.add(new ReportRow("cross-process queue: round trip, median", "µs", false,
                java.percentile("SharedQueueBenchmark.roundTrip", 50), null, Figure.NONE,
                python.get("mpq.round_trip_p50"))
                .target(Against.OURS, 5, "≤ 5 µs"));
        rows.add(new ReportRow("cross-process queue: round trip, 99th percentile", "µs", false,
                java.percentile("SharedQueueBenchmark.roundTrip", 99), null, Figure.NONE,
                python.get("mpq.round_trip_p99"))
                .target(Against.OURS, 5, "≤ 5 µs"));
        return rows;
    }
}
