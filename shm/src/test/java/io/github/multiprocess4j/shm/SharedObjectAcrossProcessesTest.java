package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Worker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link SharedObject} between JVMs, including JVMs killed while they write. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedObjectAcrossProcessesTest {

    /**
     * 32,000 serial updates of a list growing to 32,000 numbers: measured 25-48 s on 2 cores shared with other
     * builds.
     */
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void eightProcessesOfTwoThreadsAppend32000ValuesAndNoneIsLost() throws Exception {
        int processes = 8;
        int threads = 2;
        int appends = 2_000;
        try (SharedObject<List<Integer>> shared = SharedObject.create(1 << 20, new ArrayList<>())) {
            long start = System.nanoTime();
            Launch.processes(processes, i -> ShmChildTasks.appendMany(shared, i, threads, appends));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            List<Integer> all = shared.read();
            System.out.println("8 processes x 2 threads x 2000 appends took " + millis + " ms");

            assertThat(all).hasSize(processes * threads * appends);
            assertThat(all.stream().sorted().collect(Collectors.toList()))
                    .isEqualTo(IntStream.range(0, processes * threads * appends).boxed()
                            .collect(Collectors.toList()));
        }
    }

    @Test
    void aProcessKilledInsideAnUpdateLeavesTheLastCommittedValueAndItsLockIsPassedOn() throws Exception {
        try (SharedObject<List<Integer>> shared = SharedObject.create(4096, new ArrayList<>(List.of(1, 2, 3)));
                SharedMemory flags = SharedMemory.create(64)) {
            Worker<Object> writer = Launch.process(() -> ShmChildTasks.hangInsideUpdate(shared, flags));
            try {
                while (flags.getIntVolatile(ShmChildTasks.HOLDING) == 0) {
                    assertThat(writer.isAlive()).isTrue();
                    Thread.sleep(5);
                }
                assertThat(shared.lock().isLocked()).isTrue();
                long killedAt = System.nanoTime();
                writer.kill();

                List<Integer> value = shared.read();
                long readAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);

                assertThat(value).containsExactly(1, 2, 3, 4);
                assertThat(readAfterMillis).as("read within 1 s of the kill").isLessThan(1_000);
            } finally {
                writer.kill();
                writer.join();
            }
        }
    }

    @Test
    void aWriterKilledAtAnyInstantLeavesAWholeCommittedValue() throws Exception {
        try (SharedObject<List<Integer>> shared = SharedObject.create(1 << 20, List.of());
                SharedMemory flags = SharedMemory.create(64)) {
            for (int round = 0; round < 3; round++) {
                flags.putLongVolatile(ShmChildTasks.COUNTER, 0);
                Worker<Object> writer = Launch.process(() -> ShmChildTasks.writeForever(shared, flags));
                try {
                    while (flags.getLongVolatile(ShmChildTasks.COUNTER) < 20 + round * 37) {
                        assertThat(writer.isAlive()).isTrue();
                        Thread.sleep(1);
                    }
                    writer.kill();
                    writer.join();
                } finally {
                    writer.kill();
                }

                List<Integer> value = shared.read();
                assertThat(value).as("a list written whole: n copies of n").hasSizeGreaterThan(0)
                        .containsOnly(value.size());
            }
        }
    }
}
