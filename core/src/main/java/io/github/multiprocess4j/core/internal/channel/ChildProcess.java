package io.github.multiprocess4j.core.internal.channel;

import io.github.multiprocess4j.core.Output;
import io.github.multiprocess4j.core.internal.startup.ChildJvm;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One running child JVM as the parent sees it: frames go to it over its standard input (first the token it proves
 * itself with, then tasks), answers come back over the {@link ResultServer} socket from a pool's worker, or in a
 * {@link ResultFile} from a child that runs one task, and its output is forwarded line by line. A pool's worker gets
 * its tasks and sends its answers through {@link PoolRings} in shared memory instead, unless the system property
 * {@value #TRANSPORT_PROPERTY} is {@code streams} or the rings cannot be made; the streams then only ring it awake. {@link #gone()}
 * completes once the process has exited and everything it sent and printed has been handled.
 *
 * <p>Thread-safe. Answers are delivered to the listener in order, on one thread; a frame of any other kind from the
 * child is ignored. Nothing here fails because the child dies: what it did not finish sending is lost, and its exit
 * code (from {@link #gone()}) says why.
 */
public final class ChildProcess {

    /** How long an exited child's connection may still be waiting to be accepted. */
    private static final long CONNECT_GRACE_MILLIS = 250;
    /** How long to wait for the last frames and lines once the child has exited. */
    private static final long DRAIN_MILLIS = 2_000;
    private static final int STDERR_TAIL_LINES = 20;
    /** {@code rings} (the default) or {@code streams}: how a pool's workers get tasks and send answers. */
    static final String TRANSPORT_PROPERTY = "multiprocess4j.poolTransport";
    private static final byte WAKE = 0;

    private final String name;
    private final Output output;
    private final Consumer<Answer> listener;
    /** Where a pool's worker answers; {@code null} for a child that runs one task. */
    private final ResultServer server;
    /** Where a child that runs one task answers; {@code null} for a pool's worker. */
    private final ResultFile resultFile;
    private final byte[] token;
    private final Process process;
    private final DataOutputStream stdin;
    /** Where task frames go: standard input, or the tasks ring. */
    private final DataOutputStream tasks;
    /** A pool's worker's rings, or {@code null}. */
    private final PoolRings rings;
    private final StringBuffer captured = new StringBuffer();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final CompletableFuture<SocketChannel> connection = new CompletableFuture<>();
    private final CompletableFuture<Void> framesDone = new CompletableFuture<>();
    private final CompletableFuture<Void> stdoutDone = new CompletableFuture<>();
    private final CompletableFuture<Void> stderrDone = new CompletableFuture<>();
    private final CompletableFuture<Integer> gone = new CompletableFuture<>();
    /** Why the answer file could not be read, or {@code null}. */
    private volatile IOException resultFileFailure;

    private ChildProcess(String name, List<String> jvmArgs, Output output, ClassLoader taskLoader, String mode,
            Consumer<Answer> listener, Map<String, String> environment, Path directory) throws IOException {
        this.name = name;
        this.output = output;
        this.listener = listener;
        boolean pool = ChildMain.POOL.equals(mode);
        server = pool ? ResultServer.acquire() : null;
        rings = pool ? newRings() : null;
        byte[] expected = null;
        ChildJvm jvm;
        try {
            expected = pool ? server.expect(connection) : ResultServer.newToken();
            resultFile = pool ? null : ResultFile.next();
            String answerTo = pool ? server.address() : resultFile.path();
            jvm = ChildJvm.start(ChildMain.class, List.of(answerTo, mode), jvmArgs, taskLoader,
                    output == Output.DISCARD, environment, directory, TrainingTask.INSTANCE);
        } catch (IOException | RuntimeException e) {
            if (pool) {
                if (expected != null) {
                    server.forget(expected);
                }
                server.release();
            }
            if (rings != null) {
                rings.unlink();
            }
            throw e;
        }
        this.token = expected;
        process = jvm.process();
        stdin = new DataOutputStream(process.getOutputStream());
        tasks = rings == null ? stdin
                : new DataOutputStream(rings.tasks().writer(this::wakeWorker, process::isAlive));
        try {
            synchronized (stdin) {
                Frames.write(stdin, Frames.HELLO, token);
                if (pool) {
                    Frames.write(stdin, Frames.TRANSPORT,
                            rings == null ? new byte[0] : rings.path().getBytes(StandardCharsets.UTF_8));
                }
            }
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
        gone.thenAccept(jvm::exited);
    }

    /**
     * Starts a child JVM.
     *
     * @param name the child's name, for its threads and messages
     * @param jvmArgs the launch's or pool's own JVM arguments
     * @param output what happens to its standard output and error
     * @param taskLoader the class loader of its tasks, whose files go on its class path
     * @param mode {@link ChildMain#ONCE} or {@link ChildMain#POOL}
     * @param listener receives every answer the child sends, in order, on one thread
     * @param environment variables set in its environment, over those it inherits
     * @param directory its working directory, or {@code null} for this JVM's
     * @return the started child
     * @throws IOException if the process cannot be started
     * @throws java.io.UncheckedIOException if the socket a pool's workers report to cannot be opened
     */
    public static ChildProcess start(String name, List<String> jvmArgs, Output output, ClassLoader taskLoader,
            String mode, Consumer<Answer> listener, Map<String, String> environment, Path directory)
            throws IOException {
        return new ChildProcess(name, jvmArgs, output, taskLoader, mode, listener, environment, directory);
    }

    /**
     * The child's process id.
     *
     * @return the pid
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Whether the process still runs.
     *
     * @return {@code false} once it has exited
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Whether a pool's worker has connected back: it got as far as running {@link ChildMain}. A child that runs one
     * task never connects: it answers in a file.
     *
     * @return {@code true} once its connection has been handed over
     */
    public boolean connected() {
        return connection.isDone() && !connection.isCompletedExceptionally();
    }

    /**
     * Runs an action once a pool's worker has connected back, on the thread that accepts it, or at once if it has;
     * never if it does not connect (nor for a child that runs one task).
     *
     * @param action what to run
     */
    public void whenConnected(Runnable action) {
        connection.thenRun(action);
    }

    /**
     * Why the child could not report back: the parent's end of the socket failed while it was starting, or the
     * file it answered in is not a whole answer although it exited as a child that answered does.
     *
     * @return the failure, or {@code null}
     */
    public Throwable channelFailure() {
        if (resultFileFailure != null) {
            return resultFileFailure;
        }
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

    /**
     * Sends a task, which the child runs after those sent before it.
     *
     * @param id the task's id, which its answer carries
     * @param index the index the task is called with, if it takes one
     * @param encodedTask the task as {@code ValueCodec.encodeTask} encoded it
     * @throws IOException if it could not be written: the child has died
     */
    public void sendTask(long id, int index, byte[] encodedTask) throws IOException {
        send(Frames.TASK, Messages.task(id, index, encodedTask));
    }

    /** Asks the child to exit once it has run the tasks sent before; does nothing if it has exited already. */
    public void askToExit() {
        try {
            send(Frames.SHUTDOWN, new byte[0]);
        } catch (IOException e) {
            // already gone
        }
    }

    /**
     * Sends one frame to the child: on its standard input, or in the tasks ring. A frame put in the ring of a child
     * that has exited fails as a write to the pipe of one does, so that the task is known not to have reached it.
     */
    private void send(byte type, byte[] payload) throws IOException {
        synchronized (stdin) {
            Frames.write(tasks, type, payload);
            if (rings != null && !process.isAlive()) {
                throw new IOException(name + " has exited");
            }
        }
    }

    /** Rings a worker that sleeps on its standard input for want of tasks; called while sending, under the lock. */
    private void wakeWorker() throws IOException {
        stdin.write(WAKE);
        stdin.flush();
    }

    /** The rings for a new pool worker, or {@code null} to use the streams. */
    private PoolRings newRings() {
        if ("streams".equals(System.getProperty(TRANSPORT_PROPERTY))) {
            return null;
        }
        try {
            return PoolRings.create();
        } catch (IOException | RuntimeException e) {
            PoolRings.reportUnavailable(e);
            return null;
        }
    }

    /**
     * Sends SIGTERM. Through the process handle, because {@link Process#destroy()} also closes the pipes, which
     * would lose the child's last output and look to it like its parent died.
     */
    public void terminate() {
        process.toHandle().destroy();
    }

    /** Sends SIGKILL, leaving the pipes to drain what the child had already written. */
    public void kill() {
        process.toHandle().destroyForcibly();
    }

    /**
     * Completes with the exit code once the child has exited and its answers and output have been handled.
     *
     * @return the future exit code
     */
    public CompletableFuture<Integer> gone() {
        return gone;
    }

    /**
     * What the child printed, when its output is {@link Output#CAPTURE}d.
     *
     * @return the lines so far, each ending in {@code \n}
     */
    public String output() {
        return captured.toString();
    }

    /**
     * The last lines the child wrote to its standard error, to quote in a failure.
     *
     * @return up to 20 lines, joined by {@code \n}
     */
    public String stderrTail() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    private void readFrames(SocketChannel channel) {
        try (channel) {
            DataInputStream socket = ResultServer.inputOf(channel);
            DataInputStream in = rings == null ? socket
                    : new DataInputStream(rings.answers().reader(() -> socket.read() >= 0));
            Frames.Frame frame;
            while ((frame = Frames.read(in)) != null) {
                if (frame.type == Frames.RESULT || frame.type == Frames.FAILURE) {
                    listener.accept(new Answer(frame.type == Frames.FAILURE, frame.payload));
                }
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
        if (rings != null) {
            rings.unlink();
        }
        if (resultFile != null) {
            readResultFile();
        } else if (!connection.isDone() && !await(connection, CONNECT_GRACE_MILLIS) && server.forget(token)) {
            framesDone.complete(null);
        }
        await(framesDone, DRAIN_MILLIS);
        await(CompletableFuture.allOf(stdoutDone, stderrDone), DRAIN_MILLIS);
        connection.thenAccept(ResultServer::closeQuietly);
        if (server != null) {
            server.release();
        }
        gone.complete(process.exitValue());
    }

    /**
     * Hands the answer the child left in its file to the listener. A file that is not a whole answer is a failure
     * only if the child exited as an answering child does: one that was killed or died may have been writing it.
     */
    private void readResultFile() {
        try {
            Answer answer = resultFile.readAndDelete(token);
            if (answer != null) {
                listener.accept(answer);
            }
        } catch (IOException e) {
            int exitCode = process.exitValue();
            if (exitCode == 0 || exitCode == ChildMain.EXIT_TASK_FAILED) {
                resultFileFailure = new IOException("cannot read the answer it left in " + resultFile + ": "
                        + e.getMessage(), e);
            }
        } finally {
            framesDone.complete(null);
        }
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
