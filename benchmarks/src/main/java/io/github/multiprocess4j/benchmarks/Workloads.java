package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.benchmarks.BenchmarkReport.Measurements;
import io.github.multiprocess4j.benchmarks.ReportRow.Against;
import java.util.ArrayList;
import java.util.List;

/** Which JMH benchmark, JDK control and Python key make each row of the report, with DESIGN.md's targets. */
final class Workloads {

    static final String STARTUP_CLASS = "io\\.github\\.multiprocess4j\\.benchmarks\\.LaunchBenchmark\\.";

    static final String BENCHMARK_CLASSES = "io\\.github\\.multiprocess4j\\.benchmarks\\.(PoolBenchmark"
            + "|PoolStreamingBenchmark|ProcessLockBenchmark|LockTakeoverBenchmark|SharedObjectBenchmark"
            + "|SharedMemoryCopyBenchmark|ShareableListBenchmark|QueueBenchmark|SharedQueueBenchmark|EventWakeBenchmark"
            + "|QueueWakeBenchmark"
            + "|ProcessSemaphoreBenchmark|SharedLongBenchmark|ProcessBarrierBenchmark)\\.";

    /**
     * The cluster against a {@code ProcessPool}: each of their forks starts member JVMs, over a minute in the short
     * mode on 2 busy cores, so the report runs them in the full mode and in the short one only when asked
     * ({@code --cluster on}).
     */
    static final String CLUSTER_CLASSES = "io\\.github\\.multiprocess4j\\.benchmarks\\.(ClusterPoolBenchmark"
            + "|ClusterStartBenchmark)\\.";

    private static final double MIB_64_IN_GB = 64.0 * 1024 * 1024 / 1e9;

    private Workloads() {
    }

    private static double gigabytesPerSecond(double millisecondsFor64MiB) {
        return MIB_64_IN_GB / (millisecondsFor64MiB / 1e3);
    }

    /** Items per second from microseconds per item. */
    private static double perSecond(double microseconds) {
        return 1e6 / microseconds;
    }

    /** {@code imap} and {@code imapUnordered} of tiny items, and {@code map}'s own chunk size against the best one. */
    private static void streamingRows(List<ReportRow> rows, Measurements java, PythonResults python) {
        for (String chunk : new String[] {"1", "100"}) {
            String perTask = "1".equals(chunk) ? "1 item per task" : chunk + " items per task";
            rows.add(new ReportRow("pool: imap of 10,000 tiny items, " + perTask, "items/s", true,
                    java.score("PoolStreamingBenchmark.imap", "avgt", "chunk", chunk).map(Workloads::perSecond),
                    null, Figure.NONE, python.get("pool.imap" + chunk))
                    .target(Against.PYTHON, 5, "≥ 5× Python"));
            rows.add(new ReportRow("pool: imapUnordered of 10,000 tiny items, " + perTask, "items/s", true,
                    java.score("PoolStreamingBenchmark.imapUnordered", "avgt", "chunk", chunk)
                            .map(Workloads::perSecond),
                    null, Figure.NONE, python.get("pool.imap_unordered" + chunk))
                    .target(Against.PYTHON, 5, "≥ 5× Python"));
        }
        String best = null;
        Figure bestFigure = Figure.NONE;
        for (String chunkSize : new String[] {"1", "10", "100", "1000"}) {
            Figure figure = java.score("PoolStreamingBenchmark.mapHandPicked", "avgt", "chunkSize", chunkSize)
                    .map(Workloads::perSecond);
            if (figure.isMeasured() && (!bestFigure.isMeasured() || figure.median > bestFigure.median)) {
                best = chunkSize;
                bestFigure = figure;
            }
        }
        rows.add(new ReportRow("pool: map of 10,000 tiny items, chunk size picked by `map`", "items/s", true,
                java.score("PoolStreamingBenchmark.mapAuto", "avgt").map(Workloads::perSecond),
                best == null ? null : "best of 1, 10, 100, 1,000 per task: " + best, bestFigure,
                python.get("pool.map_auto"))
                .target(Against.CONTROL, 1 / 1.2, "within 1.2× of the best hand-picked"));
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
        streamingRows(rows, java, python);
        aloneAndTogether(rows, java, python, "lock+unlock", "ProcessLockBenchmark", "`ReentrantLock`",
                "reentrantLockControl", "lock")
                .target(Against.PYTHON, 5, "≥ 5× Python");
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
        rows.add(new ReportRow("cross-process queue: put → a getter parked in another process has it, median", "µs",
                false, java.percentile("QueueWakeBenchmark.changeToWake", 50, "waiter", "parked"), null, Figure.NONE,
                python.get("mpq.wake_p50")));
        rows.add(new ReportRow("cross-process queue: put → a parked getter has it, 99th percentile", "µs", false,
                java.percentile("QueueWakeBenchmark.changeToWake", 99, "waiter", "parked"), null, Figure.NONE,
                python.get("mpq.wake_p99")));
        synchronizerRows(rows, java, python);
        clusterRows(java, rows);
        return rows;
    }

