package io.github.multiprocess4j.cluster;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * A {@link ClusterObject}'s update, run on the member that owns the value: reads the value, applies the function,
 * stores and returns the new bytes. The backup gets those bytes, not the function, so a function that is not
 * deterministic (one that draws a random number) leaves the backup equal to the value.
 */
final class ObjectUpdate implements EntryProcessor<String, byte[], byte[]> {

    private static final long serialVersionUID = 1L;

    /** The function's bytes, read here through {@link Codec}'s filter. */
    private final byte[] function;
    /** Whether the function is a {@link ClusterObject.Mutation} rather than an {@link ClusterObject.Update}. */
    private final boolean mutation;
    /** What {@link #process} stored, for the backup. */
    private transient byte[] stored;

    ObjectUpdate(byte[] function, boolean mutation) {
        this.function = function;
        this.mutation = mutation;
    }

    @Override
    @SuppressWarnings("unchecked")
    public byte[] process(Map.Entry<String, byte[]> entry) {
        String what = "shared object " + entry.getKey();
        Object value = entry.getValue() == null ? null : Codec.decode(entry.getValue(), "the value of " + what);
        Object fn = Codec.decode(function, "an update of " + what);
        Object updated;
        if (mutation) {
            ((ClusterObject.Mutation<Object>) fn).accept(value);
            updated = value;
        } else {
            updated = ((ClusterObject.Update<Object>) fn).apply(value);
        }
        stored = Codec.encode(updated, "the new value of " + what);
        entry.setValue(stored);
        return stored;
    }

    @Override
    public EntryProcessor<String, byte[], byte[]> getBackupProcessor() {
        return stored == null ? null : new StoreBytes(stored);
    }

    /** Stores the bytes the primary computed. */
    static final class StoreBytes implements EntryProcessor<String, byte[], byte[]> {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes;

        StoreBytes(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public byte[] process(Map.Entry<String, byte[]> entry) {
            entry.setValue(bytes);
            return null;
        }

        @Override
        public EntryProcessor<String, byte[], byte[]> getBackupProcessor() {
            return this;
        }
    }
}
