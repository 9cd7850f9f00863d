package io.github.multiprocess4j.shm;

/**
 * Who this process is, for the claims it records in a ring, and whether the process behind another claim is gone:
 * the question a {@link Ring} asks about a claim that has been stuck for a while.
 */
interface Liveness {

    /** This process's token, which fits in a {@link CellStamp}'s detail. */
    int self();

    /**
     * Whether the process whose token is {@code owner} has died or stopped using the queue, so that its claims will
     * never be finished. Never {@code true} for a process that may still finish them. May take a system call.
     */
    boolean isDead(int owner);
}
