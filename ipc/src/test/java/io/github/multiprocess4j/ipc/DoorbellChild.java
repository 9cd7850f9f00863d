package io.github.multiprocess4j.ipc;

import java.nio.file.Path;

/**
 * A JVM that opens its doorbell and says what it got: its id (0 if it has none) and its socket file. Its main method
 * returns without {@code System.exit}, so the JVM ends only if no thread of the doorbell keeps it alive.
 */
public final class DoorbellChild {

    private DoorbellChild() {
    }

    public static void main(String[] args) {
        long id = Doorbell.id();
        Path socket = id == 0 ? null : Doorbell.socketOf(id);
        System.out.println("id=" + id);
        System.out.println("socket=" + socket);
        System.out.println("exists=" + (socket != null && socket.toFile().exists()));
    }
}
