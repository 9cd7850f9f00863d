package io.github.multiprocess4j.core;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One running child JVM as the parent sees it: frames go to it over its standard input (first the token it proves
 * itself with), frames come back over the {@link ResultServer} socket, and its output is forwarded line by line. {@link #gone()} completes once the
 * process has exited and everything it sent and printed has been handled.
 *
 * <p>Thread-safe. Frames are delivered to the listener in order, on one thread.
 */
final class ChildProcess {

    /** How long an exited child's connection may still be waiting to be accepted. */
    private static final long CONNECT_GRACE_MILLIS = 250;
    /** How long to wait for the last frames and lines once the child has exited. */
    private static final long DRAIN_MILLIS = 2_000;
    private static final int STDERR_TAIL_LINES = 20;

    private final String name;
    private final Output output;
    private final Consumer<Frames.Frame> listener;
    private final ResultServer server = ResultServer.acquire();
    private final byte[] token;
    private final Process process;
    private final DataOutputStream stdin;
    private final StringBuffer captured = new StringBuffer();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final CompletableFuture<SocketChannel> connection = new CompletableFuture<>();
    private final CompletableFuture<Void> framesDone = new CompletableFuture<>();
    private final CompletableFuture<Void> stdoutDone = new CompletableFuture<>();
    private final CompletableFuture<Void> stderrDone = new CompletableFuture<>();
    private final CompletableFuture<Integer> gone = new CompletableFuture<>();

    private ChildProcess(String name, List<String> jvmArgs, Output output, ClassLoader taskLoader, String mode,
            Consumer<Frames.Frame> listener) throws IOException {
        this.name = name;
        this.output = output;
        this.listener = listener;
        StartupArchive.Plan archive = StartupArchive.NONE;
        byte[] expected = null;
        try {
            expected = server.expect(connection);
            archive = StartupArchive.plan();
            ProcessBuilder builder = new ProcessBuilder(
                    ChildCommand.build(jvmArgs, archive, taskLoader, server.address(), mode));
            InheritedJvmArguments.clearEnvironment(builder.environment());
            if (output == Output.DISCARD) {
                builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            }
            process = Spawning.withRetries(builder::start);
        } catch (IOException | RuntimeException e) {
            if (expected != null) {
                server.forget(expected);
            }
            server.release();
            archive.childExited(-1);
            throw e;
        }
        this.token = expected;
        Children.add(process);
        stdin = new DataOutputStream(process.getOutputStream());
        try {
            send(Frames.HELLO, token);
        } catch (IOException e) {
            // it died at once; its exit says why
        }
        connection.whenComplete((channel, failure) -> {
            if (failure != null) {
                framesDone.complete(null);
            } else {
                IoThreads.start(name + "-results", () -> readFrames(channel));
            }
        });
        if (output == Output.DISCARD) {
            stdoutDone.complete(null);
        } else {
            IoThreads.start(name + "-stdout", () -> pump(process.getInputStream(), false, stdoutDone));
        }
        IoThreads.start(name + "-stderr", () -> pump(process.getErrorStream(), true, stderrDone));
        process.onExit().thenRunAsync(this::afterExit, runnable -> IoThreads.start(name + "-exit", runnable));
        gone.thenAccept(archive::childExited);
    }

    /**
     * Starts a child JVM.
     *
     * @param mode {@link ChildMain#ONCE} or {@link ChildMain#POOL}
     * @param listener receives every frame the child sends, in order, on one thread
     * @throws IOException if the process cannot be started
     */
    static ChildProcess start(String name, List<String> jvmArgs, Output output, ClassLoader taskLoader,
            String mode, Consumer<Frames.Frame> listener) throws IOException {
        return new ChildProcess(name, jvmArgs, output, taskLoader, mode, listener);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Whether the child has connected back: it got as far as running {@link ChildMain}. */
    boolean connected() {
        return connection.isDone() && !connection.isCompletedExceptionally();
    }

    /**
     * Why the child could not report back, if the parent's end of the channel failed while it was starting.
     *
     * @return the failure, or {@code null}
     */
    Throwable channelFailure() {
        if (!connection.isCompletedExceptionally()) {
            return null;
        }
        try {
            connection.join();
            return null;
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }

    /** Sends one frame to the child's standard input. */
    void send(byte type, byte[] payload) throws IOException {
        synchronized (stdin) {
            Frames.write(stdin, type, payload);
        }
    }

    /**
     * Sends SIGTERM. Through the process handle, because {@link Process#destroy()} also closes the pipes, which
     * would lose the child's last output and look to it like its parent died.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    /** Sends SIGKILL, leaving the pipes to drain what the child had already written. */
    void kill() {
        process.toHandle().destroyForcibly();
    }

    /** Completes with the exit code once the child has exited and its frames and output have been handled. */
    CompletableFuture<Integer> gone() {
        return gone;
    }

    String output() {
        return captured.toString();
    }

    /** The last lines the child wrote to its standard error, to quote in a failure. */
    String stderrTail() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    private void readFrames(SocketChannel channel) {
        try (channel) {
            DataInputStream in = ResultServer.inputOf(channel);
            Frames.Frame frame;
            while ((frame = Frames.read(in)) != null) {
                listener.accept(frame);
            }
        } catch (IOException e) {
            // the child died mid-frame: what it did not finish sending is lost, and its exit says why
        } finally {
            framesDone.complete(null);
        }
    }

    private void pump(InputStream stream, boolean isStderr, CompletableFuture<Void> done) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                forward(line, isStderr);
            }
        } catch (IOException e) {
            // the stream closed under us: the process is gone
        } finally {
            done.complete(null);
        }
    }

    private void forward(String line, boolean isStderr) {
        if (isStderr) {
            synchronized (stderrTail) {
                if (stderrTail.size() == STDERR_TAIL_LINES) {
                    stderrTail.removeFirst();
                }
                stderrTail.addLast(line);
            }
        }
        switch (output) {
            case INHERIT:
                (isStderr ? System.err : System.out).println(line);
                break;
            case CAPTURE:
                captured.append(line).append('\n');
                break;
            default:
                break;
        }
    }

    private void afterExit() {
        if (!connection.isDone() && !await(connection, CONNECT_GRACE_MILLIS) && server.forget(token)) {
            framesDone.complete(null);
        }
        await(framesDone, DRAIN_MILLIS);
        await(CompletableFuture.allOf(stdoutDone, stderrDone), DRAIN_MILLIS);
        connection.thenAccept(ResultServer::closeQuietly);
        server.release();
        gone.complete(process.exitValue());
    }

    private static boolean await(CompletableFuture<?> future, long millis) {
        try {
            future.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
