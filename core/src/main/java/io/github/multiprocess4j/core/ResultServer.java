package io.github.multiprocess4j.core;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The parent's end of the channel that results come back on: one loopback TCP socket per JVM that every child
 * connects to once. A child proves who it is with the random 64-bit token it was given on its command line;
 * the connection is then handed to whoever registered that token. Connections that present no known token are
 * dropped.
 *
 * <p>Loopback TCP rather than a Unix-domain socket because it is what a child opens fastest: a Unix-domain
 * {@code SocketChannel} costs the child about 50 ms more at start-up on JDK 17 (a service-loader scan of the
 * class path and a {@code SecureRandom}).
 *
 * <p>Started on first use; its thread is a daemon.
 */
final class ResultServer {

    private static final SecureRandom TOKENS = new SecureRandom();
    private static final int HELLO_BYTES = 1 + Integer.BYTES + Long.BYTES;
    private static volatile ResultServer instance;

    private final ServerSocket server;
    private final Map<Long, Consumer<Socket>> waiting = new ConcurrentHashMap<>();

    private ResultServer() throws IOException {
        server = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptForever, "multiprocess4j-result-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static ResultServer get() {
        ResultServer server = instance;
        if (server == null) {
            synchronized (ResultServer.class) {
                server = instance;
                if (server == null) {
                    try {
                        server = new ResultServer();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot open the socket that child JVMs report to", e);
                    }
                    instance = server;
                }
            }
        }
        return server;
    }

    /** Where children connect, as {@code address:port} with a literal address. */
    String address() {
        return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    /**
     * Registers a new child: {@code onConnect} receives its connection once it has said hello.
     *
     * @return the token the child must present
     */
    long expect(Consumer<Socket> onConnect) {
        while (true) {
            long token = TOKENS.nextLong();
            if (waiting.putIfAbsent(token, onConnect) == null) {
                return token;
            }
        }
    }

    /**
     * Forgets a token whose child will never connect (it died or was never started).
     *
     * @return {@code false} if the child has connected after all: its connection is being handed over
     */
    boolean forget(long token) {
        return waiting.remove(token) != null;
    }

    private void acceptForever() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                IoThreads.start("multiprocess4j-hello", () -> greet(connection));
            } catch (IOException e) {
                // a connection that failed while being accepted concerns only that child
            }
        }
    }

    private void greet(Socket connection) {
        try {
            connection.setTcpNoDelay(true);
            byte[] hello = connection.getInputStream().readNBytes(HELLO_BYTES);
            ByteBuffer buffer = ByteBuffer.wrap(hello);
            boolean valid = hello.length == HELLO_BYTES && buffer.get() == Frames.HELLO
                    && buffer.getInt() == Long.BYTES;
            Consumer<Socket> onConnect = valid ? waiting.remove(buffer.getLong()) : null;
            if (onConnect == null) {
                closeQuietly(connection);
                return;
            }
            onConnect.accept(connection);
        } catch (IOException e) {
            closeQuietly(connection);
        }
    }

    static DataInputStream inputOf(Socket connection) throws IOException {
        return new DataInputStream(new BufferedInputStream(connection.getInputStream(), 1 << 16));
    }

    static void closeQuietly(Socket connection) {
        try {
            connection.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
