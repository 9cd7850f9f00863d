package io.github.multiprocess4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.LaunchOptions;
import io.github.multiprocess4j.core.Output;
import io.github.multiprocess4j.core.ProcessPool;
import io.github.multiprocess4j.core.internal.channel.ForgingClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Other processes attack the channels that children answer on, knowing only what any user of the machine can read,
 * while launches and pool tasks run: a forger that reads the command line of every child of this JVM and, for each
 * pool worker, tries every token that command line could hold with a forged answer on the result server
 * ({@link ForgingClient}); and a flood of connections that never say hello, up to four times as many as the
 * parent lets wait. Every launch and every pool task returns its own answer, and the next launch works. Each forged
 * or silent connection counts as a bad input.
 *
 * <p>The forger runs as this JVM's user, which the threat model trusts: such a process can always overwrite a
 * launch's answer file after the child wrote it, so here it leaves the files alone. {@code ForgedAnswerTest} attacks
 * them as another user, who cannot write them at all.
 */
class HostileClientsTest extends FaultInjectionTest {

    private static final String CHILD_MAIN = "io.github.multiprocess4j.core.internal.channel.ChildMain";
    private static final LaunchOptions QUIET = Launch.options().output(Output.DISCARD).build();
    /** What the forger answers: no task of the suite does. */
    private static final int FORGED = -1;

    @Override
    void run(Random random, int round) throws Exception {
        int salt = random.nextInt(1_000);
        int silentCount = 200 + random.nextInt(800);
        Process forger = startForger(FORGED);
        List<Socket> silent = new ArrayList<>();
        try (BufferedReader report = new BufferedReader(
                new InputStreamReader(forger.getInputStream(), StandardCharsets.UTF_8));
                ProcessPool pool = ProcessPool.builder(2).output(Output.DISCARD).build()) {
            assertThat(report.readLine()).isEqualTo("ready");
            List<CompletableFuture<Integer>> pooled = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int index = i;
                pooled.add(pool.submit(() -> Workloads.sleepThenAnswer(50, index, salt)));
            }
            floodResultServer(silent, silentCount);
            List<Integer> launched = Launch.with(QUIET)
                    .processes(3, i -> Workloads.sleepThenAnswer(300, 100 + i, salt));

            long lost = 0;
            for (int i = 0; i < launched.size(); i++) {
                lost += launched.get(i) == Workloads.answer(100 + i, salt) ? 0 : 1;
            }
            for (int i = 0; i < pooled.size(); i++) {
                lost += pooled.get(i).get(60, TimeUnit.SECONDS) == Workloads.answer(i, salt) ? 0 : 1;
            }
            Figures.ITEMS.addAndGet(launched.size() + pooled.size());
            assertNothingLost(lost, "answers that were not the children's own");
            assertThat(Launch.with(QUIET).processes(2, i -> Workloads.answer(200 + i, salt)))
                    .containsExactly(Workloads.answer(200, salt), Workloads.answer(201, salt));

            String[] figures = report.readLine().split(" ");
            Figures.BAD_INPUTS.addAndGet(Long.parseLong(figures[3]) + silent.size());
        } finally {
            for (Socket socket : silent) {
                socket.close();
            }
            forger.destroyForcibly();
            forger.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * A forger of this JVM's children, for as long as a round's launches take. Its answer is a RESULT payload as a child writes one: task id
     * 0 (a launch's), then the integer {@code forged} in the library's own encoding (tag 2, then the int).
     */
    private static Process startForger(int forged) throws Exception {
        byte[] payload = new byte[Long.BYTES + 1 + Integer.BYTES];
        payload[Long.BYTES] = 2;
        java.nio.ByteBuffer.wrap(payload).putInt(Long.BYTES + 1, forged);
        String classPath = Paths.get(ForgingClient.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        return new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-cp", classPath, ForgingClient.class.getName(), "4",
                HexFormat.of().formatHex(payload), Long.toString(ProcessHandle.current().pid()), "sockets")
                .redirectErrorStream(true).start();
    }

    /** Opens connections that never say hello to the address on a child's command line, as anyone could. */
    private static void floodResultServer(List<Socket> into, int count) throws Exception {
        String address = ProcessHandle.current().children()
                .map(child -> child.info().arguments().map(List::of).orElse(List.of()))
                .filter(arguments -> arguments.contains(CHILD_MAIN))
                .map(arguments -> arguments.get(arguments.indexOf(CHILD_MAIN) + 1))
                .findFirst().orElseThrow(() -> new AssertionError("no child JVM to read the address from"));
        int colon = address.lastIndexOf(':');
        InetAddress host = InetAddress.getByName(address.substring(0, colon));
        int port = Integer.parseInt(address.substring(colon + 1));
        for (int i = 0; i < count; i++) {
            into.add(new Socket(host, port));
        }
    }
}
