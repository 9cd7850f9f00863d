package io.github.multiprocess4j.core.internal.channel;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What another user of the machine can try against a parent's result channel, knowing everything that user can
 * read: it watches every process's command line ({@code /proc/<pid>/cmdline}) for a child JVM, and for each one found connects to the address on
 * it and says hello with every token that anything on the command line could be (each argument's bytes, each
 * number in it, each hex string; the program's own arguments first), then sends a forged answer. Run as its own JVM, by the test's user or, through
 * {@code setpriv}, by another; it uses nothing of the library, so it runs from a copy of this one class.
 *
 * <p>{@code ForgingClient <seconds> <hex of the forged RESULT payload>}; prints {@code ready} once scanning, and
 * at the end {@code children <n> connections <m>}.
 */
public final class ForgingClient {

    private static final byte HELLO = 1;
    private static final byte RESULT = 3;
    private static final int TOKEN_BYTES = 16;

    private ForgingClient() {
    }

    public static void main(String[] args) throws Exception {
        long end = System.nanoTime() + (long) (Double.parseDouble(args[0]) * 1e9);
        byte[] forged = HexFormat.of().parseHex(args[1]);
        Set<String> attacked = new HashSet<>();
        List<Socket> open = new ArrayList<>();
        System.out.println("ready");
        System.out.flush();
        while (System.nanoTime() < end) {
            try (DirectoryStream<Path> processes = Files.newDirectoryStream(Paths.get("/proc"), "[0-9]*")) {
                for (Path process : processes) {
                    String pid = process.getFileName().toString();
                    if (!attacked.contains(pid)) {
                        List<String> arguments = commandLine(process);
                        int main = arguments.indexOf("io.github.multiprocess4j.core.internal.channel.ChildMain");
                        if (main >= 0 && main + 1 < arguments.size()) {
                            attacked.add(pid);
                            attack(arguments, main, forged, open);
                        }
                    }
                }
            }
        }
        System.out.println("children " + attacked.size() + " connections " + open.size());
        for (Socket socket : open) {
            socket.close();
        }
    }

    private static List<String> commandLine(Path process) {
        try {
            String raw = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
            return raw.isEmpty() ? List.of() : List.of(raw.split("\0"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Tries every candidate token on the child's address, the program's own arguments first. */
    private static void attack(List<String> arguments, int main, byte[] forged, List<Socket> open) {
        String address = arguments.get(main + 1);
        int colon = address.lastIndexOf(':');
        List<String> likeliestFirst = new ArrayList<>(arguments.subList(main + 1, arguments.size()));
        likeliestFirst.addAll(arguments.subList(0, main + 1));
        for (byte[] token : candidates(likeliestFirst)) {
            try {
                Socket socket = new Socket(InetAddress.getByName(address.substring(0, colon)),
                        Integer.parseInt(address.substring(colon + 1)));
                open.add(socket);
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                frame(out, HELLO, token);
                frame(out, RESULT, forged);
            } catch (IOException | RuntimeException e) {
                // refused or dropped: try the next
            }
        }
    }

    private static void frame(DataOutputStream out, byte type, byte[] payload) throws IOException {
        out.writeByte(type);
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    /** Every token that the command line could hold. */
    static Set<byte[]> candidates(List<String> arguments) {
        Set<String> seen = new LinkedHashSet<>();
        Set<byte[]> tokens = new LinkedHashSet<>();
        for (String argument : arguments) {
            List<String> parts = new ArrayList<>(List.of(argument.split("[^0-9A-Za-z+/_-]+")));
            parts.add(argument);
            for (String part : parts) {
                if (part.isEmpty() || !seen.add(part)) {
                    continue;
                }
                tokens.add(fit(part.getBytes(StandardCharsets.UTF_8)));
                try {
                    long number = Long.parseLong(part);
                    tokens.add(fit(ByteBuffer.allocate(8).putLong(number).array()));
                    tokens.add(ByteBuffer.allocate(TOKEN_BYTES).putLong(number).putLong(number).array());
                } catch (NumberFormatException e) {
                    // not a number
                }
                if (part.length() % 2 == 0 && part.matches("[0-9a-fA-F]+")) {
                    tokens.add(fit(HexFormat.of().parseHex(part)));
                }
            }
        }
        return tokens;
    }

    private static byte[] fit(byte[] bytes) {
        byte[] token = new byte[TOKEN_BYTES];
        System.arraycopy(bytes, 0, token, 0, Math.min(bytes.length, TOKEN_BYTES));
        return token;
    }
}
