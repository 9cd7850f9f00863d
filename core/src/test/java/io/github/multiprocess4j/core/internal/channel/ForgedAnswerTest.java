package io.github.multiprocess4j.core.internal.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.LaunchOptions;
import io.github.multiprocess4j.core.ProcessPool;
import io.github.multiprocess4j.core.internal.codec.ValueCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another process that knows everything another user could read about the children (their command lines) tries to
 * answer for them; the launch must return what the children themselves answered. See {@link ForgingClient}.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ForgedAnswerTest {

    private static final double FORGER_SECONDS = 5;
    /**
     * Children that start slowly, as on a busy machine or without class-data sharing: a forger that could read a
     * secret off the command line would then beat the child to the server every time.
     */
    private static final LaunchOptions COLD_START = Launch.options().jvmArgs("-Xshare:off").build();

    @TempDir
    Path temp;

    @Test
    void nothingOnAChildsCommandLineLetsAnotherProcessAnswerForIt() throws Exception {
        Forgery forgery = assertChildrenAnswerDespiteForger(List.of());

        assertThat(forgery.files).as("forged answer files written (the same user may write them)").isGreaterThan(0);
    }

    @Test
    void nothingOnAPoolWorkersCommandLineLetsAnotherProcessAnswerForIt() throws Exception {
        Forgery forgery = assertChildrenAnswerDespiteForger(List.of(), true);

        assertThat(forgery.connections).as("connections to the result server").isGreaterThan(0);
    }

    @Test
    void anotherUserCannotAnswerForAChild() throws Exception {
        Path setpriv = Paths.get("/usr/bin/setpriv");
        String user = System.getProperty("user.name");
        if (!"root".equals(user) || !Files.isExecutable(setpriv)) {
            System.out.println("ForgedAnswerTest: not run as another user: needs root and " + setpriv + " (user "
                    + user + ")");
        }
        assumeThat(user).as("runs as root, to become another user").isEqualTo("root");
        assumeThat(Files.isExecutable(setpriv)).as(setpriv + " exists").isTrue();

        Forgery forgery = assertChildrenAnswerDespiteForger(List.of(setpriv.toString(), "--reuid=65534",
                "--regid=65534", "--clear-groups"));

        assertThat(forgery.files).as("answer files another user could write").isZero();
        assertThat(forgery.refused).as("answer files another user tried to write").isGreaterThan(0);
    }

    /** What the forger reported: the children it found, the sockets it opened, the files it wrote or could not. */
    private static final class Forgery {
        int children;
        int connections;
        int files;
        int refused;
    }

    private Forgery assertChildrenAnswerDespiteForger(List<String> asAnotherUser) throws Exception {
        return assertChildrenAnswerDespiteForger(asAnotherUser, false);
    }

    private Forgery assertChildrenAnswerDespiteForger(List<String> asAnotherUser, boolean pool) throws Exception {
        byte[] forged = Messages.result(0, ValueCodec.encode("forged"));
        List<String> command = new ArrayList<>(asAnotherUser);
        command.addAll(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData", "-cp", forgerClassPath().toString(),
                ForgingClient.class.getName(), Double.toString(FORGER_SECONDS), HexFormat.of().formatHex(forged),
                Long.toString(ProcessHandle.current().pid())));
        Process forger = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(forger.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(output.readLine()).isEqualTo("ready");

            List<String> answers = pool ? onPool() : Launch.with(COLD_START).processes(3, i -> {
                Thread.sleep(1_500);
                return "genuine-" + i;
            });

            assertThat(answers).containsExactly("genuine-0", "genuine-1", "genuine-2");
            String report = output.readLine();
            assertThat(report).as("the forger's report").startsWith("children ");
            String[] words = report.split(" ");
            Forgery forgery = new Forgery();
            forgery.children = Integer.parseInt(words[1]);
            forgery.connections = Integer.parseInt(words[3]);
            forgery.files = Integer.parseInt(words[5]);
            forgery.refused = Integer.parseInt(words[7]);
            assertThat(forgery.children).as("children the forger found").isGreaterThanOrEqualTo(3);
            assertThat(forgery.connections + forgery.files + forgery.refused).as("answers it tried to forge")
                    .isGreaterThan(0);
            return forgery;
        } finally {
            forger.destroyForcibly();
            forger.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Three tasks on a pool of three cold-starting workers, whose answers come over the result server. */
    private static List<String> onPool() throws Exception {
        try (ProcessPool pool = ProcessPool.builder(3).jvmArgs("-Xshare:off").build()) {
            List<CompletableFuture<String>> futures = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    Thread.sleep(1_500);
                    return "genuine-" + index;
                }));
            }
            List<String> answers = new ArrayList<>();
            for (CompletableFuture<String> future : futures) {
                answers.add(future.get(60, TimeUnit.SECONDS));
            }
            return answers;
        }
    }

    /** A directory that any user can read, holding only the forger's class. */
    private Path forgerClassPath() throws IOException {
        Path root = temp.resolve("forger");
        String relative = ForgingClient.class.getName().replace('.', '/') + ".class";
        Path target = root.resolve(relative);
        Files.createDirectories(target.getParent());
        try (var in = ForgingClient.class.getClassLoader().getResourceAsStream(relative)) {
            Files.copy(in, target);
        }
        for (Path directory = target.getParent(); directory.startsWith(temp); directory = directory.getParent()) {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        return root;
    }
}
