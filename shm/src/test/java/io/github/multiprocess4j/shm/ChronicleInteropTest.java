package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Chronicle Bytes over a {@link SharedMemory}'s mapped bytes: both see the same memory, in the same byte order, so
 * users of Chronicle can mix the two. Runs in its own Surefire execution, the only one with the JVM flags
 * Chronicle needs (it is tagged for that execution).
 */
@Tag("chronicle")
class ChronicleInteropTest {

    @Test
    void chronicleAndSharedMemoryReadWhatTheOtherWrote() {
        try (SharedMemory memory = SharedMemory.create(4096)) {
            BytesStore<?, ByteBuffer> store = BytesStore.wrap(memory.buffer());
            try {
                store.writeLong(8, 0x1122334455667788L);
                store.writeInt(16, 42);
                store.writeByte(20, (byte) 200);
                assertThat(memory.getLong(8)).isEqualTo(0x1122334455667788L);
                assertThat(memory.getIntVolatile(16)).isEqualTo(42);
                assertThat(memory.get(20)).isEqualTo(200);

                memory.putLongVolatile(24, 7);
                memory.putInt(32, -5);
                assertThat(store.readVolatileLong(24)).isEqualTo(7);
                assertThat(store.readInt(32)).isEqualTo(-5);

                assertThat(store.compareAndSwapLong(24, 7, 8)).isTrue();
                assertThat(memory.compareAndSetLong(24, 8, 9)).isTrue();
                assertThat(store.readVolatileLong(24)).isEqualTo(9);
                assertThat(memory.getAndAddLong(24, 1)).isEqualTo(9);
                assertThat(store.addAndGetLong(24, 1)).isEqualTo(11);
                assertThat(memory.getLongVolatile(24)).isEqualTo(11);

                Bytes<ByteBuffer> bytes = store.bytesForWrite();
                bytes.writePosition(64);
                bytes.write8bit("hello");
                byte[] text = new byte[5];
                memory.get(65, text);
                assertThat(new String(text, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("hello");
                bytes.releaseLast();
            } finally {
                store.releaseLast();
            }
        }
    }
}
