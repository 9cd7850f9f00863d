/**
 * The tour: threads, locks, queues, processes and shared memory shown section by section, then five exercises, one
 * runnable class each; it follows the outline of a Python lesson, "Threads and Processes", retold in Java.
 */
package io.github.multiprocess4j.examples;
