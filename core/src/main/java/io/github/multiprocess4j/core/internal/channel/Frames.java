package io.github.multiprocess4j.core.internal.channel;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.StreamCorruptedException;

/**
 * The framing shared by both directions between a parent and a child JVM.
 *
 * <pre>
 *  0        1                    5
 *  +--------+--------------------+---------------------------+
 *  |  type  |  length (int, BE)  |  payload (length bytes)   |
 *  +--------+--------------------+---------------------------+
 * </pre>
 *
 * <p>Parent to child, over the child's standard input: {@link #HELLO} (the child's secret token) once; to a pool's
 * worker then {@link #TRANSPORT} (the path of its {@link PoolRings}, or nothing to stay on the streams); then
 * {@link #TASK} (task id, index, serialized task) and {@link #SHUTDOWN}, on standard input or in the tasks ring. The
 * end of standard input means the parent is gone. Child to parent, over a loopback TCP socket ({@link ResultServer})
 * from a pool's worker, or in a {@link ResultFile} from a child that runs one task: {@link #HELLO} (the same token)
 * once, then {@link #RESULT} or {@link #FAILURE} per task (task id, serialized value or failure), on the socket or in
 * the answers ring. With rings, the two streams carry nothing after those first frames but single wake-up bytes (see
 * {@link io.github.multiprocess4j.ipc.ByteRing}), never read as frames. The child's standard output and error carry
 * only the user's own output.
 */
final class Frames {

    static final byte HELLO = 1;
    static final byte TASK = 2;
    static final byte RESULT = 3;
    static final byte FAILURE = 4;
    static final byte SHUTDOWN = 5;
    static final byte TRANSPORT = 6;

    /** Larger frames mean a corrupt stream, not a big task: a task is limited to 1 GiB. */
    static final int MAX_LENGTH = 1 << 30;

    private Frames() {
    }

    /** One frame as read. */
    static final class Frame {
        final byte type;
        final byte[] payload;

        Frame(byte type, byte[] payload) {
            this.type = type;
            this.payload = payload;
        }
    }

    /** Writes one frame and flushes; callers that share a stream hold its lock. */
    static void write(DataOutputStream out, byte type, byte[] payload) throws IOException {
        out.writeByte(type);
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    /**
     * Reads one frame.
     *
     * @return the frame, or {@code null} at a clean end of stream (between frames)
     * @throws IOException if the stream fails, ends inside a frame or holds an impossible length
     */
    static Frame read(DataInputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        int length = in.readInt();
        if (length < 0 || length > MAX_LENGTH) {
            throw new StreamCorruptedException("frame of type " + type + " has impossible length " + length);
        }
        byte[] payload = new byte[length];
        try {
            in.readFully(payload);
        } catch (EOFException e) {
            throw new EOFException("stream ended inside a frame of type " + type + " and length " + length);
        }
        return new Frame((byte) type, payload);
    }
}
