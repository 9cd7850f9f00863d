package io.github.multiprocess4j.core.internal.channel;

import io.github.multiprocess4j.ipc.ByteRing;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.BooleanSupplier;

/**
 * A pool worker's ends of its {@link PoolRings}, with their doorbells: the worker sleeps on its standard input, where
 * the parent writes a byte to wake it (and whose end means the parent is gone), and wakes the parent with a byte on
 * the socket. Kept out of {@link ChildMain}, so that a child that runs one task loads none of it.
 */
final class PoolRingEnds {

    private PoolRingEnds() {
    }

    /** The frames of tasks, read from the tasks ring. */
    static DataInputStream tasks(PoolRings rings, DataInputStream fromParent) {
        return new DataInputStream(rings.tasks().reader(new StdinSleeper(fromParent)));
    }

    /** Where answer frames go: the answers ring, each flush ringing the parent if it sleeps. */
    static DataOutputStream answers(PoolRings rings, OutputStream toSocket) {
        return new DataOutputStream(rings.answers().writer(new SocketDoorbell(toSocket), new ParentThere()));
    }

    /** Sleeps until the parent writes a byte to standard input; its end means the parent is gone. */
    private static final class StdinSleeper implements ByteRing.Sleeper {
        private final InputStream stdin;

        StdinSleeper(InputStream stdin) {
            this.stdin = stdin;
        }

        @Override
        public boolean sleepUntilRung() throws IOException {
            return stdin.read() >= 0;
        }
    }

    /** Wakes the parent's reader with one byte on the socket. */
    private static final class SocketDoorbell implements ByteRing.Doorbell {
        private final OutputStream toSocket;

        SocketDoorbell(OutputStream toSocket) {
            this.toSocket = toSocket;
        }

        @Override
        public void ring() throws IOException {
            toSocket.write(0);
        }
    }

    /**
     * Whether the parent still reads: always, as far as a full ring is concerned, since a parent that dies closes
     * the streams and the worker halts on that.
     */
    private static final class ParentThere implements BooleanSupplier {
        @Override
        public boolean getAsBoolean() {
            return true;
        }
    }
}
