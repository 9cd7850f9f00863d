package io.github.multiprocess4j.core.internal.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.core.IndexedTask;
import io.github.multiprocess4j.core.ProcessPool;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The result server under connections that are not children: silent, malformed, or many. Pools' workers are what
 * answer on it (a child that runs one task answers in a file), so the launches here run on a fresh pool each.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ResultServerTest {

    private static final int SILENT_CONNECTIONS = 1_000;

    @Test
    void aThousandSilentConnectionsCostNoThreadsAndStallNoLaunch() throws Exception {
        ResultServer server = ResultServer.acquire();
        assertThat(runOnPool(2, i -> i * 10)).containsExactly(0, 10);
        List<Socket> silent = new ArrayList<>();
        try {
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
            connect(server, silent, SILENT_CONNECTIONS / 2);
            assertThat(runOnPool(2, i -> i * 10)).as("launched during the flood").containsExactly(0, 10);
            int threadsDuring = ManagementFactory.getThreadMXBean().getThreadCount();
            connect(server, silent, SILENT_CONNECTIONS / 2);

            assertThat(ManagementFactory.getThreadMXBean().getThreadCount())
                    .as("threads after %s silent connections", SILENT_CONNECTIONS)
                    .isLessThanOrEqualTo(Math.max(threadsBefore, threadsDuring) + 2);
            assertThat(runOnPool(3, i -> "during-" + i)).containsExactly("during-0", "during-1", "during-2");
            assertThat(server.ungreetedCount()).isLessThanOrEqualTo(ResultServer.MAX_UNGREETED);
            assertThat(closedByServer(silent)).as("silent connections the server dropped")
                    .isGreaterThanOrEqualTo(SILENT_CONNECTIONS - ResultServer.MAX_UNGREETED);
        } finally {
            for (Socket socket : silent) {
                socket.close();
            }
        }
        assertThat(runOnPool(2, i -> "after-" + i)).containsExactly("after-0", "after-1");
        assertThat(ResultServer.acquire()).isSameAs(server);
        server.release();
        server.release();
    }

    @Test
    void malformedHellosAreDroppedAndLaunchesGoOn() throws Exception {
        ResultServer server = ResultServer.acquire();
        List<byte[]> hellos = List.of(
                new byte[] {Frames.RESULT, 0, 0, 0, 16, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
                new byte[] {Frames.HELLO, 0, 0, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
                new byte[] {Frames.HELLO, 0x7f, -1, -1, -1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
                new byte[] {Frames.HELLO, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                new byte[] {Frames.HELLO, 0, 0, 0},
                new byte[0]);
        for (byte[] hello : hellos) {
            try (Socket socket = connect(server)) {
                socket.getOutputStream().write(hello);
                socket.shutdownOutput();
                socket.setSoTimeout((int) ResultServer.HELLO_TIMEOUT_MILLIS * 2);
                assertThat(socket.getInputStream().read()).as("the server's answer to %s bytes", hello.length)
                        .isEqualTo(-1);
            }
        }
        assertThat(runOnPool(2, i -> "after-" + i)).containsExactly("after-0", "after-1");
        server.release();
    }

    @Test
    void aTokenIsHonouredOnce() throws Exception {
        ResultServer server = ResultServer.acquire();
        CompletableFuture<SocketChannel> first = new CompletableFuture<>();
        byte[] token = server.expect(first);
        try (Socket genuine = connect(server); Socket second = connect(server)) {
            Frames.write(new DataOutputStream(genuine.getOutputStream()), Frames.HELLO, token);
            SocketChannel accepted = first.get(10, TimeUnit.SECONDS);
            Frames.write(new DataOutputStream(second.getOutputStream()), Frames.HELLO, token);
            second.setSoTimeout(20_000);

            assertThat(second.getInputStream().read()).as("a second hello with a used token").isEqualTo(-1);
            assertThat(server.forget(token)).isFalse();
            accepted.close();
        } finally {
            server.release();
        }
    }

    @Test
    void aServerThatFailsTellsItsChildrenAndIsReplaced() throws Exception {
        ResultServer broken = ResultServer.acquire();
        CompletableFuture<SocketChannel> waiting = new CompletableFuture<>();
        broken.expect(waiting);

        broken.breakForTest();

        assertThat(waiting).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                .withMessageContaining("the result server failed");
        assertThat(runOnPool(1, i -> "after")).containsExactly("after");
        ResultServer next = ResultServer.acquire();
        assertThat(next).isNotSameAs(broken);
        next.release();
        broken.release();
    }

    @Test
    void theServerClosesWhenItsLastChildIsGoneAndTheNextLaunchOpensAnother() throws Exception {
        assertThat(runOnPool(2, i -> i)).containsExactly(0, 1);
        ResultServer first = ResultServer.acquire();
        first.release();

        assertThat(first.closed()).isTrue();
        assertThat(runOnPool(2, i -> i + 1)).containsExactly(1, 2);
        ResultServer second = ResultServer.acquire();
        assertThat(second).isNotSameAs(first);
        second.release();
    }

    /** Runs {@code n} tasks on a new pool of {@code n} workers, which is closed (its workers gone) on return. */
    private static <T> List<T> runOnPool(int n, IndexedTask<T> task) throws Exception {
        try (ProcessPool pool = ProcessPool.create(n)) {
            List<CompletableFuture<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.call(index)));
            }
            List<T> results = new ArrayList<>();
            for (CompletableFuture<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        }
    }

    private static void connect(ResultServer server, List<Socket> into, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            into.add(connect(server));
        }
    }

    private static Socket connect(ResultServer server) throws IOException {
        String address = server.address();
        int colon = address.lastIndexOf(':');
        return new Socket(InetAddress.getByName(address.substring(0, colon)),
                Integer.parseInt(address.substring(colon + 1)));
    }

    /** How many of the sockets the server has closed, waiting a little for it to get round to them. */
    private static int closedByServer(List<Socket> sockets) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int closed;
        do {
            closed = 0;
            for (Socket socket : sockets) {
                socket.setSoTimeout(1);
                try {
                    if (socket.getInputStream().read() < 0) {
                        closed++;
                    }
                } catch (SocketTimeoutException e) {
                    // still open
                } catch (IOException e) {
                    closed++;
                }
            }
        } while (closed < sockets.size() - ResultServer.MAX_UNGREETED && System.nanoTime() < deadline);
        return closed;
    }
}
