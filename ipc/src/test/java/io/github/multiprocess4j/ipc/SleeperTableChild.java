package io.github.multiprocess4j.ipc;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A JVM on one side of a wake across processes ({@link SleeperTableAcrossProcessesTest}): {@code sleep <file> <slot>}
 * waits in a waiting room on the file's sleeper table until the flag word is set, and prints whether it slept on a
 * futex and how long after the set it woke; {@code wake <file> <slot>} sets the flag to the time
 * ({@link System#nanoTime()}, one clock for every process of the machine) and rings the table.
 */
public final class SleeperTableChild {

    static final int COUNT = 0;
    static final int FLAG = 16;
    static final int TABLE = 24;
    static final int SLOTS = 4;
    static final int SIZE = TABLE + Long.BYTES * SLOTS;

    private SleeperTableChild() {
    }

    static SleeperTable table(MappedSegment segment, int slot) {
        return new SleeperTable(segment, COUNT, TABLE, SLOTS, slot);
    }

    public static void main(String[] args) throws Exception {
        MappedSegment segment;
        try (FileChannel channel = FileChannel.open(Path.of(args[1]), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            segment = MappedSegment.map(channel, SIZE, "wake");
        }
        SleeperTable table = table(segment, Integer.parseInt(args[2]));
        if (args[0].equals("wake")) {
            segment.putLongVolatile(FLAG, System.nanoTime());
            table.ring();
            return;
        }
        long set = new WaitingRoom(table).await(probe -> {
            long flag = segment.getLongVolatile(FLAG);
            return flag == 0 ? null : flag;
        }, Timeouts.FOREVER, true);
        System.out.println("futex=" + table.futexSleeps() + " micros=" + (System.nanoTime() - set) / 1000);
    }
}
