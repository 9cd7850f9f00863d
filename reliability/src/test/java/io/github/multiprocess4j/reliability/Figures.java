package io.github.multiprocess4j.reliability;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the suite has done in this JVM, for its summary line: every test adds what it checked. "Lost" counts what
 * should have survived and did not; a test that finds any fails, so a green run reports 0.
 */
final class Figures {

    /** Fault-injection rounds run to the end, each with its checks. */
    static final AtomicLong ROUNDS = new AtomicLong();
    /** SIGKILLs delivered to a live process (children, pool workers, lock holders, whole parent JVMs). */
    static final AtomicLong FAULTS = new AtomicLong();
    /** Of those, kills of a process holding a {@code ProcessLock}, whose lock the next locker took over. */
    static final AtomicLong HOLDERS_KILLED = new AtomicLong();
    /** Shared values compared with what was committed: list elements, counters, appended records. */
    static final AtomicLong VALUES = new AtomicLong();
    /** Tasks and results whose outcome was checked: launched tasks, pool tasks. */
    static final AtomicLong ITEMS = new AtomicLong();
    /** Corrupted or truncated headers attached to. */
    static final AtomicLong HEADERS = new AtomicLong();
    /** Calls made with a null, negative, zero or oversize argument. */
    static final AtomicLong BAD_INPUTS = new AtomicLong();
    /** Values or items that should have survived and did not. */
    static final AtomicLong LOST = new AtomicLong();

    private Figures() {
    }

    static String summary() {
        return "reliability summary: seed " + Rounds.SEED + ", " + Rounds.COUNT + " rounds per test, "
                + ROUNDS.get() + " rounds run, " + FAULTS.get() + " faults injected (" + HOLDERS_KILLED.get()
                + " lock holders), " + VALUES.get()
                + " values checked, " + ITEMS.get() + " items checked, " + HEADERS.get() + " corrupt headers, "
                + BAD_INPUTS.get() + " bad inputs, " + LOST.get() + " lost";
    }
}
