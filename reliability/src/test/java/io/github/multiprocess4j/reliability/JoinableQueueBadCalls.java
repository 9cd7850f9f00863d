package io.github.multiprocess4j.reliability;

import static io.github.multiprocess4j.reliability.BadArguments.HUGE;
import static io.github.multiprocess4j.reliability.BadArguments.NEGATIVE;

import io.github.multiprocess4j.queue.JoinableQueue;
import io.github.multiprocess4j.queue.QueueEmptyException;
import io.github.multiprocess4j.queue.QueueFullException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The bad calls every {@link JoinableQueue} answers alike, Python's rules for timeouts (a negative one is refused,
 * an enormous one waits as long as it takes) and {@code BlockingQueue}'s for its own methods (zero or negative
 * does not wait), on two queues: one full, holding one element, and one empty. Calls that are accepted and change
 * a queue put it back as it was.
 *
 * @param <Q> the type of queue
 */
final class JoinableQueueBadCalls<Q extends JoinableQueue<String>> {

    static final String HELD = "the element held";
    private static final String ELEMENT = "an element";

    /** The queue's {@code offer(e)}. */
    @FunctionalInterface
    interface Offer<Q> {
        boolean offer(Q queue, String element);
    }

    /** The queue's {@code offer(e, timeout, unit)}. */
    @FunctionalInterface
    interface TimedOffer<Q> {
        boolean offer(Q queue, String element, long timeout, TimeUnit unit) throws InterruptedException;
    }

    /** The queue's {@code poll(timeout, unit)}. */
    @FunctionalInterface
    interface TimedPoll<Q> {
        String poll(Q queue, long timeout, TimeUnit unit) throws InterruptedException;
    }

    private final String type;
    private final Fixture<Q> full;
    private final Fixture<Q> empty;
    private final Offer<Q> offer;
    private final TimedOffer<Q> timedOffer;
    private final TimedPoll<Q> timedPoll;

    /**
     * @param type the queue's class, as {@link PublicApi} names it
     * @param full a queue of capacity 1 holding {@link #HELD}, its task unfinished
     * @param empty a queue with room for two, empty, no task unfinished
     */
    JoinableQueueBadCalls(String type, Fixture<Q> full, Fixture<Q> empty, Offer<Q> offer, TimedOffer<Q> timedOffer,
            TimedPoll<Q> timedPoll) {
        this.type = type;
        this.full = full;
        this.empty = empty;
        this.offer = offer;
        this.timedOffer = timedOffer;
        this.timedPoll = timedPoll;
    }

    /** What a queue holds, as far as every queue tells: its size, its unfinished tasks, whether it is shut down. */
    static Object stateOf(JoinableQueue<?> queue) {
        return Arrays.asList(queue.size(), queue.unfinishedTasks(), queue.isShutdown());
    }

    void addTo(List<BadCall> calls) {
        puts(calls);
        gets(calls);
        joins(calls);
        blockingQueueMethods(calls);
    }

    private void puts(List<BadCall> calls) {
        String nullElement = type + " does not accept null elements";
        calls.add(onVoid(full, "put(Object)", "element null", queue -> queue.put(null))
                .refused(NullPointerException.class, nullElement));
        calls.add(onVoid(full, "putNowait(Object)", "element null", queue -> queue.putNowait(null))
                .refused(NullPointerException.class, nullElement));
        String timedPut = "put(Object, Duration)";
        calls.add(onVoid(full, timedPut, "element null", queue -> queue.put(null, Duration.ZERO))
                .refused(NullPointerException.class, nullElement));
        refusesNullAndNegative(calls, timedPut, (queue, timeout) -> {
            queue.put(ELEMENT, timeout);
            return null;
        });
        calls.add(onVoid(full, timedPut, "a zero timeout, full", queue -> queue.put(ELEMENT, Duration.ZERO))
                .refused(QueueFullException.class, "no room within"));
        calls.add(on(empty, timedPut, "a huge timeout, with room (then taken back)", queue -> {
            queue.put(ELEMENT, HUGE);
            return takeBack(queue);
        }).accepted("the element put", ELEMENT::equals));
    }

    private void gets(List<BadCall> calls) {
        String timedGet = "get(Duration)";
        refusesNullAndNegative(calls, timedGet, JoinableQueue::get);
        calls.add(on(empty, timedGet, "a zero timeout, empty", queue -> queue.get(Duration.ZERO))
                .refused(QueueEmptyException.class, "no element arrived within"));
        calls.add(on(empty, timedGet, "a huge timeout, not empty (then put back)",
                queue -> putThenTake(queue, () -> queue.get(HUGE)))
                .accepted("the element there", ELEMENT::equals));
    }

