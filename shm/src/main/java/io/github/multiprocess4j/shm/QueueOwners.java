package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.ipc.ProcessSlots;

/**
 * Who this process is in the claims it records in a {@link SharedQueue}'s cells, and whether the process behind
 * another claim is gone: the queue's {@link ProcessSlots}, with tokens narrow enough for a {@link CellStamp}'s 22-bit
 * detail.
 *
 * <pre>
 *   21                 12 11                   0
 *  +---------------------+----------------------+
 *  |  slot (10 bits)     |  generation, low 12  |
 *  +---------------------+----------------------+
 * </pre>
 * The slots' generations are 64-bit counters in the queue's segment ({@link RingLayout}), compared on their low 12
 * bits: a claim left by a holder of this slot that died is mistaken for the current holder's only if exactly a
 * multiple of 4,096 processes took the slot in between and none of them cleared it.
 */
final class QueueOwners implements Liveness {

    static final int SLOT_BITS = 10;
    static final int GENERATION_BITS = 12;
    private static final int GENERATION_MASK = (1 << GENERATION_BITS) - 1;

    private final ProcessSlots slots;
    private final int token;

    QueueOwners(ProcessSlots slots) {
        this.slots = slots;
        this.token = slots.slot() << GENERATION_BITS | (int) (slots.generation() & GENERATION_MASK);
    }

    @Override
    public int self() {
        return token;
    }

    @Override
    public boolean isDead(int owner) {
        return slots.isDead(owner >>> GENERATION_BITS, owner & GENERATION_MASK);
    }

    @Override
    public String toString() {
        return "QueueOwners{" + slots + ", token 0x" + Integer.toHexString(token) + '}';
    }
}
