/**
 * The tour: threads, locks, queues, processes and shared memory shown section by section, then five exercises, one
 * runnable class each; it follows the outline of a Python lesson, "Threads and Processes", retold in Java.
 */
module io.github.multiprocess4j.examples {
    exports io.github.multiprocess4j.examples;

    requires io.github.multiprocess4j.core;
    requires io.github.multiprocess4j.queue;
    requires io.github.multiprocess4j.shm;
    requires io.github.multiprocess4j.cluster;
    requires java.net.http;
    requires jdk.httpserver;
}