    private void joins(List<BadCall> calls) {
        String timedJoin = "join(Duration)";
        refusesNullAndNegative(calls, timedJoin, JoinableQueue::join);
        calls.add(on(full, timedJoin, "a zero timeout, a task unfinished", queue -> queue.join(Duration.ZERO))
                .accepted("not done", Boolean.FALSE::equals));
        calls.add(on(empty, timedJoin, "a huge timeout, no task unfinished", queue -> queue.join(HUGE))
                .accepted("done", Boolean.TRUE::equals));
    }

    private void blockingQueueMethods(List<BadCall> calls) {
        calls.add(on(full, "offer(Object)", "element null", queue -> offer.offer(queue, null))
                .refused(NullPointerException.class, type + " does not accept null elements"));
        String timed = "offer(Object, long, TimeUnit)";
        calls.add(on(full, timed, "unit null", queue -> timedOffer.offer(queue, ELEMENT, 1, null))
                .refused(NullPointerException.class, "unit"));
        calls.add(on(full, timed, "a negative time, full (does not wait, as BlockingQueue's)",
                queue -> timedOffer.offer(queue, ELEMENT, -1, TimeUnit.SECONDS))
                .accepted("not added", Boolean.FALSE::equals));
        calls.add(on(empty, timed, "Long.MAX_VALUE days, with room (then taken back)", queue -> {
            boolean added = timedOffer.offer(queue, ELEMENT, Long.MAX_VALUE, TimeUnit.DAYS);
            return added && ELEMENT.equals(takeBack(queue));
        }).accepted("added", Boolean.TRUE::equals));
        String poll = "poll(long, TimeUnit)";
        calls.add(on(empty, poll, "unit null", queue -> timedPoll.poll(queue, 1, null))
                .refused(NullPointerException.class, "unit"));
        calls.add(on(empty, poll, "a negative time, empty (does not wait)",
                queue -> timedPoll.poll(queue, -1, TimeUnit.SECONDS))
                .accepted("nothing", element -> element == null));
        calls.add(on(empty, poll, "Long.MAX_VALUE days, not empty (then put back)",
                queue -> putThenTake(queue, () -> timedPoll.poll(queue, Long.MAX_VALUE, TimeUnit.DAYS)))
                .accepted("the element there", ELEMENT::equals));
    }

    /**
     * A null and a negative timeout, on the full queue: refused, as Python refuses a negative one with ValueError
     * (rather than saying Full, Empty, or not done).
     */
    private void refusesNullAndNegative(List<BadCall> calls, String method, TimedCall<Q> call) {
        calls.add(on(full, method, "timeout null", queue -> call.call(queue, null))
                .refused(NullPointerException.class, "timeout"));
        calls.add(on(full, method, "a negative timeout", queue -> call.call(queue, NEGATIVE))
                .refused(IllegalArgumentException.class, "timeout must not be negative, got " + NEGATIVE));
    }

    /** A call with a timeout. */
    @FunctionalInterface
    interface TimedCall<Q> {
        Object call(Q queue, Duration timeout) throws Exception;
    }

    /** Puts an element in a queue that was empty, takes it with {@code take}, and marks its task done. */
    private static String putThenTake(JoinableQueue<String> queue, Take take) throws InterruptedException {
        queue.putNowait(ELEMENT);
        String element = take.take();
        queue.taskDone();
        return element;
    }

    /** One way of taking an element. */
    @FunctionalInterface
    interface Take {
        String take() throws InterruptedException;
    }

    /** Takes the element just put from a queue that was empty, and marks its task done. */
    private static String takeBack(JoinableQueue<String> queue) {
        String element = queue.getNowait();
        queue.taskDone();
        return element;
    }

    /** A call of {@code method} on one of the queues, which must hold afterwards what it held before. */
    private BadCall on(Fixture<Q> queue, String method, String argument, QueueCall<Q> call) {
        return BadCall.of(type + "." + method, argument, () -> call.call(queue.value()))
                .keeping(() -> stateOf(queue.value()));
    }

    private BadCall onVoid(Fixture<Q> queue, String method, String argument, VoidQueueCall<Q> call) {
        return on(queue, method, argument, value -> {
            call.call(value);
            return null;
        });
    }

    /** Something asked of a queue. */
    @FunctionalInterface
    interface QueueCall<Q> {
        Object call(Q queue) throws Exception;
    }

    /** Something done to a queue. */
    @FunctionalInterface
    interface VoidQueueCall<Q> {
        void call(Q queue) throws Exception;
    }
}
