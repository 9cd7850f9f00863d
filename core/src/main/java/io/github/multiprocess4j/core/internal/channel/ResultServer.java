package io.github.multiprocess4j.core.internal.channel;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The parent's end of the channel that results come back on: one loopback TCP socket per JVM that every child
 * connects to once, then says hello with the random token its parent wrote to its standard input. The connection
 * is handed to whoever registered that token, once; a connection that presents no registered token gets nothing.
 *
 * <p><b>Who can answer for a child.</b> Any local user can connect to a loopback port, so the token is what
 * proves a connection comes from the child: 128 random bits that travel only through the child's standard input,
 * a pipe between the two processes that no other user can read (command lines, by contrast, are public in
 * {@code /proc}). A token is used once and forgotten when its child exits.
 *
 * <p><b>Why it cannot be stalled.</b> One thread serves every connection until it has said hello, without blocking
 * (a selector), so idle connections cost no threads. A connection must say hello within {@link #HELLO_TIMEOUT_MILLIS};
 * at most {@link #MAX_UNGREETED} may be waiting to, and the oldest is dropped for a new one (a child says hello at
 * once, so the oldest is not a child's). The thread survives anything a connection does; should it still fail,
 * every child waiting for it is told why, and the next {@link #acquire()} opens a new server.
 *
 * <p><b>Lifetime.</b> Each child holds the server from before it starts until it is gone ({@link #acquire()},
 * {@link #release()}); when the last one lets go, the server closes and its thread ends, so that no thread of this
 * library outlives its use. The next child opens a new one, which takes about a millisecond.
 *
 * <p>Loopback TCP rather than a Unix-domain socket in a private directory, which no other user could even connect
 * to, because it is what a child opens fastest: measured here (medians of 25 JVMs that connect and exit),
 * a Unix-domain {@code SocketChannel} costs a child 18-24 ms more than a TCP socket on JDK 17 and 25, a fifth of
 * its start-up. What other users can still do is connect and be dropped.
 */
final class ResultServer {

    /** Bytes of a child's token. */
    static final int TOKEN_BYTES = 16;
    /**
     * How long a connection may take to say hello. A child says it at once, but on a machine busy enough (dozens of
     * JVMs starting on two cores) "at once" took seconds; the bound on waiting connections is what stops a flood.
     */
    static final long HELLO_TIMEOUT_MILLIS = 60_000;
    /** Connections that may be waiting to say hello at once; beyond that the oldest is dropped. */
    static final int MAX_UNGREETED = 256;

    private static final SecureRandom TOKENS = new SecureRandom();
    private static final int HELLO_BYTES = 1 + Integer.BYTES + TOKEN_BYTES;
    /** How long the server pauses when accepting fails (out of file descriptors, say), not to spin. */
    private static final long ACCEPT_FAILURE_PAUSE_MILLIS = 20;
    private static volatile ResultServer instance;

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Map<String, CompletableFuture<SocketChannel>> waiting = new ConcurrentHashMap<>();
    /** Connections that have not said hello yet, oldest first; touched by the server's thread only. */
    private final Deque<Ungreeted> ungreeted = new ArrayDeque<>();
    private volatile int ungreetedSize;
    private volatile Throwable failure;
    /** Children holding this server; guarded by the class's lock. */
    private int users;
    private volatile boolean closing;

    private ResultServer() throws IOException {
        server = ServerSocketChannel.open();
        selector = Selector.open();
        try {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), MAX_UNGREETED);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            closeQuietly(server);
            selector.close();
            throw e;
        }
        Thread thread = new Thread(this::serve, "multiprocess4j-result-server");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The running server, opening one if there is none or the last one failed, held until {@link #release()}.
     *
     * @throws UncheckedIOException if no socket can be opened
     */
    static ResultServer acquire() {
        synchronized (ResultServer.class) {
            ResultServer server = instance;
            if (server == null || server.failure != null) {
                try {
                    server = new ResultServer();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot open the socket that child JVMs report to", e);
                }
                instance = server;
            }
            server.users++;
            return server;
        }
    }

    /** Lets go of a server that {@link #acquire()} gave; the last to let go closes it. */
    void release() {
        synchronized (ResultServer.class) {
            if (--users > 0) {
                return;
            }
            if (instance == this) {
                instance = null;
            }
        }
        closing = true;
        closeQuietly(server);
        try {
            selector.close();
        } catch (IOException e) {
            // its thread ends either way
        }
    }

    /** Whether this server's thread has ended; for tests. */
    boolean closed() {
        return !server.isOpen();
    }

    /** Where children connect, as {@code address:port} with a literal address. */
    String address() {
        InetSocketAddress local;
        try {
            local = (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException("the result server's socket is closed", e);
        }
        return local.getAddress().getHostAddress() + ":" + local.getPort();
    }

    /**
     * Registers a new child: {@code connection} completes with its channel (in blocking mode) once it has said hello
     * with the returned token, or exceptionally if this server fails first.
     *
     * @return the token, to be written to the child's standard input and nowhere else
     * @throws IllegalStateException if this server has failed
     */
    byte[] expect(CompletableFuture<SocketChannel> connection) {
        byte[] token;
        do {
            token = newToken();
        } while (waiting.putIfAbsent(key(token), connection) != null);
        Throwable failed = failure;
        if (failed != null && forget(token)) {
            throw new IllegalStateException("the result server failed: " + failed, failed);
        }
        return token;
    }

    /**
     * A new random token of {@link #TOKEN_BYTES} bytes, for a child to prove itself with.
     *
     * @return the token, to be written to the child's standard input and nowhere else
     */
    static byte[] newToken() {
        byte[] token = new byte[TOKEN_BYTES];
        TOKENS.nextBytes(token);
        return token;
    }

    /**
     * Forgets a token whose child will never connect (it died or was never started).
     *
     * @return {@code false} if the child has connected after all: its connection is being handed over
     */
    boolean forget(byte[] token) {
        return waiting.remove(key(token)) != null;
    }

    /** How many connections are waiting to say hello; for tests. */
    int ungreetedCount() {
        return ungreetedSize;
    }

    private void serve() {
        try {
            while (!closing) {
                try {
                    selector.select(Math.max(1, nextDeadline() - System.currentTimeMillis()));
                    handleSelected();
                    dropLate();
                    ungreetedSize = ungreeted.size();
                } catch (ClosedSelectorException e) {
                    if (!closing) {
                        throw e;
                    }
                } catch (IOException | RuntimeException | OutOfMemoryError e) {
                    if (!closing) {
                        // one connection's trouble, or a transient shortage: keep serving the others
                        pause();
                    }
                }
            }
            closeAll();
        } catch (Throwable e) {
            fail(e);
        }
    }

    private void handleSelected() throws IOException {
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        List<Ungreeted> greeted = new ArrayList<>();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            if (!key.isValid()) {
                continue;
            }
            if (key.isAcceptable()) {
                acceptAll();
            } else if (key.isReadable()) {
                Ungreeted connection = (Ungreeted) key.attachment();
                if (connection.read()) {
                    key.cancel();
                    ungreeted.remove(connection);
                    greeted.add(connection);
                }
            }
        }
        if (!greeted.isEmpty()) {
            selector.selectNow();
            for (Ungreeted connection : greeted) {
                handOver(connection);
            }
        }
    }

    private void acceptAll() throws IOException {
        SocketChannel channel;
        while ((channel = acceptOne()) != null) {
            try {
                channel.configureBlocking(false);
                Ungreeted connection = new Ungreeted(channel, System.currentTimeMillis() + HELLO_TIMEOUT_MILLIS);
                channel.register(selector, SelectionKey.OP_READ, connection);
                ungreeted.addLast(connection);
            } catch (IOException | RuntimeException e) {
                closeQuietly(channel);
            }
            if (ungreeted.size() > MAX_UNGREETED) {
                ungreeted.removeFirst().drop();
            }
        }
    }

    private SocketChannel acceptOne() throws IOException {
        try {
            return server.accept();
        } catch (IOException e) {
            if (!server.isOpen()) {
                throw e;
            }
            pause();
            return null;
        }
    }

    private void handOver(Ungreeted connection) {
        CompletableFuture<SocketChannel> receiver = connection.valid ? waiting.remove(key(connection.token())) : null;
        if (receiver == null) {
            closeQuietly(connection.channel);
            return;
        }
        try {
            connection.channel.configureBlocking(true);
            connection.channel.socket().setTcpNoDelay(true);
            receiver.complete(connection.channel);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            closeQuietly(connection.channel);
            receiver.completeExceptionally(e);
        }
    }

    private long nextDeadline() {
        Ungreeted oldest = ungreeted.peekFirst();
        return oldest == null ? System.currentTimeMillis() + HELLO_TIMEOUT_MILLIS : oldest.deadline;
    }

    private void dropLate() {
        long now = System.currentTimeMillis();
        while (!ungreeted.isEmpty() && ungreeted.peekFirst().deadline <= now) {
            ungreeted.removeFirst().drop();
        }
    }

    /** The server cannot go on: tell every child waiting for it, and let the next launch open another. */
    private void fail(Throwable cause) {
        failure = cause;
        closeAll();
        for (String token : List.copyOf(waiting.keySet())) {
            CompletableFuture<SocketChannel> receiver = waiting.remove(token);
            if (receiver != null) {
                receiver.completeExceptionally(new IllegalStateException("the result server failed: " + cause, cause));
            }
        }
    }

    private void closeAll() {
        closeQuietly(server);
        try {
            selector.close();
        } catch (IOException | RuntimeException e) {
            // closing anyway
        }
        for (Ungreeted connection : ungreeted) {
            closeQuietly(connection.channel);
        }
        ungreeted.clear();
    }

    /** Breaks this server's selector under its thread, as a failure it cannot survive would; for tests. */
    void breakForTest() throws IOException {
        selector.close();
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(ACCEPT_FAILURE_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String key(byte[] token) {
        return HexFormat.of().formatHex(token);
    }

    static DataInputStream inputOf(SocketChannel connection) {
        return new DataInputStream(new BufferedInputStream(Channels.newInputStream(connection), 1 << 16));
    }

    static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    /** A connection that has not said hello yet, and what it has said so far. */
    private static final class Ungreeted {
        final SocketChannel channel;
        final long deadline;
        final ByteBuffer hello = ByteBuffer.allocate(HELLO_BYTES);
        boolean valid;

        Ungreeted(SocketChannel channel, long deadline) {
            this.channel = channel;
            this.deadline = deadline;
        }

        /**
         * Reads what has arrived.
         *
         * @return whether the connection is done saying hello: {@link #valid} tells if it said it correctly
         */
        boolean read() {
            int read;
            try {
                read = channel.read(hello);
            } catch (IOException e) {
                return true;
            }
            if (read < 0) {
                return true;
            }
            if (hello.hasRemaining()) {
                return false;
            }
            hello.flip();
            valid = hello.get() == Frames.HELLO && hello.getInt() == TOKEN_BYTES;
            return true;
        }

        byte[] token() {
            byte[] token = new byte[TOKEN_BYTES];
            hello.get(1 + Integer.BYTES, token);
            return token;
        }

        void drop() {
            closeQuietly(channel);
        }
    }
}
