package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.shm.testing.HostilePayloads;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@link SharedObject} whose committed payload another process damaged or forged (with a valid checksum, as a
 * writer of the segment can): every read fails with the documented {@link IllegalStateException}, never an
 * {@link Error}; the lock is free at once afterwards, for this JVM's threads and for another process; and a new value
 * can be written.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedObjectHostilePayloadTest {

    private static final int SIZE = 4 << 20;

    @Test
    void everyHostilePayloadFailsEachReadAndLeavesTheLockFree() throws Exception {
        for (Map.Entry<String, byte[]> payload : HostilePayloads.all().entrySet()) {
            try (SharedObject<Object> shared = SharedObject.create(SIZE, "before")) {
                forge(shared, payload.getValue());
                AtomicBoolean called = new AtomicBoolean();

                assertThatThrownBy(shared::read).as(payload.getKey()).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("cannot be deserialized here");
                assertThatThrownBy(() -> shared.update(value -> called.set(true))).as(payload.getKey())
                        .isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(() -> shared.updateAndGet(value -> value)).as(payload.getKey())
                        .isInstanceOf(IllegalStateException.class);

                assertThat(called).as("the update's function ran").isFalse();
                assertThat(takenAtOnceByAnotherThread(shared.lock())).as(payload.getKey()).isTrue();
                shared.write("after");
                assertThat(shared.read()).isEqualTo("after");
            }
        }
    }

    @Test
    void aRecordLengthOfTwoToTheThirtyFirstMinusOneIsRefusedBeforeAnythingIsAllocated() {
        try (SharedObject<Object> shared = SharedObject.create(4096, "before");
                SharedMemory raw = SharedMemory.attach(shared.name())) {
            raw.putInt(committedArea(raw), Integer.MAX_VALUE);

            assertThatThrownBy(shared::read).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("its stored length 2147483647 is outside 0..");
            assertThat(shared.lock().isLocked()).isFalse();
        }
    }

    @Test
    void anotherProcessTakesTheLockAtOnceAfterAFailedRead() throws Exception {
        try (SharedObject<Object> shared = SharedObject.create(SIZE, "before")) {
            forge(shared, HostilePayloads.all().get("arrays nested " + HostilePayloads.DEEP + " deep"));
            assertThatThrownBy(shared::read).isInstanceOf(IllegalStateException.class);

            ProcessLock lock = shared.lock();
            assertThat(Launch.process(() -> tryLockAndRelease(lock)).result()).isTrue();
        }
    }

    /** Commits {@code payload} as the object's value, checksum and all, as a process that can write it could. */
    private static void forge(SharedObject<?> shared, byte[] payload) {
        try (SharedMemory raw = SharedMemory.attach(shared.name())) {
            ObjectAreas.attach(raw).commit(payload, payload.length);
        }
    }

    private static int committedArea(SharedMemory raw) {
        return ObjectAreas.HEADER_SIZE + (int) (raw.getLong(ObjectAreas.COMMITTED_OFFSET) & 1)
                * raw.getInt(ObjectAreas.AREA_SIZE_OFFSET);
    }

    private static boolean takenAtOnceByAnotherThread(ProcessLock lock) throws Exception {
        return CompletableFuture.supplyAsync(() -> tryLockAndRelease(lock)).get();
    }

    private static boolean tryLockAndRelease(ProcessLock lock) {
        if (!lock.tryLock()) {
            return false;
        }
        lock.unlock();
        return true;
    }
}
