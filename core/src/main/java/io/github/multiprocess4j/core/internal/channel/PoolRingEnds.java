package io.github.multiprocess4j.core.internal.channel;

import io.github.multiprocess4j.ipc.ByteRing;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.BooleanSupplier;

/**
 * A pool worker's ends of its {@link PoolRings}: task frames read from one ring, answer frames written to the other.
 * Their wake-ups go over the worker's streams: it sleeps on its standard input, where the parent writes a byte to wake
 * it (and whose end means the parent is gone), and wakes the parent with a byte on the socket. Kept out of
 * {@link ChildMain}, so that a child that runs one task loads none of it.
 *
 * <p>Used by the worker's main thread only.
 */
final class PoolRingEnds {

    /** The task frames. */
    final DataInputStream tasks;
    /** Where answer frames go; each flush rings the parent if it sleeps. */
    final DataOutputStream answers;

    PoolRingEnds(PoolRings rings, InputStream stdin, OutputStream toSocket) {
        Link link = new Link(stdin, toSocket);
        tasks = new DataInputStream(rings.tasks().reader(link));
        answers = new DataOutputStream(rings.answers().writer(link, link));
    }

    /** The worker's streams to its parent, as the rings' wake-ups. */
    private static final class Link implements ByteRing.Sleeper, ByteRing.Wakeup, BooleanSupplier {
        private final InputStream stdin;
        private final OutputStream toSocket;

        Link(InputStream stdin, OutputStream toSocket) {
            this.stdin = stdin;
            this.toSocket = toSocket;
        }

        /** Sleeps until the parent writes a byte to standard input; its end means the parent is gone. */
        @Override
        public boolean sleepUntilWoken() throws IOException {
            return stdin.read() >= 0;
        }

        /** Wakes the parent's reader with one byte on the socket. */
        @Override
        public void wake() throws IOException {
            toSocket.write(0);
        }

        /**
         * Whether the parent still reads, for a full answers ring: always, as far as the ring is concerned, since a
         * parent that dies closes the streams and the worker halts on that.
         */
        @Override
        public boolean getAsBoolean() {
            return true;
        }
    }
}
