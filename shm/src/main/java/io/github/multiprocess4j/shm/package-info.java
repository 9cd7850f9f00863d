/**
 * Memory that several JVMs and Python processes map at once ({@link io.github.multiprocess4j.shm.SharedMemory}),
 * a lock that excludes threads and processes alike and survives the death of its holder
 * ({@link io.github.multiprocess4j.shm.ProcessLock}), one serialized object shared under such a lock
 * ({@link io.github.multiprocess4j.shm.SharedObject}), CPython's {@code ShareableList}, byte for byte
 * ({@link io.github.multiprocess4j.shm.ShareableList}), and a work queue for the threads of several JVMs
 * ({@link io.github.multiprocess4j.shm.SharedQueue}).
 *
 * <p>All five are {@link io.github.multiprocess4j.shm.SharedResource}s: made with {@code create}, reached by name with
 * {@code attach}, and {@link java.io.Serializable} by name, so that a task that captures one attaches to the same
 * segment, lock, object, list or queue when it runs in a child JVM. The handle that created something unlinks it when
 * it is closed (unless it was kept), and a shutdown hook unlinks what a JVM created and left open.
 *
 * <p>Attaching takes only files that no other local user could have planted or changed: regular files of this
 * process's user that group and others cannot write, never reached through a symbolic link
 * ({@link io.github.multiprocess4j.shm.UntrustedSegmentException} otherwise). Segments shared with other users on
 * purpose are attached with {@link io.github.multiprocess4j.shm.SharedMemory#attachShared(String)} or
 * {@link io.github.multiprocess4j.shm.ShareableList#attachShared(String)}.
 */
package io.github.multiprocess4j.shm;
