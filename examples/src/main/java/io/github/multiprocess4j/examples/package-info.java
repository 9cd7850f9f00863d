/**
 * The "Threads and Processes" notebook and its exercises, one runnable class per section.
 */
package io.github.multiprocess4j.examples;
