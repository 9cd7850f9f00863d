package io.github.multiprocess4j.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The main class of a cluster member, for machines of their own: run it with the application's jar, so that the
 * member can load the classes of the tasks, elements and values it receives.
 *
 * <pre>
 * java -cp app.jar io.github.multiprocess4j.cluster.ClusterMember \
 *     --interface 10.0.0.5 --port 5701 --members 10.0.0.5:5701,10.0.0.6:5701 \
 *     --allow com.example. --name-file /run/secrets/cluster-name &lt; /dev/null
 * </pre>
 *
 * <p>The cluster's name is its only secret, so it is never an argument (arguments are visible to every user of the
 * machine): it is the first line of standard input, or of the file named by {@code --name-file}, which must be a
 * regular file of the user running the member that group and others cannot read. The member listens on the one
 * interface given (default {@code 127.0.0.1}), joins by TCP/IP the members listed (no multicast, no phone-home), and
 * runs until it is stopped: SIGTERM leaves the cluster gracefully.
 *
 * <p>Options: {@code --members host:port,...} (required), {@code --interface address}, {@code --port n} (default
 * {@value ClusterConfig#DEFAULT_PORT}), {@code --allow prefix,...} (class-name prefixes to accept besides
 * {@code java.}, {@code io.github.multiprocess4j.} and {@code com.hazelcast.}), {@code --failure-detection seconds},
 * {@code --name-file path}.
 */
public final class ClusterMember {

    private ClusterMember() {
    }

    /**
     * Runs a member until it is stopped.
     *
     * @param args the options above
     * @throws Exception if the options are wrong, the name cannot be read, or the member cannot start; the JVM then
     *     exits with a non-zero code and says why
     */
    public static void main(String[] args) throws Exception {
        MemberProcess.run(parse(args, null));
    }

    static ClusterConfig parse(String[] args, String nameForTests) throws IOException {
        List<String> members = new ArrayList<>();
        String bind = "127.0.0.1";
        int port = ClusterConfig.DEFAULT_PORT;
        List<String> allowed = new ArrayList<>();
        Long failureDetection = null;
        Path nameFile = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--members":
                    members.addAll(List.of(value.split(",")));
                    break;
                case "--interface":
                    bind = value;
                    break;
                case "--port":
                    port = Integer.parseInt(value);
                    break;
                case "--allow":
                    allowed.addAll(List.of(value.split(",")));
                    break;
                case "--failure-detection":
                    failureDetection = Long.parseLong(value);
                    break;
                case "--name-file":
                    nameFile = Path.of(value);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + option
                            + "; the cluster name is read from standard input or --name-file, never an argument");
            }
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("--members host:port,... is required");
        }
        String name = nameForTests != null ? nameForTests : nameFile != null ? readNameFile(nameFile) : readStdin();
        ClusterConfig config = ClusterConfig.member(name, members.toArray(String[]::new)).withInterface(bind)
                .withPort(port).withAllowedClasses(allowed.toArray(String[]::new));
        return failureDetection == null ? config
                : config.withFailureDetection(java.time.Duration.ofSeconds(failureDetection));
    }

    private static String readStdin() throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null || line.isBlank()) {
            throw new IllegalArgumentException("the cluster name is the first line of standard input, which was empty;"
                    + " or name a file holding it with --name-file");
        }
        return line.strip();
    }

    /** The first line of a file only this user can read. */
    static String readNameFile(Path file) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> others = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
        others.retainAll(attributes.permissions());
        String me = System.getProperty("user.name");
        if (!attributes.isRegularFile() || !others.isEmpty() || !attributes.owner().getName().equals(me)) {
            throw new IllegalArgumentException("the name file " + file + " must be a regular file (not a link) owned by "
                    + me + " that group and others cannot read or write; it is owned by " + attributes.owner().getName()
                    + " with mode " + java.nio.file.attribute.PosixFilePermissions.toString(attributes.permissions()));
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new IllegalArgumentException("the name file " + file + " is empty");
        }
        return lines.get(0).strip();
    }
}
