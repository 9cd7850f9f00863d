/**
 * Blocking work queues with Python's timeout, {@code taskDone}/{@code join} and shutdown semantics: the contract
 * ({@code JoinableQueue}) and its implementation for the threads of one JVM ({@code WorkQueue}). The one for the
 * threads of several JVMs, {@code SharedQueue}, is in the shm module, with the other structures in shared memory.
 */
module io.github.multiprocess4j.queue {
    exports io.github.multiprocess4j.queue;

    requires io.github.multiprocess4j.ipc;
}
