package io.github.multiprocess4j.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The futex binding: when it is available, and its wait and wake on a word of a mapped file. */
@Timeout(30)
class FutexTest {

    @TempDir
    Path temp;

    private MappedSegment segment() throws IOException {
        try (FileChannel channel = FileChannel.open(temp.resolve("word"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return MappedSegment.map(channel, 64, "word");
        }
    }

    @Test
    void theSystemCallIsKnownOnLinuxForX86AndArmOnly() {
        assertThat(Futex.systemCallNumber("Linux", "amd64")).isEqualTo(202);
        assertThat(Futex.systemCallNumber("Linux", "aarch64")).isEqualTo(98);
        assertThat(Futex.systemCallNumber("Linux", "riscv64")).isNegative();
        assertThat(Futex.systemCallNumber("Mac OS X", "aarch64")).isNegative();
    }

    @Test
    void itIsAvailableExactlyFromJava22OnWithNativeAccessAndSaysWhyNotOtherwise() {
        boolean nativeAccess = Runtime.version().feature() >= 22
                && Futex.systemCallNumber(System.getProperty("os.name"), System.getProperty("os.arch")) > 0
                && !"false".equals(System.getProperty("multiprocess4j.futex"));
        // the build's tests run with --enable-native-access=ALL-UNNAMED
        assertThat(Futex.available()).isEqualTo(nativeAccess);
        if (Futex.available()) {
            assertThat(Futex.unavailableBecause()).isNull();
            assertThat(Futex.nativeAccessOption()).isEqualTo("--enable-native-access=ALL-UNNAMED");
        } else {
            assertThat(Futex.unavailableBecause()).isNotBlank();
            assertThat(Futex.nativeAccessOption()).isNull();
        }
    }

    @Test
    void eachReasonNotToUseFutexesIsNamedInTheOrderTheyAreChecked() {
        assertThat(Futex.whyNot(-1, 25, null, () -> true)).contains("not Linux");
        assertThat(Futex.whyNot(202, 17, null, () -> true)).contains("Java 17");
        assertThat(Futex.whyNot(202, 22, "FALSE", () -> true)).contains("multiprocess4j.futex is false");
        assertThat(Futex.whyNot(202, 22, null, () -> false)).contains("--enable-native-access=");
        assertThat(Futex.whyNot(202, 22, null, () -> {
            throw new NoSuchMethodException("isNativeAccessEnabled");
        })).contains("cannot tell").contains("isNativeAccessEnabled");
        assertThat(Futex.whyNot(98, 22, "true", () -> true)).isNull();
    }

    @Test
    void withoutFutexesAnAddressIsRefusedAndNoThreadCountsAsVirtual() throws IOException {
        Assumptions.assumeFalse(Futex.available(), "futexes are available here");
        MappedSegment segment = segment();
        assertThatThrownBy(() -> Futex.address(segment, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("futexes are not available").hasMessageContaining(Futex.unavailableBecause());
        assertThat(Futex.isVirtual(Thread.currentThread())).isFalse();
    }

    @Test
    void anAddressNeedsAnAlignedIntInsideTheSegment() throws IOException {
        Assumptions.assumeTrue(Futex.available(), Futex.unavailableBecause());
        MappedSegment segment = segment();
        assertThat(Futex.address(segment, 8)).isEqualTo(Futex.address(segment, 0) + 8);
        assertThatThrownBy(() -> Futex.address(segment, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset 2").hasMessageContaining("word");
        assertThatThrownBy(() -> Futex.address(segment, 64)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWaitReturnsAtOnceWhenTheWordDiffersAndAtTheTimeoutWhenNobodyWakes() throws IOException {
        Assumptions.assumeTrue(Futex.available(), Futex.unavailableBecause());
        MappedSegment segment = segment();
        long address = Futex.address(segment, 0);
        segment.putIntVolatile(0, 7);

        long start = System.nanoTime();
        Futex.await(address, 6, TimeUnit.SECONDS.toNanos(20));
        assertThat(System.nanoTime() - start).as("the word was not 6").isLessThan(TimeUnit.SECONDS.toNanos(10));

        start = System.nanoTime();
        Futex.await(address, 7, TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(System.nanoTime() - start).as("slept until the timeout")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(40));
        assertThat(Futex.wake(address)).as("nobody sleeps").isZero();
    }

    @Test
    void aWakeEndsTheSleepOfAThreadOnTheWord() throws Exception {
        Assumptions.assumeTrue(Futex.available(), Futex.unavailableBecause());
        MappedSegment segment = segment();
        long address = Futex.address(segment, 4);
        CompletableFuture<Long> sleeper = CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            while (segment.getIntVolatile(4) == 0) {
                Futex.await(address, 0, TimeUnit.SECONDS.toNanos(60));
            }
            return System.nanoTime() - start;
        });
        Thread.sleep(200); // the sleeper is in the kernel by now: only the wake can end its 60 s sleep early
        segment.putIntVolatile(4, 1);
        Futex.wake(address);
        assertThat(sleeper.get(20, TimeUnit.SECONDS)).as("woken long before its 60 s timeout")
                .isLessThan(TimeUnit.SECONDS.toNanos(20));
    }
}
