package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.core.Launch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The typed shared values between JVMs. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedNumbersAcrossProcessesTest {

    @Test
    void addAndGetFromEightProcessesIsExact() throws Exception {
        int processes = 8;
        int increments = 100_000;
        try (SharedLong counter = SharedLong.create(0); SharedDoubleArray sums = SharedDoubleArray.create(processes)) {
            Launch.processes(processes, i -> {
                for (int k = 0; k < increments; k++) {
                    counter.addAndGet(1);
                    if (k % 1000 == 0) {
                        sums.addAndGet(0, 1.0);
                        sums.update(i, v -> v + 1);
                    }
                }
                return null;
            });

            assertThat(counter.get()).isEqualTo((long) processes * increments);
            assertThat(sums.get(0)).isEqualTo(processes * increments / 1000.0 + increments / 1000.0);
            for (int i = 1; i < processes; i++) {
                assertThat(sums.get(i)).isEqualTo(increments / 1000.0);
            }
        }
    }
}
