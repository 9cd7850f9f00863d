package io.github.multiprocess4j.reliability;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One way of damaging a structure's file, for {@link HeaderFuzzTest}: overwrite one header field with given bytes,
 * or cut the file short. Drawn from a round's generator, so that a seed replays the same damage.
 */
final class Corruption {

    /** Values every field is tried with now and then: the edges where a length or a count goes wrong. */
    private static final long[] BOUNDARIES = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 30, Long.MAX_VALUE};

    private final String description;
    private final int offset;
    private final byte[] bytes;
    private final long truncateTo;

    private Corruption(String description, int offset, byte[] bytes, long truncateTo) {
        this.description = description;
        this.offset = offset;
        this.bytes = bytes;
        this.truncateTo = truncateTo;
    }

    /**
     * Draws {@code fields} overwrites of the target's header fields (half random bytes, half boundary values), then
     * truncations: to 0 bytes, to the middle of the header, and to the middle of the data if the file has any after
     * its header.
     *
     * @param size the size of the file to damage, as created
     */
    static List<Corruption> draw(Random random, FuzzTarget target, int size, int fields) {
        List<FuzzTarget.Field> header = target.fields(size);
        List<Corruption> drawn = new ArrayList<>();
        for (int i = 0; i < fields; i++) {
            FuzzTarget.Field field = header.get(random.nextInt(header.size()));
            drawn.add(random.nextBoolean() ? randomBytes(random, field) : boundary(random, field));
        }
        int headerEnd = header.stream().mapToInt(field -> field.offset() + field.width()).max().orElse(size);
        drawn.add(truncation("to 0 bytes", 0));
        drawn.add(truncation("to the middle of the header", 1 + random.nextInt(Math.max(1, headerEnd - 1))));
        if (headerEnd < size) {
            drawn.add(truncation("to the middle of the data", headerEnd + random.nextInt(size - headerEnd)));
        }
        return drawn;
    }

    private static Corruption randomBytes(Random random, FuzzTarget.Field field) {
        byte[] bytes = new byte[field.width()];
        random.nextBytes(bytes);
        return new Corruption("random bytes " + hex(bytes) + " at " + field.offset(), field.offset(), bytes, -1);
    }

    private static Corruption boundary(Random random, FuzzTarget.Field field) {
        long value = BOUNDARIES[random.nextInt(BOUNDARIES.length)];
        ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder());
        if (field.width() >= Long.BYTES) {
            buffer.putLong(value);
        } else {
            buffer.putInt((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value)));
        }
        byte[] bytes = new byte[field.width()];
        buffer.flip();
        buffer.get(bytes);
        return new Corruption("the value " + value + " in the " + field.width() + " bytes at " + field.offset(),
                field.offset(), bytes, -1);
    }

    private static Corruption truncation(String where, long length) {
        return new Corruption("truncated " + where + " (" + length + " bytes)", -1, null, length);
    }

    /** Damages {@code file}. */
    void applyTo(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (bytes == null) {
                channel.truncate(truncateTo);
            } else {
                channel.write(ByteBuffer.wrap(bytes), offset);
            }
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    @Override
    public String toString() {
        return description;
    }
}
