/**
 * Blocking work queues with Python's timeout and shutdown semantics, in one JVM and across JVMs: the contract of
 * Python 3.13's {@code queue.Queue} ({@link io.github.multiprocess4j.queue.JoinableQueue}), kept by
 * {@link io.github.multiprocess4j.queue.WorkQueue} for the threads of one JVM and by
 * {@link io.github.multiprocess4j.queue.SharedQueue} for the threads of several, in shared memory. Every failure they
 * report is a {@link io.github.multiprocess4j.queue.QueueException}.
 */
package io.github.multiprocess4j.queue;
