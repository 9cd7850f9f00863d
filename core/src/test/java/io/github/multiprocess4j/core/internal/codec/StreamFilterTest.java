package io.github.multiprocess4j.core.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.LaunchException;
import io.github.multiprocess4j.core.Output;
import io.github.multiprocess4j.core.ProcessPool;
import io.github.multiprocess4j.core.Task;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.io.StreamCorruptedException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Streams from another process that are deep, huge or of a refused class fail clearly, and run nothing. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamFilterTest {

    private static final int DEEP = 100_000;

    @AfterEach
    void clearPattern() {
        System.clearProperty(StreamFilter.PROPERTY);
        SideEffect.ran = false;
    }

    @Test
    void aValueNested100000DeepIsRefused() throws Exception {
        byte[] serialized = onABigStack(() -> Serialization.serialize(nested(DEEP)));

        Throwable failure = catchThrowable(() -> Serialization.deserialize(serialized, 0, null));

        assertThat(failure).isInstanceOf(InvalidClassException.class)
                .hasMessageContaining("nested more than " + StreamFilter.MAX_DEPTH);
    }

    @Test
    void anArrayLengthOf2To31Minus1IsRefusedBeforeAnythingIsAllocated() throws Exception {
        byte[] serialized = Serialization.serialize(new byte[] {9, 9, 9, 9, 9, 9, 9});
        ByteBuffer.wrap(serialized).putInt(indexOfLength(serialized, 7, (byte) 9), Integer.MAX_VALUE);

        assertThatThrownBy(() -> Serialization.deserialize(serialized, 0, null))
                .isInstanceOf(InvalidClassException.class)
                .hasMessageContaining("an array of length " + Integer.MAX_VALUE);
    }

    @Test
    void aClassThePatternExcludesIsRefusedAndItsReadObjectNeverRuns() throws Exception {
        byte[] serialized = Serialization.serialize(new SideEffect());
        System.setProperty(StreamFilter.PROPERTY, "!" + SideEffect.class.getName());

        assertThatThrownBy(() -> Serialization.deserialize(serialized, 0, null))
                .isInstanceOf(InvalidClassException.class).hasMessageContaining(SideEffect.class.getName());
        assertThat(SideEffect.ran).isFalse();
        System.clearProperty(StreamFilter.PROPERTY);
        assertThat(Serialization.deserialize(serialized, 0, null)).isInstanceOf(SideEffect.class);
        assertThat(SideEffect.ran).as("without the pattern, the same bytes do run it").isTrue();
    }

    @Test
    void aResultThePatternExcludesFailsTheTaskInTheParent() throws Exception {
        System.setProperty(StreamFilter.PROPERTY, "!" + SideEffect.class.getName());

        LaunchException failure = (LaunchException) catchThrowable(
                () -> Launch.with(Launch.options().output(Output.CAPTURE).build()).processes(1, SideEffect::new));

        assertThat(failure.failures()).singleElement().satisfies(task ->
                assertThat(task).hasMessageContaining("cannot read what the child sent back")
                        .hasMessageContaining("class " + SideEffect.class.getName()));
        assertThat(SideEffect.ran).isFalse();
    }

    @Test
    void aLambdaFromAClassThePatternExcludesIsRefused() throws Exception {
        byte[] task = ValueCodec.encodeTask((Task<Integer>) () -> 42);
        System.setProperty(StreamFilter.PROPERTY, "!" + StreamFilterTest.class.getName());

        assertThatThrownBy(() -> ValueCodec.decode(task, 0, null)).hasMessageContaining("refused by the serialization"
                + " filter " + StreamFilter.PROPERTY);
    }

    @Test
    void aMalformedPatternFailsTheLaunchBeforeAnyChildStarts() {
        System.setProperty(StreamFilter.PROPERTY, "maxdepth=oops");

        assertThatThrownBy(() -> Launch.processes(1, () -> 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(StreamFilter.PROPERTY).hasMessageContaining("maxdepth=oops");
        assertThatThrownBy(() -> ProcessPool.create(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(StreamFilter.PROPERTY);
    }

    @Test
    void corruptLengthsAndNestingInOurOwnEncodingFailClearly() throws Exception {
        assertCorrupt(bytes(out -> {
            out.writeByte(12);
            out.writeInt(Integer.MAX_VALUE);
        }), "impossible list size");
        assertCorrupt(bytes(out -> {
            out.writeByte(1);
            out.writeInt(Integer.MAX_VALUE);
        }), "impossible value length");
        assertCorrupt(bytes(out -> {
            out.writeByte(10);
            out.writeInt(-5);
        }), "impossible value length");
        assertCorrupt(bytes(out -> {
            for (int i = 0; i < DEEP; i++) {
                out.writeByte(12);
                out.writeInt(1);
            }
            out.writeByte(0);
        }), "nested more than " + ValueCodec.MAX_NESTING);
    }

    @Test
    void aPatternWithItsOwnMaxdepthReplacesTheDefaultLimit() throws Exception {
        byte[] deeper = Serialization.serialize(nested(StreamFilter.MAX_DEPTH + 50));
        System.setProperty(StreamFilter.PROPERTY, "maxdepth=" + (StreamFilter.MAX_DEPTH + 100));

        assertThat(Serialization.deserialize(deeper, 0, null)).isInstanceOf(Object[].class);
        System.setProperty(StreamFilter.PROPERTY, "maxdepth=10");
        assertThatThrownBy(() -> Serialization.deserialize(deeper, 0, null)).isInstanceOf(InvalidClassException.class)
                .hasMessageContaining("refused to read");
    }

    @Test
    void aFailureClaimingMoreBytesThanItHasFailsClearly() throws Exception {
        byte[] failure = Failures.encode(new IllegalStateException("boom"));
        ByteBuffer.wrap(failure).putInt(0, Integer.MAX_VALUE);

        assertThatThrownBy(() -> Failures.decode(failure, 0, null)).isInstanceOf(StreamCorruptedException.class)
                .hasMessageContaining(Integer.toString(Integer.MAX_VALUE));
    }

    private static void assertCorrupt(byte[] payload, String message) {
        assertThatThrownBy(() -> ValueCodec.decode(payload, 0, null)).isInstanceOf(StreamCorruptedException.class)
                .hasMessageContaining(message);
    }

    private interface Writes {
        void to(DataOutputStream out) throws IOException;
    }

    private static byte[] bytes(Writes writes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writes.to(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static Object[] nested(int depth) {
        Object[] value = new Object[0];
        for (int i = 0; i < depth; i++) {
            value = new Object[] {value};
        }
        return value;
    }

    private interface Job<T> {
        T run() throws Exception;
    }

    /** Java serialization writes a deep value recursively: give it a stack deep enough. */
    private static <T> T onABigStack(Job<T> job) throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                outcome.set(job.run());
            } catch (Exception | Error e) {
                outcome.set(e);
            }
        }, "big-stack", 1L << 30);
        thread.start();
        thread.join();
        if (outcome.get() instanceof Throwable) {
            throw new AssertionError("could not make the deep value", (Throwable) outcome.get());
        }
        @SuppressWarnings("unchecked")
        T value = (T) outcome.get();
        return value;
    }

    /** Where an array's length is written: the length, then its first element. */
    private static int indexOfLength(byte[] bytes, int length, byte firstElement) {
        for (int i = 0; i + 4 < bytes.length; i++) {
            if (ByteBuffer.wrap(bytes).getInt(i) == length && bytes[i + 4] == firstElement) {
                return i;
            }
        }
        throw new AssertionError("no array of length " + length + " in the stream");
    }

    /** Leaves a trace when read: what a gadget's {@code readObject} would do. */
    static final class SideEffect implements Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean ran;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            ran = true;
        }
    }
}
