/**
 * The "Threads and Processes" notebook and its exercises, one runnable class per section.
 */
module io.github.multiprocess4j.examples {
    exports io.github.multiprocess4j.examples;

    requires io.github.multiprocess4j.core;
    requires io.github.multiprocess4j.queue;
    requires io.github.multiprocess4j.cluster;
    requires java.net.http;
    requires jdk.httpserver;
}
