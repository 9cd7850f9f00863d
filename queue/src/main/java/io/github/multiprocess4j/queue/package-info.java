/**
 * Blocking work queues with Python's timeout and shutdown semantics: the contract of Python 3.13's
 * {@code queue.Queue} ({@link io.github.multiprocess4j.queue.JoinableQueue}), kept by
 * {@link io.github.multiprocess4j.queue.WorkQueue} for the threads of one JVM, and by the shm module's
 * {@code SharedQueue} for the threads of several, in shared memory. Every failure they report is a
 * {@link io.github.multiprocess4j.queue.QueueException}. This module depends on nothing beyond the library's
 * dependency-free ipc module: a {@code WorkQueue} brings no serialization library.
 */
package io.github.multiprocess4j.queue;
