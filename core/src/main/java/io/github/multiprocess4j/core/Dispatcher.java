package io.github.multiprocess4j.core;

import io.github.multiprocess4j.core.internal.channel.Answer;
import io.github.multiprocess4j.core.internal.channel.IoThreads;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Which task of a {@link ProcessPool} runs where. It holds the tasks that wait for a worker, in submission order;
 * for each worker, the task it runs and those already written to its input behind it (one, or up to
 * {@link #QUICK_DEPTH} while its tasks take well under a millisecond, so that a burst of tiny tasks streams
 * through); the idle workers; and whether the pool takes tasks. It decides when a worker takes no more: after
 * {@code maxTasksPerWorker} tasks, when it has idled for the idle timeout, when the pool shuts down with nothing left
 * for it, when the task it runs is cancelled, or when that task overruns its time limit (timed here, from when the
 * worker starts it). Such a worker is asked to exit (or killed), and {@link Gone} says whether the pool wants another
 * in its place. Starting and replacing workers is the {@link Supervisor}'s business.
 *
 * <p>Thread-safe: one lock guards all of this; tasks are written to workers, and workers stopped, outside it, and no
 * other lock is taken while it is held. A task given to a worker is put in that worker's line under the lock, so that
 * the worker runs its tasks in the order this recorded them, whichever threads write them (a worker that ran them in
 * another order would answer for a task it was not known to run, and be killed). A task that cannot be written to a worker (it died) goes back to the front
 * of the queue, unless the worker's death has dealt with it already.
 */
final class Dispatcher {

    /** How many tasks may wait in the input of a worker whose tasks are quick. */
    static final int QUICK_DEPTH = 8;
    /** Answers closer together than this make a worker's tasks quick. */
    private static final long QUICK_NANOS = 1_000_000;

    /** Whether the pool takes tasks, runs those it has, or neither. */
    enum State { RUNNING, SHUTDOWN, STOPPED }

    /**
     * What became of the tasks of a worker that is gone, and how it had stood.
     *
     * @param lost the task it was running, which died with it, or {@code null}
     * @param withdrawn whether the pool had stopped giving it tasks
     * @param replaceWhenGone whether the pool wants a worker in its place while it still serves: unless it was
     *     retired or stopped
     * @param diedInitializing whether it died while running the pool's initializer
     */
    record Gone(PoolTask lost, boolean withdrawn, boolean replaceWhenGone, boolean diedInitializing) {
    }

    private final String poolName;
    private final PoolSettings settings;

    private final Object lock = new Object();
    // guarded by lock
    private final Deque<PoolTask> pending = new ArrayDeque<>();
    private final Deque<PoolWorker> idle = new ArrayDeque<>();
    private final Map<PoolWorker, Slot> slots = new HashMap<>();
    private State state = State.RUNNING;
    private String brokenBecause;

    Dispatcher(String poolName, PoolSettings settings) {
        this.poolName = poolName;
        this.settings = settings;
    }

    /** One worker's tasks and standing, guarded by the dispatcher's lock. */
    private static final class Slot {
        /** The task it is running, or {@code null} when idle. */
        PoolTask current;
        /** Tasks already written behind {@link #current}, in the order the child will run them. */
        final Deque<PoolTask> queued = new ArrayDeque<>();
        int completed;
        /** When its last answer came, and whether it came soon after the one before: its tasks are quick. */
        long lastAnswerNanos;
        boolean quick;
        /** Whether it takes no more tasks, and whether the pool wants another in its place once it is gone. */
        boolean withdrawn;
        boolean replaceWhenGone = true;
        /** Changes each time the worker becomes idle, so that an idle timer can tell whether it is stale. */
        long idleSpell;
        /** Whether {@link #current} is the pool's initializer: nothing is queued behind it. */
        boolean initializing;
        /** The time limit of {@link #current}, if it has one and it is running. */
        ScheduledFuture<?> limitTimer;

        void answeredAt(long nanos) {
            quick = nanos - lastAnswerNanos < QUICK_NANOS;
            lastAnswerNanos = nanos;
        }

        /** How many tasks may wait in its input: few while its tasks are long, as another worker may fall free. */
        int queueDepth() {
            return quick ? QUICK_DEPTH : 1;
        }

        void withdraw(boolean replace) {
            withdrawn = true;
            replaceWhenGone = replace;
        }
    }

    // ---- tasks -----------------------------------------------------------------------------------------------

    /**
     * Gives a task to an idle worker, or queues it behind a busy one, or keeps it waiting.
     *
     * @return {@code true} if it waits for a worker
     * @throws RejectedExecutionException if the pool takes no more tasks
     */
    boolean submit(PoolTask task) {
        PoolWorker worker;
        synchronized (lock) {
            if (state != State.RUNNING) {
                throw new RejectedExecutionException(brokenBecause != null ? brokenBecause
                        : poolName + " has been shut down: it takes no more tasks");
            }
            // the worker idle for the shortest time: its threads still look for work instead of sleeping
            worker = idle.pollLast();
            if (worker != null) {
                Slot slot = slots.get(worker);
                slot.current = task;
                startClock(worker, slot);
            } else if (pending.isEmpty() && (worker = canQueueMore()) != null) {
                slots.get(worker).queued.addLast(task);
            } else {
                pending.addLast(task);
                return true;
            }
            worker.assign(task);
        }
        deliver(worker);
        return false;
    }

    /**
     * A worker answered: complete its task, move its queued task up, and give it more work, or let it rest or
     * leave. An answer for a task it does not run breaks the protocol: the worker is killed. If the answer is the
     * pool's initializer's failure, the worker leaves (to be replaced while the pool serves), and the first waiting
     * task, which it would have run, fails with the initializer's exception.
     *
     * @return whether the answer was the initializer's failure
     */
    boolean answered(PoolWorker worker, Answer answer) {
        PoolTask done;
        List<PoolTask> toSend = new ArrayList<>(2);
        boolean leave = false;
        boolean initializer = false;
        PoolTask firstTask = null;
        synchronized (lock) {
            Slot slot = slots.get(worker);
            done = slot == null ? null : slot.current;
            if (done != null && done.id == answer.taskId()) {
                slot.answeredAt(System.nanoTime());
                slot.current = slot.queued.pollFirst();
                initializer = slot.initializing;
                slot.initializing = false;
                if (!initializer) {
                    slot.completed++;
                }
                if (initializer && answer.isFailure()) {
                    slot.withdraw(state == State.RUNNING || state == State.SHUTDOWN && !pending.isEmpty());
                    firstTask = state == State.STOPPED ? null : pending.pollFirst();
                    leave = true;
                } else {
                    leave = giveMore(worker, slot, toSend);
                }
                startClock(worker, slot);
            } else {
                done = null;
            }
        }
        if (done == null) {
            worker.kill();
            return false;
        }
        if (!toSend.isEmpty()) {
            deliver(worker);
        }
        if (leave) {
            worker.retire();
        }
        if (!initializer) {
            worker.complete(done, answer);
            return false;
        }
        if (answer.isFailure()) {
            worker.initializerFailed(done, answer, firstTask);
            return true;
        }
        return false;
    }

    /**
     * After an answer: more tasks for the worker, rest, or leave.
     *
     * @return whether it is to leave
     */
    // guarded by lock
    private boolean giveMore(PoolWorker worker, Slot slot, List<PoolTask> toSend) {
        if (slot.withdrawn) {
            return false;
        }
        if (settings.maxTasksPerWorker() > 0 && slot.completed >= settings.maxTasksPerWorker()) {
            slot.withdraw(state == State.RUNNING);
            return true;
        }
        if (slot.current == null && state != State.STOPPED && !pending.isEmpty()) {
            slot.current = pending.pollFirst();
            worker.assign(slot.current);
            toSend.add(slot.current);
        }
        while (slot.current != null && mayQueueOn(slot) && !pending.isEmpty()) {
            PoolTask next = pending.pollFirst();
            slot.queued.addLast(next);
            worker.assign(next);
            toSend.add(next);
        }
        if (slot.current == null && state == State.RUNNING) {
            becomeIdle(worker, slot);
        } else if (slot.current == null) {
            slot.withdraw(false);
            return true;
        }
        return false;
    }

    /**
     * A task's future was cancelled: forget the task if it waits, stop it if it runs and the caller asked to. A task
     * already written to a worker's input still runs there, and its result is dropped.
     */
    void cancelled(PoolTask task, boolean stopIfRunning) {
        PoolWorker runningOn = null;
        synchronized (lock) {
            if (pending.remove(task)) {
                return;
            }
            for (Map.Entry<PoolWorker, Slot> entry : slots.entrySet()) {
                if (entry.getValue().current == task && stopIfRunning) {
                    runningOn = entry.getKey();
                    entry.getValue().withdraw(true);
                }
            }
        }
        if (runningOn != null) {
            runningOn.kill();
        }
    }

    /**
     * The worker's current task has changed (it has started the next, or has none): the time limit of the one before,
     * if any, no longer holds, and that of the new one, if it has one, starts now. Timed from the moment the worker
     * is known to start it: when it was given to the idle worker, or when the task before it was answered; a worker
     * still starting its JVM is given tasks, but their time starts only once it has connected back.
     */
    // guarded by lock
    private void startClock(PoolWorker worker, Slot slot) {
        if (slot.limitTimer != null) {
            slot.limitTimer.cancel(false);
            slot.limitTimer = null;
        }
        PoolTask task = slot.current;
        if (task != null && task.limit != null) {
            if (worker.connected()) {
                slot.limitTimer = IoThreads.TIMERS.schedule(() -> overran(worker, task),
                        Durations.toNanos(task.limit), TimeUnit.NANOSECONDS);
            } else {
                worker.whenConnected(() -> connectedWith(worker, task));
            }
        }
    }

    /** A worker that was given {@code task} before it connected has connected: the task's time starts now. */
    private void connectedWith(PoolWorker worker, PoolTask task) {
        synchronized (lock) {
            Slot slot = slots.get(worker);
            if (slot != null && slot.current == task && slot.limitTimer == null) {
                startClock(worker, slot);
            }
        }
    }

    /**
     * A task ran past its time limit: unless it has finished meanwhile, it fails with a timeout and its worker is
     * killed; the worker is replaced, and the tasks queued behind it go back to the front of the queue when it is
     * gone. The task fails before the worker dies, so that its failure says why.
     */
    private void overran(PoolWorker worker, PoolTask task) {
        synchronized (lock) {
            Slot slot = slots.get(worker);
            if (slot == null || slot.current != task || task.future.isDone()) {
                return;
            }
            slot.limitTimer = null;
            slot.withdraw(true);
        }
        worker.failTimedOut(task);
        worker.kill();
    }

    /**
     * Writes the tasks assigned to a worker to its input, in the order they were assigned under the lock, whichever
     * thread assigned them (see {@link PoolWorker#assign}). A task that cannot be written never reached the worker,
     * which has died before it could run it: it goes back to the front of the queue for the worker's replacement,
     * unless {@link #workerGone} has dealt with it already (or the pool is stopping, and the death will fail it).
     */
    private void deliver(PoolWorker worker) {
        List<PoolTask> undelivered = worker.flush();
        if (!undelivered.isEmpty()) {
            takeBack(worker, undelivered);
        }
    }

    private void takeBack(PoolWorker worker, List<PoolTask> undelivered) {
        synchronized (lock) {
            Slot slot = slots.get(worker);
            if (state == State.STOPPED || slot == null) {
                return;
            }
            for (int i = undelivered.size() - 1; i >= 0; i--) {
                PoolTask task = undelivered.get(i);
                if (slot.queued.remove(task)) {
                    // back to the pool's queue
                } else if (slot.current == task) {
                    slot.current = null;
                    startClock(worker, slot);
                } else {
                    continue;
                }
                requeueFirst(task);
            }
        }
    }

    /** Puts a task that has not run back at the front of the queue, unless it was cancelled meanwhile. */
    // guarded by lock
    private void requeueFirst(PoolTask task) {
        if (!task.future.isDone()) {
            pending.addFirst(task);
        }
    }

    /** The busy worker with the fewest queued tasks that can take one more, or {@code null}. */
    // guarded by lock
    private PoolWorker canQueueMore() {
        PoolWorker best = null;
        Slot bestSlot = null;
        for (Map.Entry<PoolWorker, Slot> entry : slots.entrySet()) {
            Slot slot = entry.getValue();
            if (slot.current != null && mayQueueOn(slot)
                    && (bestSlot == null || slot.queued.size() < bestSlot.queued.size())) {
                best = entry.getKey();
                bestSlot = slot;
            }
        }
        return best;
    }

    /** Whether a busy worker can take one more task in its input, without running past its task limit. */
    // guarded by lock
    private boolean mayQueueOn(Slot slot) {
        int queued = slot.queued.size();
        int max = settings.maxTasksPerWorker();
        return queued < slot.queueDepth() && !slot.withdrawn && !slot.initializing && state != State.STOPPED
                && (max == 0 || slot.completed + queued + 2 <= max);
    }

    // ---- workers ---------------------------------------------------------------------------------------------

    /** Counts a worker that has started, before {@link #workerReady} gives it work; it has none yet. */
    void add(PoolWorker worker) {
        synchronized (lock) {
            slots.put(worker, new Slot());
        }
    }

    /**
     * A worker counted by {@link #add} is ready: it runs the pool's initializer first, if it has one; then it gets the
     * first waiting task, or rests, or (the pool shutting down
     * with nothing left) leaves, or (the pool stopped) is killed. Nothing happens if it is gone already.
     */
    void workerReady(PoolWorker worker) {
        PoolTask next = null;
        boolean leave = false;
        boolean kill = false;
        PoolTask initializer = settings.initializer() == null ? null
                : new PoolTask(settings.initializer(), null, (task, stop) -> { });
        synchronized (lock) {
            Slot slot = slots.get(worker);
            if (slot == null) {
                return;
            }
            if (state == State.STOPPED) {
                slot.withdraw(false);
                kill = true;
            } else if (initializer != null) {
                next = initializer;
                slot.current = initializer;
                slot.initializing = true;
                worker.assign(initializer);
            } else {
                next = pending.pollFirst();
                slot.current = next;
                startClock(worker, slot);
                if (next != null) {
                    worker.assign(next);
                }
                if (next == null && state == State.RUNNING) {
                    becomeIdle(worker, slot);
                } else if (next == null) {
                    slot.withdraw(false);
                    leave = true;
                }
            }
        }
        if (kill) {
            worker.kill();
        } else if (next != null) {
            deliver(worker);
        } else if (leave) {
            worker.retire();
        }
    }

    /**
     * A worker's JVM is gone. A task that never reached it (it died before the task was written to it, or before it
     * connected) never ran: it goes back to the front of the queue, as do those queued behind, unless the pool has
     * stopped.
     *
     * @param neverStarted whether the worker died before it connected
     * @return the task that died with it, and how the worker stood
     */
    Gone workerGone(PoolWorker worker, boolean neverStarted) {
        synchronized (lock) {
            Slot slot = slots.remove(worker);
            idle.remove(worker);
            if (slot.limitTimer != null) {
                slot.limitTimer.cancel(false);
            }
            PoolTask lost = slot.current;
            boolean diedInitializing = slot.initializing;
            if (diedInitializing) {
                lost = null;
            }
            if (state != State.STOPPED) {
                slot.queued.descendingIterator().forEachRemaining(this::requeueFirst);
                if (lost != null && (neverStarted || !lost.hasReached(worker.number))) {
                    requeueFirst(lost);
                    lost = null;
                }
            }
            return new Gone(lost, slot.withdrawn, slot.replaceWhenGone, diedInitializing);
        }
    }

    /**
     * Whether the pool wants one more worker: in place of one that is gone and was to be replaced, while the pool
     * still serves (it takes tasks, or has some waiting); or because tasks wait while it has fewer workers than its
     * size.
     *
     * @param replacing whether a worker that was to be replaced is gone
     * @param starting how many workers are being started, not yet counted here
     */
    boolean wantsWorker(boolean replacing, int starting) {
        synchronized (lock) {
            boolean serving = state == State.RUNNING || state == State.SHUTDOWN && !pending.isEmpty();
            boolean tasksWait = state != State.STOPPED && !pending.isEmpty();
            return replacing && serving || tasksWait && slots.size() + starting < settings.workers();
        }
    }

    // guarded by lock
    private void becomeIdle(PoolWorker worker, Slot slot) {
        idle.addLast(worker);
        long spell = ++slot.idleSpell;
        if (settings.idleTimeout() != null) {
            IoThreads.TIMERS.schedule(() -> idleTooLong(worker, spell), Durations.toNanos(settings.idleTimeout()),
                    TimeUnit.NANOSECONDS);
        }
    }

    private void idleTooLong(PoolWorker worker, long spell) {
        synchronized (lock) {
            Slot slot = slots.get(worker);
            if (slot == null || slot.idleSpell != spell || !idle.remove(worker)) {
                return;
            }
            slot.withdraw(false);
        }
        worker.retire();
    }

    // ---- the pool's state ------------------------------------------------------------------------------------

    /**
     * Takes no more tasks; runs those it has, or with {@code cancelPending} only those already given to a worker;
     * idle workers leave if nothing waits.
     *
     * @return the tasks that were waiting for a worker and are dropped, for the caller to cancel; none without
     *     {@code cancelPending}
     */
    List<PoolTask> shutdown(boolean cancelPending) {
        List<PoolWorker> leaving = new ArrayList<>();
        List<PoolTask> dropped = new ArrayList<>();
        synchronized (lock) {
            if (cancelPending && state != State.STOPPED) {
                dropped.addAll(pending);
                pending.clear();
            }
            if (state != State.RUNNING) {
                return dropped;
            }
            state = State.SHUTDOWN;
            if (pending.isEmpty()) {
                for (PoolWorker worker : idle) {
                    slots.get(worker).withdraw(false);
                    leaving.add(worker);
                }
                idle.clear();
            }
        }
        leaving.forEach(PoolWorker::retire);
        return dropped;
    }

    /**
     * Takes no more tasks and starts none: the pool cannot go on. Workers finish what they were given.
     *
     * @return the tasks that were waiting, now abandoned
     */
    List<PoolTask> breakDown(String because) {
        synchronized (lock) {
            brokenBecause = because;
            state = State.STOPPED;
            List<PoolTask> abandoned = new ArrayList<>(pending);
            pending.clear();
            return abandoned;
        }
    }

    /**
     * Stops at once: no task starts any more, and every worker is withdrawn, to be killed by the caller.
     *
     * @return the tasks that never started (waiting, or queued in a worker's input)
     */
    List<PoolTask> stopNow() {
        synchronized (lock) {
            state = State.STOPPED;
            List<PoolTask> neverStarted = new ArrayList<>(pending);
            pending.clear();
            idle.clear();
            for (Slot slot : slots.values()) {
                neverStarted.addAll(slot.queued);
                slot.queued.clear();
                slot.withdraw(false);
            }
            return neverStarted;
        }
    }

    /** The workers it has, to kill. */
    List<PoolWorker> workers() {
        synchronized (lock) {
            return new ArrayList<>(slots.keySet());
        }
    }

    State state() {
        synchronized (lock) {
            return state;
        }
    }

    /** Whether the pool has broken down, and why, or {@code null}. */
    String brokenBecause() {
        synchronized (lock) {
            return brokenBecause;
        }
    }

    /** Whether nothing is left to do: the pool takes no tasks, none waits, and no worker is left. */
    boolean finished() {
        synchronized (lock) {
            return state != State.RUNNING && pending.isEmpty() && slots.isEmpty();
        }
    }

    /** Whether no task waits and no worker has one: the pool is idle. */
    boolean idle() {
        synchronized (lock) {
            return pending.isEmpty() && slots.values().stream().allMatch(slot -> slot.current == null);
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return state + ", " + slots.size() + " workers, " + idle.size() + " idle, " + pending.size() + " waiting";
        }
    }
}
