package io.github.multiprocess4j.reliability;

import static io.github.multiprocess4j.reliability.BadArguments.HUGE;
import static io.github.multiprocess4j.reliability.BadArguments.NEGATIVE;

import io.github.multiprocess4j.shm.ProcessLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link ProcessLock}: bad names are refused before a file is made; bad timeouts are refused, or, where they are
 * accepted, the lock taken is given back, so that the lock is free after every call.
 */
final class ProcessLockBadCalls implements BadCallCatalog {

    /** A lock, free. */
    private final Fixture<ProcessLock> lock = Fixture.closing(ProcessLock::create);

    /** One way of trying for the lock. */
    @FunctionalInterface
    private interface Attempt {
        boolean tryLock(ProcessLock lock) throws InterruptedException;
    }

    @Override
    public List<BadCall> calls() {
        List<BadCall> calls = new ArrayList<>();
        BadNames.creating(calls, "ProcessLock.create(String)", ProcessLock::create);
        calls.add(BadCall.of("ProcessLock.create(String)", "a 194-character name",
                () -> ProcessLock.create("n".repeat(194)))
                .refused(IllegalArgumentException.class, "at most 193 are allowed", ".owners"));
        calls.add(BadCall.of("ProcessLock.create(String)", "97 two-byte characters (194 bytes)",
                () -> ProcessLock.create("é".repeat(97)))
                .refused(IllegalArgumentException.class, "takes 194 bytes in UTF-8, at most 193 are allowed"));
        BadNames.attaching(calls, "ProcessLock.attach(String)", ProcessLock::attach);

        String tryDuration = "ProcessLock.tryLock(Duration)";
        calls.add(BadCall.withNull(tryDuration, "timeout", () -> lock.value().tryLock(null)).keeping(this::isLocked));
        calls.add(BadCall.of(tryDuration, "a negative timeout (Python: ValueError)",
                () -> lock.value().tryLock(NEGATIVE))
                .refused(IllegalArgumentException.class, "timeout must not be negative, got " + NEGATIVE)
                .keeping(this::isLocked));
        taken(calls, tryDuration, "a zero timeout", held -> held.tryLock(Duration.ZERO));
        taken(calls, tryDuration, "a huge timeout", held -> held.tryLock(HUGE));

        String tryUnits = "ProcessLock.tryLock(long, TimeUnit)";
        calls.add(BadCall.withNull(tryUnits, "unit", () -> lock.value().tryLock(1, null)).keeping(this::isLocked));
        taken(calls, tryUnits, "a negative time (does not wait, as Lock's)",
                held -> held.tryLock(-1, TimeUnit.SECONDS));
        taken(calls, tryUnits, "Long.MAX_VALUE days", held -> held.tryLock(Long.MAX_VALUE, TimeUnit.DAYS));
        return calls;
    }

    /** An attempt on the free lock that must take it; it is given back at once. */
    private void taken(List<BadCall> calls, String entryPoint, String argument, Attempt attempt) {
        calls.add(BadCall.of(entryPoint, argument, () -> {
            boolean taken = attempt.tryLock(lock.value());
            if (taken) {
                lock.value().unlock();
            }
            return taken;
        }).accepted("taken", Boolean.TRUE::equals).keeping(this::isLocked));
    }

    private boolean isLocked() {
        return lock.value().isLocked();
    }

    @Override
    public void close() throws Exception {
        lock.close();
    }
}
