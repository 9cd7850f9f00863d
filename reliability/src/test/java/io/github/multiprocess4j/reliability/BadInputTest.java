package io.github.multiprocess4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.ProcessPool;
import io.github.multiprocess4j.core.Task;
import io.github.multiprocess4j.queue.QueueEmptyException;
import io.github.multiprocess4j.queue.QueueFullException;
import io.github.multiprocess4j.queue.SharedQueue;
import io.github.multiprocess4j.shm.ProcessLock;
import io.github.multiprocess4j.shm.ShareableList;
import io.github.multiprocess4j.shm.SharedMemory;
import io.github.multiprocess4j.shm.SharedMemoryNotFoundException;
import io.github.multiprocess4j.shm.SharedObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Null, negative, zero, out-of-range and oversize arguments to the public API of every module: each call fails at
 * once with the exception its Javadoc names, with a message, and leaves the structure usable.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadInputTest {

    private static final String MISSING = "mp4j_reliability_no_such_segment";
    private static final String TOO_LONG = String.join("", Collections.nCopies(250, "x"));

    @Test
    void sharedMemoryRefusesBadSizesNamesAndOffsets() {
        refuses(IllegalArgumentException.class, () -> SharedMemory.create(0));
        refuses(IllegalArgumentException.class, () -> SharedMemory.create(-1));
        refuses(NullPointerException.class, () -> SharedMemory.create(null, 16));
        refuses(IllegalArgumentException.class, () -> SharedMemory.create("a/b", 16));
        refuses(IllegalArgumentException.class, () -> SharedMemory.create(TOO_LONG, 16));
        refuses(IllegalArgumentException.class, () -> SharedMemory.attach(""));
        refuses(SharedMemoryNotFoundException.class, () -> SharedMemory.attach(MISSING));
        try (SharedMemory memory = SharedMemory.create(16)) {
            refuses(IndexOutOfBoundsException.class, () -> memory.get(16));
            refuses(IndexOutOfBoundsException.class, () -> memory.get(-1));
            refuses(IndexOutOfBoundsException.class, () -> memory.getLong(9));
            refuses(IndexOutOfBoundsException.class, () -> memory.getInt(Integer.MAX_VALUE));
            refuses(IndexOutOfBoundsException.class, () -> memory.put(8, new byte[9]));
            refuses(IndexOutOfBoundsException.class, () -> memory.get(0, new byte[4], 2, 3));
            refuses(IllegalArgumentException.class, () -> memory.put(0, 256));
            refuses(IllegalArgumentException.class, () -> memory.getLongVolatile(4));
            refuses(NullPointerException.class, () -> memory.put(0, (byte[]) null));
            memory.putLong(8, 42);
            stillHolds(memory.getLong(8), 42L);
        }
    }

    @Test
    void locksObjectsAndListsRefuseBadInput() throws Exception {
        refuses(NullPointerException.class, () -> ProcessLock.open(null));
        refuses(IllegalArgumentException.class, () -> ProcessLock.create(TOO_LONG));
        refuses(SharedMemoryNotFoundException.class, () -> ProcessLock.open(MISSING));
        refuses(IllegalArgumentException.class, () -> SharedObject.create(95, 1));
        refuses(IllegalArgumentException.class, () -> SharedObject.create(Integer.MIN_VALUE, 1));
        refuses(SharedMemoryNotFoundException.class, () -> SharedObject.attach(MISSING));
        try (SharedObject<List<Integer>> object = SharedObject.create(256, new ArrayList<>())) {
            List<Integer> tooBig = new ArrayList<>(Collections.nCopies(1_000, 7));
            refuses(IllegalArgumentException.class, () -> object.write(tooBig));
            refuses(IllegalArgumentException.class, () -> object.update(list -> list.addAll(tooBig)));
            refuses(NullPointerException.class, () -> object.update(null));
            stillHolds(object.read(), List.of());
        }
        refuses(IllegalArgumentException.class, () -> ShareableList.create(new Object()));
        refuses(SharedMemoryNotFoundException.class, () -> ShareableList.attach(MISSING));
        try (ShareableList list = ShareableList.create("spam", 1L)) {
            refuses(IndexOutOfBoundsException.class, () -> list.get(2));
            refuses(IndexOutOfBoundsException.class, () -> list.get(-1));
            refuses(IllegalArgumentException.class, () -> list.set(0, "a string longer than its slot"));
            refuses(IllegalArgumentException.class, () -> list.set(1, new Object()));
            stillHolds(list.get(0), "spam");
            stillHolds(list.get(1), 1L);
        }
    }

    @Test
    void queuesRefuseBadInput() throws Exception {
        refuses(IllegalArgumentException.class, () -> SharedQueue.builder().capacity(0));
        refuses(IllegalArgumentException.class, () -> SharedQueue.builder().maxElementBytes(0));
        refuses(IllegalArgumentException.class, () -> SharedQueue.builder().maxElementBytes(Integer.MAX_VALUE));
        refuses(IllegalArgumentException.class, () -> SharedQueue.create(16));
        refuses(SharedMemoryNotFoundException.class, () -> SharedQueue.attach(MISSING));
        try (SharedQueue<String> queue = SharedQueue.builder().capacity(1).maxElementBytes(16).create()) {
            refuses(NullPointerException.class, () -> queue.put(null));
            refuses(IllegalArgumentException.class, () -> queue.putNowait(TOO_LONG)); // cells of 64 bytes
            refuses(IllegalArgumentException.class, () -> queue.put("x", Duration.ofSeconds(-1)));
            refuses(IllegalArgumentException.class, () -> queue.get(Duration.ofSeconds(-1)));
            refuses(QueueEmptyException.class, queue::getNowait);
            queue.putNowait("x");
            refuses(QueueFullException.class, () -> queue.putNowait("y"));
            stillHolds(queue.getNowait(), "x");
        }
    }

    @Test
    void launchAndPoolsRefuseBadCounts() {
        refuses(IllegalArgumentException.class, () -> Launch.processes(0, () -> 1));
        refuses(IllegalArgumentException.class, () -> Launch.processes(-1, () -> 1));
        refuses(NullPointerException.class, () -> Launch.process((Task<Object>) null));
        refuses(IllegalArgumentException.class, () -> ProcessPool.builder(0));
        refuses(IllegalArgumentException.class, () -> ProcessPool.builder(-1));
    }

    /** Checks that a structure that refused bad input still holds what was written, and counts the value. */
    private static void stillHolds(Object actual, Object written) {
        assertThat(actual).as("after the bad input").isEqualTo(written);
        Figures.VALUES.incrementAndGet();
    }

    /** Expects {@code call} to fail with {@code type} and a message, and counts it. */
    private static void refuses(Class<? extends Throwable> type, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(type).hasMessageMatching("(?s).+");
        Figures.BAD_INPUTS.incrementAndGet();
    }
}
