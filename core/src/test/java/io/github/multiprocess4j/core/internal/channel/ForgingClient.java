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
 * What another user of the machine can try against a parent's result channels, knowing everything that user can
 * read: it watches the command lines ({@code /proc/<pid>/cmdline}) of the given parent's children for a child JVM,
 * and for each one found tries every token that anything on the command line could be (each argument's bytes, each
 * number in it, each hex string; the program's own arguments first) with a forged answer: a pool's worker has the
 * result server's address there, to connect to and say hello; a child that runs one task has the file it answers in,
 * to write. Run as its own JVM, by the test's user or, through {@code setpriv}, by another; it uses nothing of the
 * library, so it runs from a copy of this one class. Only the given parent's children are attacked, not those of
 * other programs of the machine.
 *
 * <p>{@code ForgingClient <seconds> <hex of the forged RESULT payload> <parent pid> [sockets]}; with {@code sockets}
 * it leaves answer files alone (for a forger of the parent's own user, which SECURITY.md trusts: it can always
 * overwrite a file after the child has written it). Prints {@code ready} once scanning, and at the end
 * {@code children <n> connections <m> files <f> refused <r>}: sockets it opened, answer files it wrote, and writes
 * the file system refused.
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
        String parent = args[2];
        boolean files = args.length < 4 || !"sockets".equals(args[3]);
        Set<String> attacked = new HashSet<>();
        List<Socket> open = new ArrayList<>();
        int[] written = new int[2];
        System.out.println("ready");
        System.out.flush();
        while (System.nanoTime() < end) {
            try (DirectoryStream<Path> processes = Files.newDirectoryStream(Paths.get("/proc"), "[0-9]*")) {
                for (Path process : processes) {
                    String pid = process.getFileName().toString();
                    if (!attacked.contains(pid) && parent.equals(parentOf(process))) {
                        List<String> arguments = commandLine(process);
                        int main = arguments.indexOf("io.github.multiprocess4j.core.internal.channel.ChildMain");
                        if (main >= 0 && main + 2 < arguments.size()) {
                            attacked.add(pid);
                            if ("once".equals(arguments.get(main + 2))) {
                                if (files) {
                                    attackFile(arguments, main, forged, written);
                                }
                            } else {
                                attack(arguments, main, forged, open);
                            }
                        }
                    }
                }
            }
        }
        System.out.println("children " + attacked.size() + " connections " + open.size() + " files " + written[0]
                + " refused " + written[1]);
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

    /** The parent pid of a process, from {@code /proc/<pid>/stat}: the field after the parenthesized name's state. */
    private static String parentOf(Path process) {
        try {
            String stat = new String(Files.readAllBytes(process.resolve("stat")), StandardCharsets.UTF_8);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return fields[1];
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * Writes a forged answer with every candidate token into the file the child answers in; counts the writes made
     * ({@code files[0]}) and those the file system refused ({@code files[1]}).
     */
    private static void attackFile(List<String> arguments, int main, byte[] forged, int[] files) {
        Path answerFile = Paths.get(arguments.get(main + 1));
        List<String> likeliestFirst = new ArrayList<>(arguments.subList(main + 1, arguments.size()));
        likeliestFirst.addAll(arguments.subList(0, main + 1));
        for (byte[] token : candidates(likeliestFirst)) {
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(answerFile))) {
                frame(out, HELLO, token);
                frame(out, RESULT, forged);
                files[0]++;
            } catch (java.nio.file.AccessDeniedException e) {
                files[1]++;
            } catch (IOException | RuntimeException e) {
                // gone already: try the next
            }
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
