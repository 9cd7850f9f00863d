package io.github.multiprocess4j.ipc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * How a process wakes the threads of another that sleep waiting for a structure in shared memory: a kernel wake-up in
 * pure Java, where a poller alone would notice the change only at its next look.
 *
 * <h2>Why a socket</h2>
 * Java 17 has no futex and no shared-memory condition variable, and a thread parked with {@code LockSupport} can be
 * unparked only from its own JVM. What it does have is blocking I/O: a thread blocked in {@code select} on a socket
 * is woken by the kernel the moment a byte arrives, from any process. So each JVM that has a thread about to sleep
 * long on a structure opens, once, a Unix-domain socket, its <em>doorbell</em> ({@link DoorbellListener}), in a
 * directory that only this user may enter ({@link DoorbellDirectory}), and marks itself as sleeping in the structure's
 * {@link SleeperTable}. A process that changes the structure reads the table and writes one byte to the doorbell of
 * each process marked there; a sleeping poller of that JVM waits in {@code select} on the doorbell, wakes, and unparks
 * the JVM's other sleeping pollers. No thread is added: nothing keeps a JVM from exiting. A Unix-domain socket rather
 * than loopback TCP: no other user can reach it, it needs no port, and a byte crosses it in a few microseconds. A
 * pipe or FIFO would do as well but has no connection to cache, and a file lock's release wakes no one in Java 17.
 *
 * <p>Where the kernel's futex can be used ({@link Futex}), pollers sleep on that instead and processes that can use it
 * too wake them without a byte; the doorbell stays, for the wakers that cannot (see {@link SleeperTable}).
 *
 * <h2>What the byte means</h2>
 * Nothing but "look again": which structure changed is not said (a JVM's pollers all look, and those whose structure
 * did not change sleep again), the bytes are never parsed, and a lost or extra byte only costs a look. A sleeper
 * never relies on the doorbell alone: it still looks at least every {@link Backoff#DOORBELL_PARK_NANOS}, so a waker
 * that died, a full socket or a refused connection delays it by that much at most.
 *
 * <h2>Failure</h2>
 * A doorbell that cannot be opened (the directory is not private to this user, is a link, the path is too long)
 * says why in one line on standard error, once per JVM, and the JVM's waiters poll as they did before. A ring that
 * fails (the sleeper died, its doorbell is gone) returns {@code false} so that the waker clears the stale mark.
 * Connections to other JVMs' doorbells are kept, one per target, and dropped when a write fails.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public final class Doorbell {

    /** The most connections to other doorbells kept; beyond it, all are dropped and made again as needed. */
    private static final int MAX_CACHED = 256;

    private static final Set<WaitingRoom> SLEEPING = ConcurrentHashMap.newKeySet();
    private static final Map<Long, SocketChannel> CONNECTIONS = new ConcurrentHashMap<>();
    private static final Object OPENING = new Object();
    /** The directory once checked, or {@code null} if not yet looked at or unusable. */
    private static volatile Path directory;
    /** This JVM's doorbell once open. */
    private static volatile DoorbellListener listener;
    /** This JVM's doorbell id once open, 0 until then or if it cannot be. */
    private static volatile long ownId;
    /** Whether a doorbell cannot be had in this JVM: its waiters poll. */
    private static volatile boolean unusable;

    private Doorbell() {
    }

    /**
     * This JVM's doorbell id, opening the doorbell on first use.
     *
     * @return the id, or 0 if this JVM has no doorbell (its waiters poll)
     */
    public static long id() {
        long id = ownId;
        if (id != 0 || unusable) {
            return id;
        }
        synchronized (OPENING) {
            if (ownId == 0 && !unusable) {
                open();
            }
            return ownId;
        }
    }

    private static void open() {
        Path checked = directory();
        if (checked == null) {
            return;
        }
        long id = DoorbellDirectory.ownId();
        try {
            DoorbellDirectory.deleteStale(checked);
            DoorbellListener opened = DoorbellListener.start(DoorbellDirectory.socket(checked, id));
            listener = opened;
            Runtime.getRuntime().addShutdownHook(new Thread(opened::close, "multiprocess4j-doorbell-close"));
            ownId = id;
        } catch (IOException | RuntimeException e) {
            giveUp("cannot open a doorbell in " + checked + ": " + e);
        }
    }

    /** The checked directory, or {@code null} if it cannot be used. */
    private static Path directory() {
        Path checked = directory;
        if (checked != null || unusable) {
            return checked;
        }
        synchronized (OPENING) {
            if (directory == null && !unusable) {
                try {
                    directory = DoorbellDirectory.open();
                } catch (IOException | RuntimeException e) {
                    giveUp(e.getMessage() != null ? e.getMessage() : e.toString());
                }
            }
            return directory;
        }
    }

    private static void giveUp(String why) {
        unusable = true;
        System.err.println("multiprocess4j: no doorbell, waiters for other processes poll every millisecond: " + why);
    }

    /** Called by the listener when it failed: this JVM's waiters go back to polling. */
    static void closed() {
        synchronized (OPENING) {
            ownId = 0;
            listener = null;
            giveUp("its socket failed");
        }
        wakeSleepers(null);
    }

    /**
     * Whether {@code id} is this JVM's own doorbell.
     */
    static boolean isOwn(long id) {
        return id != 0 && id == ownId;
    }

    /**
     * Rings the doorbell {@code id}: one byte, without waiting; this JVM's own rings by waking its sleepers directly.
     *
     * @return {@code false} if that doorbell cannot be reached (its process died or closed it), {@code true} if it was
     *     rung or may have been (a full socket, a connection still being made, no doorbell in this JVM to check
     *     directories with)
     */
    public static boolean ring(long id) {
        if (isOwn(id)) {
            wakeSleepers(null);
            return true;
        }
        Path checked = directory();
        if (checked == null) {
            return true;
        }
        SocketChannel connection = CONNECTIONS.get(id);
        try {
            if (connection == null) {
                connection = connect(checked, id);
                if (connection == null) {
                    return true;
                }
            }
            connection.write(ByteBuffer.wrap(new byte[] {1}));
            return true;
        } catch (IOException | RuntimeException e) {
            drop(id, connection);
            return false;
        }
    }

    private static SocketChannel connect(Path checked, long id) throws IOException {
        SocketChannel made = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            made.configureBlocking(false);
            if (!made.connect(UnixDomainSocketAddress.of(DoorbellDirectory.socket(checked, id)))) {
                made.close(); // its backlog is full: its sleepers look again at their next poll
                return null;
            }
        } catch (IOException | RuntimeException e) {
            made.close();
            throw e;
        }
        if (CONNECTIONS.size() >= MAX_CACHED) {
            CONNECTIONS.forEach(Doorbell::drop);
        }
        SocketChannel earlier = CONNECTIONS.putIfAbsent(id, made);
        if (earlier != null) {
            made.close();
            return earlier;
        }
        return made;
    }

    private static void drop(long id, SocketChannel connection) {
        if (connection == null) {
            return;
        }
        CONNECTIONS.remove(id, connection);
        try {
            connection.close();
        } catch (IOException e) {
            // dropped anyway
        }
    }

    /**
     * Marks {@code room}'s poller as sleeping, so that a ring of this JVM's doorbell wakes it, and marks this process
     * as sleeping in {@code sleepers}. The poller must look at the structure once more after this returns
     * {@code true}, before it sleeps: a change made before the mark was seen may have rung no one.
     *
     * @return whether the process is marked; {@code false} if this JVM has no doorbell (the poller polls)
     */
    static boolean markAsleep(WaitingRoom room, SleeperTable sleepers) {
        long id = id();
        if (id == 0) {
            return false;
        }
        if (sleepers.futexSleeps()) {
            DoorbellListener open = listener;
            if (open == null) {
                return false; // its socket failed: the poller polls
            }
            open.listenInBackground();
        }
        SLEEPING.add(room);
        sleepers.mark(id);
        return true;
    }

    /**
     * Sleeps for up to {@code nanos}, for the poller of {@code room}, marked asleep: listening on the doorbell (see
     * {@link DoorbellListener}) or parked.
     */
    static void sleep(WaitingRoom room, long nanos) {
        DoorbellListener open = listener;
        if (open == null) {
            LockSupport.parkNanos(room, nanos);
        } else {
            open.sleep(room, nanos);
        }
    }

    /** Undoes {@link #markAsleep}, when the poller's wait ends; another sleeper takes over listening. */
    static void awake(WaitingRoom room, SleeperTable sleepers) {
        sleepers.unmark();
        SLEEPING.remove(room);
        for (WaitingRoom other : SLEEPING) {
            other.wake();
            break;
        }
    }

    /** Cuts the sleep of {@code poller} short if it listens on the doorbell (a park is cut short by an unpark). */
    static void interrupt(Thread poller) {
        DoorbellListener open = listener;
        if (open != null) {
            open.interrupt(poller);
        }
    }

    /** Makes every sleeping poller of this JVM but {@code except}'s look again. */
    static void wakeSleepers(WaitingRoom except) {
        for (WaitingRoom room : SLEEPING) {
            if (room != except) {
                room.wake();
            }
        }
    }

    /**
     * The socket file of the doorbell {@code id}, for diagnostics.
     *
     * @return the path, or {@code null} if this JVM cannot use the doorbell directory
     */
    public static Path socketOf(long id) {
        Path checked = directory();
        return checked == null ? null : DoorbellDirectory.socket(checked, id);
    }
}
