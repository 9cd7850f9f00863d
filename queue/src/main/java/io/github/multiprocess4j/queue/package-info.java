/**
 * Blocking work queues with Python's timeout and shutdown semantics, in one JVM and across JVMs.
 */
package io.github.multiprocess4j.queue;
