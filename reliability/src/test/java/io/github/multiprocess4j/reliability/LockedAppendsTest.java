package io.github.multiprocess4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.LaunchOptions;
import io.github.multiprocess4j.core.Output;
import io.github.multiprocess4j.shm.ProcessLock;
import io.github.multiprocess4j.shm.SharedMemory;
import io.github.multiprocess4j.shm.SharedObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 32 processes append 1,000 records each to one log under one {@link ProcessLock}, and count them in one
 * {@link SharedObject}: the log holds exactly the 32,000 records, each once, each process's in its order, and the
 * count is exactly 32,000.
 */
class LockedAppendsTest {

    private static final int PROCESSES = 32;
    private static final int APPENDS = 1_000;
    /** 32 JVMs at once on a small machine: small heaps, and the quick compiler only (the work is short). */
    private static final LaunchOptions SMALL = Launch.options().jvmArgs("-Xmx48m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
            .output(Output.DISCARD).build();

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void thirtyTwoProcessesAppendAThousandRecordsEachUnderOneLock() throws Exception {
        int total = PROCESSES * APPENDS;
        try (ProcessLock lock = ProcessLock.create();
                SharedMemory log = SharedMemory.create(Long.BYTES * (total + 1));
                SharedObject<Integer> counter = SharedObject.create(1024, 0)) {
            long start = System.nanoTime();
            List<Integer> appended = Launch.with(SMALL).processes(PROCESSES,
                    i -> Workloads.appendRecords(lock, log, counter, i, APPENDS));
            System.out.println(PROCESSES + " processes x " + APPENDS + " locked appends took "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");

            assertThat(appended).containsOnly(APPENDS).hasSize(PROCESSES);
            assertThat(log.getLong(0)).as("records in the log").isEqualTo(total);
            List<List<Integer>> sequences = new ArrayList<>();
            for (int i = 0; i < PROCESSES; i++) {
                sequences.add(new ArrayList<>());
            }
            for (int r = 1; r <= total; r++) {
                long record = log.getLong(Long.BYTES * r);
                int process = (int) (record >>> 32);
                assertThat(process).as("the process of record %d", r).isBetween(0, PROCESSES - 1);
                sequences.get(process).add((int) record);
            }
            List<Integer> inOrder = new ArrayList<>();
            for (int k = 0; k < APPENDS; k++) {
                inOrder.add(k);
            }
            for (int i = 0; i < PROCESSES; i++) {
                assertThat(sequences.get(i)).as("process %d's records", i).isEqualTo(inOrder);
            }
            assertThat(counter.read()).as("the count").isEqualTo(total);
            Figures.VALUES.addAndGet(total + 1L);
            Figures.ITEMS.addAndGet(PROCESSES);
        }
    }
}
