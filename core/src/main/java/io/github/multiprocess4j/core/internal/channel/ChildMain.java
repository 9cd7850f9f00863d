package io.github.multiprocess4j.core.internal.channel;

import io.github.multiprocess4j.core.IndexedTask;
import io.github.multiprocess4j.core.Task;
import io.github.multiprocess4j.core.VoidTask;
import io.github.multiprocess4j.core.internal.codec.DirectCall;
import io.github.multiprocess4j.core.internal.codec.ValueCodec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The entry point of a child JVM: {@code ChildMain <answer file> once} or {@code ChildMain <address:port> pool}.
 *
 * <p>It reads its token from the first frame on standard input. A child that runs one task ({@link #ONCE}) then reads
 * the task, which its parent wrote right behind the token, runs it on its main thread and writes the token and its
 * answer to the file named on its command line ({@link ResultFile}), then exits: no socket, so none of the JDK's
 * networking to load. A pool's worker ({@link #POOL}) maps the {@link PoolRings} its parent names next, connects to
 * the parent's loopback socket and says hello with the token, then runs the tasks that arrive in the tasks ring, on
 * its main thread, and answers each in the answers ring (or, if the parent named no rings, on standard input and the
 * socket).
 * Standard input is a pipe only the parent writes to, so the token is secret from other users; the command line is
 * not. The end of standard input means the parent has died, and so does the end of the socket, which the parent
 * never writes to: either makes the child halt at once (a child that runs one task has a thread waiting for the
 * end of its input while the task runs). {@code System.in} is replaced by an empty stream, so a task that reads it
 * cannot eat the parent's frames. Kept free of lambdas, string concatenation on the way of a task that succeeds, and
 * third-party classes: everything it loads adds to every child's start-up.
 *
 * <p>Standard input is read through a {@link FileChannel}, and both it and the socket are closed when the JVM
 * exits, so that no thread is left in a native read: HotSpot delays exit by up to 300 ms for such a thread.
 *
 * <p>Started by its class name: {@code ChildCommand} puts it on the child's command line, with
 * {@code -m io.github.multiprocess4j.core/<this class>} when the parent runs on the module path (a main class needs
 * no export).
 */
public final class ChildMain {

    /** The mode of a child that runs one task and exits with its outcome. */
    public static final String ONCE = "once";
    /** The mode of a pool's worker, which runs tasks until told to exit. */
    public static final String POOL = "pool";

    /** The exit code of a child whose one task threw. */
    public static final int EXIT_TASK_FAILED = 1;
    /** The exit code of a child whose parent is gone: whatever it answered does not count. */
    public static final int EXIT_ORPHANED = 2;
    /** The exit code of a child that could not follow the protocol: whatever it answered does not count. */
    public static final int EXIT_BROKEN = 3;

    private ChildMain() {
    }

    /**
     * Runs the child.
     *
     * @param args where to answer, then the mode: the answer file and {@link #ONCE}, or the address of the parent's
     *     result server ({@code address:port}) and {@link #POOL}
     */
    public static void main(String[] args) {
        try {
            run(args[0], POOL.equals(args[1]));
        } catch (Throwable e) {
            System.err.println("multiprocess4j child could not talk to its parent: " + e);
            System.err.flush();
            Runtime.getRuntime().halt(EXIT_BROKEN);
        }
    }

    private static void run(String answerTo, boolean pool) throws Exception {
        FileChannel stdin = new FileInputStream(FileDescriptor.in).getChannel();
        System.setIn(new ByteArrayInputStream(new byte[0]));
        DataInputStream fromParent = new DataInputStream(new BufferedInputStream(new PipeInputStream(stdin), 1 << 16));
        Frames.Frame hello = expect(fromParent, Frames.HELLO, "its token");
        if (pool) {
            runPool(answerTo, hello, stdin, fromParent);
        } else {
            runOnce(answerTo, hello.payload, stdin, fromParent);
        }
    }

    /** Runs the one task that follows the token, and leaves the token and the answer in the file, then exits. */
    private static void runOnce(String answerFile, byte[] token, FileChannel stdin, DataInputStream fromParent)
            throws Exception {
        Frames.Frame task = expect(fromParent, Frames.TASK, "its task");
        Closer closer = new Closer(stdin, null);
        Runtime.getRuntime().addShutdownHook(new Thread(closer, "multiprocess4j-close"));
        startDaemon(new ParentWatch(fromParent, closer, "its parent closed its standard input"),
                "multiprocess4j-parent-watch");

        ByteArrayOutputStream answer = new ByteArrayOutputStream(256);
        DataOutputStream toFile = new DataOutputStream(answer);
        Frames.write(toFile, Frames.HELLO, token);
        boolean succeeded = runTask(task.payload, toFile, true);
        try (FileOutputStream file = new FileOutputStream(answerFile)) {
            answer.writeTo(file);
        }
        exit(succeeded ? 0 : EXIT_TASK_FAILED);
    }

    /**
     * Maps the rings the parent named, if it named any, then connects to the parent's socket and answers every task
     * until told to exit: tasks and answers go through the rings, or else over standard input and the socket.
     */
    private static void runPool(String address, Frames.Frame hello, FileChannel stdin, DataInputStream fromParent)
            throws Exception {
        Frames.Frame transport = expect(fromParent, Frames.TRANSPORT, "its transport");
        PoolRings rings = transport.payload.length == 0 ? null
                : PoolRings.attach(new String(transport.payload, java.nio.charset.StandardCharsets.UTF_8));
        // the hello is ready before connecting, so that it follows the connection at once, however busy the machine
        ByteArrayOutputStream helloFrame = new ByteArrayOutputStream(64);
        Frames.write(new DataOutputStream(helloFrame), Frames.HELLO, hello.payload);
        int colon = address.lastIndexOf(':');
        InetAddress host = InetAddress.getByName(address.substring(0, colon));
        int port = Integer.parseInt(address.substring(colon + 1));
        Socket connection = new Socket(host, port);
        OutputStream toSocket = connection.getOutputStream();
        helloFrame.writeTo(toSocket);
        toSocket.flush();
        connection.setTcpNoDelay(true);
        PoolRingEnds ends = rings == null ? null : new PoolRingEnds(rings, fromParent, toSocket);
        DataOutputStream toParent = rings == null
                ? new DataOutputStream(new BufferedOutputStream(toSocket, 1 << 16)) : ends.answers;
        DataInputStream tasks = rings == null ? fromParent : ends.tasks;

        Closer closer = new Closer(stdin, connection);
        Runtime.getRuntime().addShutdownHook(new Thread(closer, "multiprocess4j-close"));
        startDaemon(new ParentWatch(connection.getInputStream(), closer,
                "its parent closed the channel it answers on"), "multiprocess4j-parent-watch");

        while (true) {
            Frames.Frame frame = readQuietly(tasks);
            if (frame == null) {
                closer.parentGone("its parent closed its standard input");
                return;
            }
            if (frame.type == Frames.SHUTDOWN) {
                break;
            }
            runTask(frame.payload, toParent, false);
        }
        exit(0);
    }

    /** Reads the next frame, which must be of {@code type}; the end of standard input means the parent is gone. */
    private static Frames.Frame expect(DataInputStream fromParent, byte type, String what)
            throws java.io.StreamCorruptedException {
        Frames.Frame frame = readQuietly(fromParent);
        if (frame == null) {
            orphaned("its standard input ended before " + what + " came");
        }
        if (frame.type != type) {
            throw new java.io.StreamCorruptedException("the parent sent a frame of type " + frame.type + " where "
                    + what + " belongs");
        }
        return frame;
    }

    private static void startDaemon(Runnable job, String name) {
        Thread thread = new Thread(job, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Ends the child with {@code exitCode}, the shutdown hooks run. A child that succeeded and has no other thread that
     * keeps a JVM alive returns from {@code main} instead of calling {@code System.exit}, and its JVM ends all the
     * same: since JDK 21, {@code System.exit} first sets up the JDK's logging, to log the call, which costs a child
     * several milliseconds of its life.
     */
    private static void exit(int exitCode) {
        System.out.flush();
        System.err.flush();
        if (exitCode != 0 || anotherThreadKeepsJvmAlive()) {
            System.exit(exitCode);
        }
    }

    /** Whether a thread other than this one is alive and not a daemon: the task started it and left it running. */
    private static boolean anotherThreadKeepsJvmAlive() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 8];
        int count = root.enumerate(threads, true);
        if (count == threads.length) {
            return true; // more than counted: not worth a second look
        }
        for (int i = 0; i < count; i++) {
            Thread thread = threads[i];
            if (thread != Thread.currentThread() && !thread.isDaemon() && thread.isAlive()) {
                return true;
            }
        }
        return false;
    }

    /** Exits at once, saying why on standard error, which the parent quotes if it had no answer yet. */
    private static void orphaned(String why) {
        System.err.println("multiprocess4j child: " + why + "; exiting");
        System.err.flush();
        Runtime.getRuntime().halt(EXIT_ORPHANED);
    }

    private static Frames.Frame readQuietly(DataInputStream in) {
        try {
            return Frames.read(in);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Runs one task and writes its answer.
     *
     * @param once whether this is the child's only task: then a lambda is called through its implementation method
     *     rather than rebuilt ({@link ValueCodec#decodeTask}), which spares the JVM spinning its class
     * @return whether the task returned rather than threw
     */
    private static boolean runTask(byte[] payload, DataOutputStream toParent, boolean once) throws IOException {
        long id = Messages.id(payload);
        byte[] answer;
        byte type;
        try {
            Object task = once ? ValueCodec.decodeTask(payload, Messages.TASK_HEADER_BYTES, null)
                    : ValueCodec.decode(payload, Messages.TASK_HEADER_BYTES, null);
            Object value = call(task, Messages.taskIndex(payload));
            answer = Messages.result(id, serializeResult(value));
            type = Frames.RESULT;
        } catch (Throwable e) {
            answer = Messages.failure(id, e);
            type = Frames.FAILURE;
        }
        Frames.write(toParent, type, answer);
        return type == Frames.RESULT;
    }

    /**
     * Calls a {@link Task}, a {@link VoidTask} (giving {@code null}) or an {@link IndexedTask} with {@code index}, or
     * the implementation of one ({@link DirectCall}).
     */
    private static Object call(Object task, int index) throws Throwable {
        if (task instanceof DirectCall) {
            return ((DirectCall) task).call(index);
        }
        if (task instanceof Task) {
            return ((Task<?>) task).call();
        }
        if (task instanceof IndexedTask) {
            return ((IndexedTask<?>) task).call(index);
        }
        if (task instanceof VoidTask) {
            ((VoidTask) task).run();
            return null;
        }
        throw new IllegalArgumentException("not a Task, VoidTask or IndexedTask: " + task.getClass().getName());
    }

    private static byte[] serializeResult(Object value) throws IOException {
        try {
            return ValueCodec.encode(value);
        } catch (java.io.NotSerializableException e) {
            java.io.NotSerializableException failure = new java.io.NotSerializableException(
                    "the task's result cannot be sent back to the parent: it is or holds a " + e.getMessage()
                            + ", which is not Serializable");
            failure.initCause(e);
            throw failure;
        }
    }

    /**
     * Closes standard input and the socket (if there is one) when the JVM exits, and knows whether their end means the parent died
     * or the JVM is exiting anyway.
     */
    private static final class Closer implements Runnable {
        private final FileChannel stdin;
        private final Socket connection;
        private volatile boolean exiting;

        Closer(FileChannel stdin, Socket connection) {
            this.stdin = stdin;
            this.connection = connection;
        }

        @Override
        public void run() {
            exiting = true;
            try {
                stdin.close();
            } catch (IOException e) {
                // exiting anyway
            }
            try {
                if (connection != null) {
                    connection.close();
                }
            } catch (IOException e) {
                // exiting anyway
            }
        }

        /** Standard input or the socket ended: unless the JVM is exiting, the parent is gone. */
        void parentGone(String why) {
            if (!exiting) {
                orphaned(why);
            }
        }
    }

    /**
     * Standard input as a stream. Not {@link java.nio.channels.Channels#newInputStream}: its {@code available()}
     * asks a {@link FileChannel} for its position, which fails on a pipe ("Illegal seek").
     */
    private static final class PipeInputStream extends InputStream {
        private final FileChannel channel;

        PipeInputStream(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            return length == 0 ? 0 : channel.read(ByteBuffer.wrap(bytes, offset, length));
        }
    }

    /**
     * Waits for the end of a stream on which the parent sends nothing more (standard input after the one task, or the
     * socket, which the parent never writes to): its end means the parent has died.
     */
    private static final class ParentWatch implements Runnable {
        private final InputStream fromParent;
        private final Closer closer;
        private final String why;

        ParentWatch(InputStream fromParent, Closer closer, String why) {
            this.fromParent = fromParent;
            this.closer = closer;
            this.why = why;
        }

        @Override
        public void run() {
            try {
                while (fromParent.read() >= 0) {
                    // nothing more is sent; keep waiting for the end
                }
            } catch (IOException e) {
                // closed: the same as the end
            }
            closer.parentGone(why);
        }
    }
}
