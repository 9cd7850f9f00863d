package io.github.multiprocess4j.reliability;

import static io.github.multiprocess4j.reliability.BadArguments.NEGATIVE;

import io.github.multiprocess4j.shm.ProcessCondition;
import io.github.multiprocess4j.shm.ProcessLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reentrant {@link ProcessLock} and {@link ProcessCondition}: bad names, locks, timeouts and deadlines are
 * refused, a wait without the lock too, and the lock is free after every call; accepted timeouts that are already
 * over return {@code false} at once.
 */
final class ConditionBadCalls implements BadCallCatalog {

    /** A reentrant lock, free. */
    private final Fixture<ProcessLock> lock = Fixture.closing(ProcessLock::createReentrant);
    /** A condition of that lock that no one signals. */
    private final Fixture<ProcessCondition> condition = Fixture.closing(() -> ProcessCondition.create(lock.value()));

    /** One wait, made while the lock is held. */
    @FunctionalInterface
    private interface Wait {
        Object await(ProcessCondition condition) throws Exception;
    }

    @Override
    public List<BadCall> calls() {
        List<BadCall> calls = new ArrayList<>();
        BadNames.creating(calls, "ProcessLock.createReentrant(String)", ProcessLock::createReentrant);
        BadNames.creating(calls, "ProcessCondition.create(String, ProcessLock)",
                name -> ProcessCondition.create(name, lock.value()));
        BadNames.attaching(calls, "ProcessCondition.attach(String)", ProcessCondition::attach);
        calls.add(BadCall.of("ProcessCondition.attach(String)", "the name of a lock", () -> ProcessCondition.attach(
                lock.value().name())).refused(IllegalStateException.class, "ProcessCondition"));
        calls.add(BadCall.withNull("ProcessCondition.create(ProcessLock)", "lock",
                () -> ProcessCondition.create(null)));
        calls.add(BadCall.withNull("ProcessCondition.create(String, ProcessLock)", "lock",
                () -> ProcessCondition.create("mp4j_bad_condition", null)));
        calls.add(BadCall.of("ProcessCondition.create(ProcessLock)", "a closed lock", () -> {
            ProcessLock closed = ProcessLock.create();
            closed.close();
            ProcessCondition.create(closed);
        }).refused(IllegalStateException.class, "closed"));

        String awaitDuration = "ProcessCondition.await(Duration)";
        calls.add(BadCall.of(awaitDuration, "a timeout without the lock",
                () -> condition.value().await(Duration.ofMillis(1)))
                .refused(IllegalMonitorStateException.class, "does not hold").keeping(this::isLocked));
        held(calls, awaitDuration, "timeout null", NullPointerException.class, "timeout", held -> held.await(null));
        held(calls, awaitDuration, "a negative timeout", IllegalArgumentException.class,
                "timeout must not be negative", held -> held.await(NEGATIVE));
        timesOut(calls, awaitDuration, "a zero timeout", held -> held.await(Duration.ZERO));

        String awaitUnits = "ProcessCondition.await(long, TimeUnit)";
        held(calls, awaitUnits, "unit null", NullPointerException.class, "unit", held -> held.await(1, null));
        timesOut(calls, awaitUnits, "a negative time (does not wait, as Condition's)",
                held -> held.await(-1, TimeUnit.SECONDS));
        timesOut(calls, awaitUnits, "Long.MIN_VALUE days", held -> held.await(Long.MIN_VALUE, TimeUnit.DAYS));

        String awaitNanos = "ProcessCondition.awaitNanos(long)";
        for (long nanos : new long[] {0, -1, Long.MIN_VALUE}) {
            timesOut(calls, awaitNanos, nanos + " ns", held -> held.awaitNanos(nanos) > 0);
        }

        String awaitUntil = "ProcessCondition.awaitUntil(Date)";
        held(calls, awaitUntil, "deadline null", NullPointerException.class, "deadline", held -> held.awaitUntil(null));
        timesOut(calls, awaitUntil, "a deadline in the past", held -> held.awaitUntil(new Date(0)));
        timesOut(calls, awaitUntil, "the earliest Date", held -> held.awaitUntil(new Date(Long.MIN_VALUE)));
        return calls;
    }

    /** A wait with the lock held, refused with {@code type}; the lock is given back. */
    private void held(List<BadCall> calls, String entryPoint, String argument, Class<? extends Throwable> type,
            String part, Wait wait) {
        calls.add(BadCall.of(entryPoint, argument, () -> whileHeld(wait)).refused(type, part)
                .keeping(this::isLocked));
    }

    /** A wait with the lock held whose time is over at once: not signalled, the lock given back. */
    private void timesOut(List<BadCall> calls, String entryPoint, String argument, Wait wait) {
        calls.add(BadCall.of(entryPoint, argument, () -> whileHeld(wait))
                .accepted("false (not signalled, no time left), at once", Boolean.FALSE::equals)
                .keeping(this::isLocked));
    }

    private Object whileHeld(Wait wait) throws Exception {
        try (ProcessLock.Held held = lock.value().hold()) {
            return wait.await(condition.value());
        }
    }

    private boolean isLocked() {
        return lock.value().isLocked();
    }

    @Override
    public void close() throws Exception {
        condition.close();
        lock.close();
    }
}
