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

/**
 * This JVM's doorbell: a Unix-domain socket that other processes of this user connect to and write bytes to, and the
 * one daemon thread that listens on it. Every byte that arrives means only "look again": the bytes are read into a
 * small buffer and dropped, never parsed, and each read that got any wakes this JVM's sleeping pollers
 * ({@link Doorbell#wakeSleepers()}). A connection that ends or fails is closed; at most {@value #MAX_CONNECTIONS}
 * are kept, and one more is closed at once (its process then finds its connection closed, and falls back to its
 * waiters' periodic look). The socket file is deleted when the JVM exits normally; one left by a killed JVM is deleted
 * by the next JVM that opens a doorbell ({@link DoorbellDirectory#deleteStale}).
 *
 * <p>Failure: if the thread's selector fails, the doorbell closes and this JVM's pollers poll, as they do without
 * a doorbell ({@link Doorbell#closed()}).
 *
 * <p>Thread-safety: made once by {@link Doorbell}; {@link #close()} may be called from any thread.
 */
final class DoorbellListener implements Runnable {

    /** The most connections kept open: one per waking process, so far more than ever needed. */
    static final int MAX_CONNECTIONS = 1024;

    private final Path socket;
    private final ServerSocketChannel server;
    private final Selector selector;
    private volatile boolean closed;

    private DoorbellListener(Path socket, ServerSocketChannel server, Selector selector) {
        this.socket = socket;
        this.server = server;
        this.selector = selector;
    }

    /**
     * Binds the socket at {@code socket} (deleting what a dead process of the same id left there) and starts the
     * listening thread, a daemon, so that it never keeps the JVM from exiting.
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
        DoorbellListener listener = new DoorbellListener(socket, server, selector);
        Thread thread = new Thread(listener, "multiprocess4j-doorbell");
        thread.setDaemon(true);
        thread.start();
        return listener;
    }

    Path socket() {
        return socket;
    }

    @Override
    public void run() {
        ByteBuffer sink = ByteBuffer.allocate(64);
        try {
            while (!closed) {
                selector.select();
                boolean rang = false;
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else if (key.isReadable()) {
                        rang |= drain(key, sink);
                    }
                }
                selector.selectedKeys().clear();
                if (rang) {
                    Doorbell.wakeSleepers();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                Doorbell.closed();
            }
        } finally {
            closeAll();
        }
    }

    private void accept() throws IOException {
        SocketChannel connection = server.accept();
        if (connection == null) {
            return;
        }
        if (selector.keys().size() > MAX_CONNECTIONS) {
            connection.close();
            return;
        }
        connection.configureBlocking(false);
        connection.register(selector, SelectionKey.OP_READ);
    }

    /** Reads what arrived and drops it: whether anything did. Closes a connection that ended or failed. */
    private static boolean drain(SelectionKey key, ByteBuffer sink) {
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

    /** Stops listening and deletes the socket file; the thread closes the connections as it ends. Idempotent. */
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

    /** On the listening thread, as it ends: closes the connections and the selector, then {@link #close()}. */
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
