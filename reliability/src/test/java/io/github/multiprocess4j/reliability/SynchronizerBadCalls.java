package io.github.multiprocess4j.reliability;

import static io.github.multiprocess4j.reliability.BadArguments.HUGE;
import static io.github.multiprocess4j.reliability.BadArguments.NEGATIVE;

import io.github.multiprocess4j.shm.ProcessBarrier;
import io.github.multiprocess4j.shm.ProcessEvent;
import io.github.multiprocess4j.shm.ProcessSemaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ProcessEvent}, {@link ProcessSemaphore} and {@link ProcessBarrier}: bad names, counts and timeouts are
 * refused, and the synchronizer is as it was after every call.
 */
final class SynchronizerBadCalls implements BadCallCatalog {

    /** An event, set: a wait with any accepted timeout returns at once. */
    private final Fixture<ProcessEvent> event = Fixture.closing(() -> {
        ProcessEvent made = ProcessEvent.create();
        made.set();
        return made;
    });
    private final Fixture<ProcessSemaphore> semaphore = Fixture.closing(() -> ProcessSemaphore.create(1));
    /** A barrier of one party: an accepted await passes at once. */
    private final Fixture<ProcessBarrier> barrier = Fixture.closing(() -> ProcessBarrier.create(1));

    @Override
    public List<BadCall> calls() {
        List<BadCall> calls = new ArrayList<>();
        BadNames.creating(calls, "ProcessEvent.create(String)", ProcessEvent::create);
        BadNames.attaching(calls, "ProcessEvent.attach(String)", ProcessEvent::attach);
        BadNames.creating(calls, "ProcessSemaphore.create(String, int)", name -> ProcessSemaphore.create(name, 1));
        BadNames.attaching(calls, "ProcessSemaphore.attach(String)", ProcessSemaphore::attach);
        BadNames.creating(calls, "ProcessBarrier.create(String, int)", name -> ProcessBarrier.create(name, 2));
        BadNames.attaching(calls, "ProcessBarrier.attach(String)", ProcessBarrier::attach);

        for (int permits : new int[] {-1, Integer.MIN_VALUE}) {
            calls.add(BadCall.of("ProcessSemaphore.create(int)", permits + " permits",
                    () -> ProcessSemaphore.create(permits).close())
                    .refused(IllegalArgumentException.class, "0 or more permits, got " + permits));
            calls.add(BadCall.of("ProcessSemaphore.createBounded(int)", permits + " permits",
                    () -> ProcessSemaphore.createBounded(permits).close())
                    .refused(IllegalArgumentException.class, "0 or more permits, got " + permits));
            calls.add(BadCall.of("ProcessSemaphore.create(String, int)", permits + " permits",
                    () -> ProcessSemaphore.create("mp4j_bad_permits", permits).close())
                    .refused(IllegalArgumentException.class, "0 or more permits, got " + permits));
        }
        for (int parties : new int[] {0, -1, ProcessBarrier.MAX_PARTIES + 1, Integer.MIN_VALUE}) {
            calls.add(BadCall.of("ProcessBarrier.create(int)", parties + " parties",
                    () -> ProcessBarrier.create(parties).close())
                    .refused(IllegalArgumentException.class, "parties, got " + parties));
            calls.add(BadCall.of("ProcessBarrier.create(String, int)", parties + " parties",
                    () -> ProcessBarrier.create("mp4j_bad_parties", parties).close())
                    .refused(IllegalArgumentException.class, "parties, got " + parties));
        }

        String eventAwait = "ProcessEvent.await(Duration)";
        calls.add(BadCall.withNull(eventAwait, "timeout", () -> event.value().await(null)).keeping(this::isSet));
        calls.add(BadCall.of(eventAwait, "a negative timeout", () -> event.value().await(NEGATIVE))
                .refused(IllegalArgumentException.class, "timeout must not be negative").keeping(this::isSet));
        for (Duration timeout : List.of(Duration.ZERO, HUGE)) {
            calls.add(BadCall.of(eventAwait, "timeout " + timeout, () -> event.value().await(timeout))
                    .accepted("true: the event is set", Boolean.TRUE::equals).keeping(this::isSet));
        }

        String tryAcquire = "ProcessSemaphore.tryAcquire(Duration)";
        calls.add(BadCall.withNull(tryAcquire, "timeout", () -> semaphore.value().tryAcquire(null))
                .keeping(this::available));
        calls.add(BadCall.of(tryAcquire, "a negative timeout", () -> semaphore.value().tryAcquire(NEGATIVE))
                .refused(IllegalArgumentException.class, "timeout must not be negative").keeping(this::available));
        for (Duration timeout : List.of(Duration.ZERO, HUGE)) {
            calls.add(BadCall.of(tryAcquire, "timeout " + timeout, () -> {
                boolean taken = semaphore.value().tryAcquire(timeout);
                if (taken) {
                    semaphore.value().release();
                }
                return taken;
            }).accepted("taken and given back", Boolean.TRUE::equals).keeping(this::available));
        }

        String barrierAwait = "ProcessBarrier.await(Duration)";
        calls.add(BadCall.withNull(barrierAwait, "timeout", () -> barrier.value().await(null))
                .keeping(this::isBroken));
        calls.add(BadCall.of(barrierAwait, "a negative timeout", () -> barrier.value().await(NEGATIVE))
                .refused(IllegalArgumentException.class, "timeout must not be negative").keeping(this::isBroken));
        calls.add(BadCall.of(barrierAwait, "a huge timeout", () -> barrier.value().await(HUGE))
                .accepted("arrival index 0", Integer.valueOf(0)::equals).keeping(this::isBroken));
        return calls;
    }

    private boolean isSet() {
        return event.value().isSet();
    }

    private int available() {
        return semaphore.value().availablePermits();
    }

    private boolean isBroken() {
        return barrier.value().isBroken();
    }

    @Override
    public void close() throws Exception {
        for (Fixture<?> fixture : List.of(event, semaphore, barrier)) {
            fixture.close();
        }
    }
}
