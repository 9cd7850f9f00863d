package io.github.multiprocess4j.ipc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This JVM's doorbell: a Unix-domain socket that other processes of this user connect to and write bytes to. No
 * thread of its own listens on it: a sleeping poller does, so that a ring wakes the very thread that will look at the
 * shared memory, with no second thread to schedule on the way (on a busy machine each hop costs tens of
 * microseconds). One sleeping poller at a time, the <em>leader</em>, sleeps in {@code select} on the socket instead
 * of parking; the other sleepers park, and the leader unparks them when a ring comes ({@link Doorbell#wakeSleepers}).
 * When the leader's wait ends it unparks one other sleeper, which becomes the leader at its next sleep. While no
 * one listens, connections wait in the socket's backlog and bytes in its buffers, for the next leader.
 *
 * <p>In a JVM whose pollers sleep on futexes ({@link Futex}), no poller can listen; there one daemon thread of the
 * doorbell's own listens for as long as the JVM lives ({@link #listenInBackground()}), for the rings of processes
 * that cannot wake a futex, and turns each into a wake of this JVM's sleepers.
 *
 * <p>Every byte that arrives means only "look again": the bytes are read into a small buffer and dropped, never parsed.
 * A connection that ends or fails is closed; at most {@value #MAX_CONNECTIONS} are kept, and one more is closed at
 * once (its process then finds its connection closed, and falls back to its waiters' periodic look). The socket file
 * is deleted when the JVM exits normally; one left by a killed JVM is deleted by the next JVM that opens a doorbell
 * ({@link DoorbellDirectory#deleteStale}).
 *
 * <p>Failure: if the selector fails, the doorbell closes and this JVM's pollers poll, as they do without a doorbell
 * ({@link Doorbell#closed()}).
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
final class DoorbellListener {

    /** The most connections kept open: one per waking process, so far more than ever needed. */
    static final int MAX_CONNECTIONS = 1024;
    /** Sleeps shorter than this park: {@code select} counts in milliseconds. */
    private static final long MIN_SELECT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private volatile Thread leader;
    private volatile boolean closed;
    private final Path socket;
    private final ServerSocketChannel server;
    private final Selector selector;
    /** Held by the one thread that listens. */
    private final ReentrantLock listening = new ReentrantLock();
    /** Where the listening thread reads the bytes it drops. */
    private final ByteBuffer sink = ByteBuffer.allocate(64);
    /** The thread that listens for good, once started. */
    private Thread background;

    private DoorbellListener(Path socket, ServerSocketChannel server, Selector selector) {
        this.socket = socket;
        this.server = server;
        this.selector = selector;
    }

    /**
     * Binds the socket at {@code socket}, deleting what a dead process of the same id left there.
     *
     * @throws IOException if the socket cannot be bound
     */
    static DoorbellListener start(Path socket) throws IOException {
        Files.deleteIfExists(socket); // this process's id: only an earlier holder of the same pid and start left it
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = null;
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            server.close();
            if (selector != null) {
                selector.close();
            }
            Files.deleteIfExists(socket);
            throw e;
        }
        return new DoorbellListener(socket, server, selector);
    }

    Path socket() {
        return socket;
    }

    /**
     * Sleeps for up to {@code nanos}, for {@code room}'s poller: listening on the socket if no other thread does and
     * the sleep is long enough, else parked. Returns early on a ring, an unpark or {@link #interrupt(Thread)}, an
     * interrupt, or at once if {@code room} was {@linkplain WaitingRoom#wake() woken} since its last look.
     */
    void sleep(WaitingRoom room, long nanos) {
        if (nanos < MIN_SELECT_NANOS || closed || !listening.tryLock()) {
            LockSupport.parkNanos(this, nanos);
            return;
        }
        boolean rang = false;
        try {
            leader = Thread.currentThread();
            if (!room.wokenSinceLook()) { // read after writing leader: a wake either sees the leader or is seen here
                rang = listen(TimeUnit.NANOSECONDS.toMillis(nanos));
            }
        } finally {
            leader = null;
            listening.unlock();
        }
        if (rang) {
            Doorbell.wakeSleepers(room);
        }
    }

    /** Starts, once, a daemon thread that listens until the doorbell closes: for a JVM whose pollers cannot. */
    synchronized void listenInBackground() {
        if (background != null || closed) {
            return;
        }
        background = new Thread(this::listenUntilClosed, "multiprocess4j-doorbell");
        background.setDaemon(true);
        background.start();
    }

    /** The background thread, or {@code null} if none was started. */
    synchronized Thread background() {
        return background;
    }

    private void listenUntilClosed() {
        listening.lock();
        try {
            while (!closed) {
                if (listen(0)) {
                    Doorbell.wakeSleepers(null);
                }
            }
        } finally {
            listening.unlock();
        }
    }

    /** Waits on the socket, for up to {@code millis} or, if 0, until something happens: whether a ring came. */
    private boolean listen(long millis) {
        try {
            selector.select(millis);
            boolean rang = false;
            for (SelectionKey key : selector.selectedKeys()) {
                if (!key.isValid()) {
                    continue;
                }
                if (key.isAcceptable()) {
                    accept();
                } else if (key.isReadable()) {
                    rang |= drain(key);
                }
            }
            selector.selectedKeys().clear();
            return rang;
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                closeAll();
                Doorbell.closed();
            }
            return true;
        }
    }

    /** Cuts the sleep of {@code thread} short if it is listening. */
    void interrupt(Thread thread) {
        if (leader == thread) {
            selector.wakeup();
        }
    }

    private void accept() throws IOException {
        SocketChannel connection;
        while ((connection = server.accept()) != null) {
            if (selector.keys().size() > MAX_CONNECTIONS) {
                connection.close();
                continue;
            }
            connection.configureBlocking(false);
            connection.register(selector, SelectionKey.OP_READ);
        }
    }

    /** Reads what arrived and drops it: whether anything did. Closes a connection that ended or failed. */
    private boolean drain(SelectionKey key) {
        SocketChannel connection = (SocketChannel) key.channel();
        int read;
        try {
            sink.clear();
            read = connection.read(sink);
        } catch (IOException e) {
            read = -1;
        }
        if (read < 0) {
            key.cancel();
            try {
                connection.close();
            } catch (IOException e) {
                // closed anyway
            }
            return false;
        }
        return read > 0;
    }

    /** Stops listening and deletes the socket file. Idempotent. */
    void close() {
        closed = true;
        selector.wakeup();
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // the next JVM to open a doorbell deletes it as stale
        }
    }

    /** Closes the connections, the selector and the socket; by a listening thread, which alone uses the keys. */
    private void closeAll() {
        try {
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
        } catch (IOException | RuntimeException e) {
            // closing anyway
        }
        close();
    }
}
