package io.github.multiprocess4j.shm;

/**
 * The elements of one run of a {@link SharedQueue}'s batch operations, each in an {@link ElementCodec} of its own that
 * owns its buffers: a chunk of {@link SharedQueue#putAll} encoded before its cells are claimed, and a run of
 * {@link SharedQueue#drainTo(java.util.Collection, int)} copied out of its cells, to be decoded once they are given
 * back. The codecs that write and those that read are apart, so that a sink that puts does not overwrite what is
 * being read.
 *
 * <p>Not thread-safe: each thread uses its own, through {@link #forThisThread()}.
 */
final class ElementBatch implements Ring.BatchWriter, Ring.ElementReader {

    /** The most elements in one run. */
    static final int MAX = 256;

    private static final ThreadLocal<ElementBatch> PER_THREAD = ThreadLocal.withInitial(ElementBatch::new);

    private final ElementCodec[] writers = new ElementCodec[MAX];
    private final ElementCodec[] readers = new ElementCodec[MAX];
    private final int[] lengths = new int[MAX];
    /** How many elements were copied out since {@link #startReading()}. */
    private int read;
    /** Whether a drain of this thread uses the readers now (a sink may drain again from its {@code add}). */
    private boolean reading;

    private ElementBatch() {
    }

    static ElementBatch forThisThread() {
        return PER_THREAD.get();
    }

    /**
     * This thread's batch to drain with, or a new one if a drain of this thread is using it: call
     * {@link #readingDone()} at the end.
     */
    static ElementBatch forReading() {
        ElementBatch batch = PER_THREAD.get();
        if (batch.reading) {
            batch = new ElementBatch();
        }
        batch.reading = true;
        return batch;
    }

    void readingDone() {
        reading = false;
    }

    /** Room for the lengths of a run. */
    int[] lengths() {
        return lengths;
    }

    // ---- putting

    /**
     * Prepares {@code element} as the element {@code index} of the chunk.
     *
     * @return its length in a cell
     * @throws IllegalArgumentException if it cannot be serialized
     */
    int encode(int index, Object element) {
        if (writers[index] == null) {
            writers[index] = new ElementCodec(true);
        }
        return writers[index].encode(element);
    }

    @Override
    public Ring.ElementWriter element(int index) {
        return writers[index];
    }

    /** Lets go of what the first {@code count} elements of the chunk held (fewer may have been encoded). */
    void putDone(int count) {
        for (int i = 0; i < count && writers[i] != null; i++) {
            writers[i].putDone();
        }
    }

    // ---- taking

    void startReading() {
        read = 0;
    }

    @Override
    public void readFrom(RingMemory memory, int offset, int length) {
        if (readers[read] == null) {
            readers[read] = new ElementCodec(true);
        }
        readers[read++].readFrom(memory, offset, length);
    }

    /**
     * The element {@code index} of those copied out, decoded.
     *
     * @throws IllegalStateException if its bytes are not an element this JVM can read
     */
    Object takeDecoded(int index) {
        return readers[index].takeDecoded();
    }
}
