/**
 * Shared memory that several JVMs and Python processes map at once, locks that exclude threads and processes,
 * and shared objects guarded by them.
 */
package io.github.multiprocess4j.shm;
