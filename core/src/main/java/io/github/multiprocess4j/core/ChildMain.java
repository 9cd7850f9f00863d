package io.github.multiprocess4j.core;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The entry point of a child JVM: {@code ChildMain <address:port> <token> <once|pool>}.
 *
 * <p>It connects to the parent's loopback socket and says hello, then runs the tasks that arrive on standard input and
 * answers each on the socket. It halts as soon as standard input ends, because that means the parent has died.
 * {@code System.in} is replaced by an empty stream, so a task that reads it cannot eat the parent's frames.
 * Kept free of lambdas and third-party classes: everything it loads adds to every child's start-up.
 *
 * <p>Standard input is read through a {@link FileChannel} so that it can be closed under the blocked reader
 * before exiting: HotSpot delays exit by up to 300 ms while a thread sits in a native read.
 */
final class ChildMain {

    static final String ONCE = "once";
    static final String POOL = "pool";

    static final int EXIT_TASK_FAILED = 1;
    static final int EXIT_ORPHANED = 2;
    static final int EXIT_BROKEN = 3;

    private ChildMain() {
    }

    public static void main(String[] args) {
        try {
            run(args[0], Long.parseLong(args[1]), POOL.equals(args[2]));
        } catch (Throwable e) {
            System.err.println("multiprocess4j child could not talk to its parent: " + e);
            System.err.flush();
            Runtime.getRuntime().halt(EXIT_BROKEN);
        }
    }

    private static void run(String socket, long token, boolean pool) throws Exception {
        FileChannel fromParent = new FileInputStream(FileDescriptor.in).getChannel();
        System.setIn(new ByteArrayInputStream(new byte[0]));

        int colon = socket.lastIndexOf(':');
        Socket connection = new Socket(InetAddress.getByName(socket.substring(0, colon)),
                Integer.parseInt(socket.substring(colon + 1)));
        connection.setTcpNoDelay(true);
        DataOutputStream toParent =
                new DataOutputStream(new BufferedOutputStream(connection.getOutputStream(), 1 << 16));
        Frames.write(toParent, Frames.HELLO, Messages.hello(token));

        BlockingQueue<Frames.Frame> inbox = new LinkedBlockingQueue<>();
        ParentWatch watch = new ParentWatch(fromParent, inbox);
        Runtime.getRuntime().addShutdownHook(new Thread(new ParentWatch.MarkStopping(watch)));
        Thread watcher = new Thread(watch, "multiprocess4j-parent-watch");
        watcher.setDaemon(true);
        watcher.start();

        int exitCode = 0;
        while (true) {
            Frames.Frame frame = inbox.take();
            if (frame.type == Frames.SHUTDOWN) {
                break;
            }
            boolean succeeded = runTask(frame.payload, toParent);
            if (!pool) {
                exitCode = succeeded ? 0 : EXIT_TASK_FAILED;
                break;
            }
        }
        System.out.flush();
        System.err.flush();
        watch.stop(watcher);
        System.exit(exitCode);
    }

    private static boolean runTask(byte[] payload, DataOutputStream toParent) throws IOException {
        long id = Messages.id(payload);
        byte[] answer;
        byte type;
        try {
            Object task = ValueCodec.decode(payload, Messages.TASK_HEADER_BYTES, null);
            Object value = Tasks.invoke(task, Messages.taskIndex(payload));
            answer = Messages.result(id, serializeResult(value));
            type = Frames.RESULT;
        } catch (Throwable e) {
            answer = Messages.failure(id, e);
            type = Frames.FAILURE;
        }
        Frames.write(toParent, type, answer);
        return type == Frames.RESULT;
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

    /** Reads frames from the parent; the end of the stream means the parent is gone, so the child halts. */
    private static final class ParentWatch implements Runnable {
        private final FileChannel channel;
        private final BlockingQueue<Frames.Frame> inbox;
        private volatile boolean stopping;

        ParentWatch(FileChannel channel, BlockingQueue<Frames.Frame> inbox) {
            this.channel = channel;
            this.inbox = inbox;
        }

        @Override
        public void run() {
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
            try {
                Frames.Frame frame;
                while ((frame = Frames.read(in)) != null) {
                    inbox.add(frame);
                }
            } catch (IOException e) {
                // a broken pipe means the same as the end of the stream
            }
            if (!stopping) {
                Runtime.getRuntime().halt(EXIT_ORPHANED);
            }
        }

        /** The JVM is exiting (after the task, or on SIGTERM): the end of the input no longer means anything. */
        static final class MarkStopping implements Runnable {
            private final ParentWatch watch;

            MarkStopping(ParentWatch watch) {
                this.watch = watch;
            }

            @Override
            public void run() {
                watch.stopping = true;
            }
        }

        /** Takes the watcher out of its native read, so that the JVM can exit at once. */
        void stop(Thread watcher) throws InterruptedException {
            stopping = true;
            try {
                channel.close();
            } catch (IOException e) {
                return;
            }
            watcher.join(100);
        }
    }
}