    /** The cluster's rows, if its benchmarks ran: ProcessPool(2) is the control, there is no Python figure. */
    private static void clusterRows(Measurements java, List<ReportRow> rows) {
        Figure roundTrip = java.score("ClusterPoolBenchmark.roundTrip", "avgt", "pool", "ClusterPool");
        Figure start = java.score("ClusterStartBenchmark.startAndRunOneTask", "ss", "start", "LocalCluster");
        if (!roundTrip.isMeasured() && !start.isMeasured()) {
            return;
        }
        rows.add(new ReportRow("cluster pool, 2 local members: round trip of one tiny task", "µs", false,
                roundTrip, "`ProcessPool(2)`",
                java.score("ClusterPoolBenchmark.roundTrip", "avgt", "pool", "ProcessPool"), Double.NaN)
                .overhead("ProcessPool(2)'s time"));
        rows.add(new ReportRow("cluster pool, 2 local members: map of 1,000 items, one per task", "items/s", true,
                java.score("ClusterPoolBenchmark.map", "avgt", "pool", "ClusterPool").map(us -> 1e6 / us),
                "`ProcessPool(2)`",
                java.score("ClusterPoolBenchmark.map", "avgt", "pool", "ProcessPool").map(us -> 1e6 / us), Double.NaN)
                .overhead("ProcessPool(2)'s time per item"));
        rows.add(new ReportRow("start 2 local cluster members, join, run one task", "ms", false, start,
                "`ProcessPool(2)` started, one task",
                java.score("ClusterStartBenchmark.startAndRunOneTask", "ss", "start", "ProcessPool"), Double.NaN)
                .overhead("ProcessPool(2)'s time"));
    }

    /**
     * The two rows of a lock-like operation: alone, against the JDK's control and Python (target ≥ 10× Python), and
     * 2 processes at once, their total. {@code benchmark} has the methods {@code uncontended}, {@code controlMethod}
     * and {@code twoProcesses}; Python's keys are {@code pythonKey.uncontended} and {@code pythonKey.two_processes}.
     *
     * @return the row of 2 processes, for a target of its own
     */
    private static ReportRow aloneAndTogether(List<ReportRow> rows, Measurements java, PythonResults python,
            String operation, String benchmark, String controlName, String controlMethod, String pythonKey) {
        rows.add(new ReportRow(operation + ", uncontended", "ops/s", true,
                java.score(benchmark + ".uncontended", "thrpt"),
                controlName, java.score(benchmark + "." + controlMethod, "thrpt"),
                python.get(pythonKey + ".uncontended"))
                .target(Against.PYTHON, 10, "≥ 10× Python"));
        ReportRow together = new ReportRow(operation + ", 2 processes at once (total)", "ops/s", true,
                java.score(benchmark + ".twoProcesses", "thrpt"), null, Figure.NONE,
                python.get(pythonKey + ".two_processes"));
        rows.add(together);
        return together;
    }

    /** Event, semaphore, shared value and barrier between processes, against Python's {@code multiprocessing}. */
    private static void synchronizerRows(List<ReportRow> rows, Measurements java, PythonResults python) {
        rows.add(new ReportRow("event: set → a parked waiter in another process awake, median", "µs", false,
                java.percentile("EventWakeBenchmark.changeToWake", 50, "waiter", "parked"), null, Figure.NONE,
                python.get("event.wake_p50"))
                .target(Against.OURS, 50, "≤ 50 µs"));
        rows.add(new ReportRow("event: set → a parked waiter awake, 99th percentile", "µs", false,
                java.percentile("EventWakeBenchmark.changeToWake", 99, "waiter", "parked"), null, Figure.NONE,
                python.get("event.wake_p99")));
        rows.add(new ReportRow("event: set → a waiter that has just begun to wait awake, median", "µs", false,
                java.percentile("EventWakeBenchmark.changeToWake", 50, "waiter", "arriving"), null, Figure.NONE,
                python.get("event.wake_arriving_p50")));
        aloneAndTogether(rows, java, python, "semaphore acquire+release", "ProcessSemaphoreBenchmark", "`Semaphore`",
                "semaphoreControl", "semaphore");
        double pythonIncrement = python.get("value.locked_increment");
        rows.add(new ReportRow("shared long += 1: `addAndGet` (Python: `+=` under `get_lock()`)", "ops/s", true,
                java.score("SharedLongBenchmark.addAndGet", "thrpt"),
                "`AtomicLong`", java.score("SharedLongBenchmark.atomicLongControl", "thrpt"), pythonIncrement)
                .target(Against.PYTHON, 10, "≥ 10× Python"));
        rows.add(new ReportRow("shared long += 1: `update` under its lock", "ops/s", true,
                java.score("SharedLongBenchmark.updateUnderTheLock", "thrpt"), null, Figure.NONE, pythonIncrement)
                .target(Against.PYTHON, 10, "≥ 10× Python"));
        rows.add(new ReportRow("shared long += 1, 2 processes at once (total)", "ops/s", true,
                java.score("SharedLongBenchmark.twoProcesses", "thrpt"), null, Figure.NONE,
                python.get("value.two_processes")));
        rows.add(new ReportRow("barrier of 4 processes: rounds", "rounds/s", true,
                java.score("ProcessBarrierBenchmark.fourProcesses", "thrpt"), null, Figure.NONE,
                python.get("barrier.four_processes")));
    }
}
