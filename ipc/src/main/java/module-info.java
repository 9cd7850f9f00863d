/**
 * The cross-process machinery under multiprocess4j's other modules: mapped segments and the files they live in,
 * the headers of the library's own layouts, which processes using a structure are alive, and how threads wait for
 * what another process will do. No dependencies. Not an API: its package is exported to the library's own modules
 * only, and changes with them.
 */
module io.github.multiprocess4j.ipc {
    exports io.github.multiprocess4j.ipc to io.github.multiprocess4j.core, io.github.multiprocess4j.shm,
            io.github.multiprocess4j.queue;
}
