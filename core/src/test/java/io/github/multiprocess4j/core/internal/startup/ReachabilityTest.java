package io.github.multiprocess4j.core.internal.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.MapTask;
import io.github.multiprocess4j.core.ProcessPool;
import io.github.multiprocess4j.core.Task;
import io.github.multiprocess4j.core.internal.channel.ChildMain;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A task that no child could load fails at once, before any JVM starts, and says why. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReachabilityTest {

    private static final String TASK = "mem.InMemoryTask";
    private static final String SOURCE = "package mem;\n"
            + "public class InMemoryTask implements io.github.multiprocess4j.core.Task<String>,\n"
            + "        io.github.multiprocess4j.core.MapTask<Integer, String>,\n"
            + "        java.util.function.Supplier<io.github.multiprocess4j.core.Task<String>> {\n"
            + "    public String call() { return \"ran\"; }\n"
            + "    public String call(Integer item) { return \"ran \" + item; }\n"
            + "    public io.github.multiprocess4j.core.Task<String> get() { return () -> \"lambda ran\"; }\n"
            + "}\n";
    /** Generous: the check itself takes microseconds; a JVM would take a tenth of a second to start. */
    private static final Duration FAST = Duration.ofSeconds(1);

    @TempDir
    static Path classes;

    private static byte[] taskBytes;

    @TempDir
    Path temp;

    @BeforeAll
    static void compileTheTask() throws Exception {
        CompiledClasses.compile(classes, Map.of(TASK, SOURCE));
        taskBytes = CompiledClasses.bytes(classes, TASK);
    }

    @Test
    void aTaskDefinedOnlyInMemoryFailsAtOnceWithoutStartingAJvm() throws Exception {
        Task<String> task = newTask(new BytesLoader(null));

        String message = failsFastWithoutChildren(() -> Launch.processes(3, task));

        assertThat(message).contains("mem.InMemoryTask", BytesLoader.class.getName(), "only in memory",
                "none was started", "Launch.threads");
    }

    @Test
    void launchProcessThrowsInsteadOfReturningAWorkerThatNeverRuns() throws Exception {
        Task<String> task = newTask(new BytesLoader(null));

        String message = failsFastWithoutChildren(() -> Launch.process(task));

        assertThat(message).contains("mem.InMemoryTask", "only in memory");
    }

    @Test
    void aLambdaWrittenInAnInMemoryClassFailsNamingThatClass() throws Exception {
        @SuppressWarnings("unchecked")
        Task<String> lambda = ((Supplier<Task<String>>) newTask(new BytesLoader(null))).get();

        String message = failsFastWithoutChildren(() -> Launch.processes(1, lambda));

        assertThat(message).contains("a lambda written in mem.InMemoryTask", "only in memory");
    }

    @Test
    void aClassFromAUrlThatIsNotAFileFailsNamingTheUrl() throws Exception {
        URL remote = new URL("http://example.invalid/tasks.jar");
        URL unsupportedNesting = new URL("jar:file:/opt/app.jar!/lib/tasks.jar!/");
        for (URL source : List.of(remote, unsupportedNesting)) {
            Task<String> task = newTask(new BytesLoader(source));

            String message = failsFastWithoutChildren(() -> Launch.processes(1, task));

            assertThat(message).contains("mem.InMemoryTask", BytesLoader.class.getName(), source.toString(),
                    "not a file");
        }
    }

    @Test
    void aPoolRefusesSuchATaskWhenSubmittedAndKeepsServing() throws Exception {
        Task<String> task = newTask(new BytesLoader(null));
        try (ProcessPool pool = ProcessPool.create(1)) {
            String message = failsFast(() -> pool.submit(task));
            assertThat(message).contains("mem.InMemoryTask", "not queued", "only in memory");
            @SuppressWarnings("unchecked")
            MapTask<Integer, String> function = (MapTask<Integer, String>) task;
            assertThat(failsFast(() -> pool.map(List.of(1, 2), function))).contains("not queued");
            assertThat(failsFast(() -> pool.invokeAll(List.of(() -> "fine", task)))).contains("not queued");

            assertThat(pool.submit(() -> "still serving").get(30, TimeUnit.SECONDS)).isEqualTo("still serving");
        }
    }

    @Test
    void aTaskFromAUrlClassLoaderOfAWholeJarUrlRuns() throws Exception {
        Path jar = temp.resolve("tasks.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.zip.ZipEntry(TASK.replace('.', '/') + ".class"));
            out.write(taskBytes);
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {new URL("jar:" + jar.toUri() + "!/")},
                ReachabilityTest.class.getClassLoader())) {
            @SuppressWarnings("unchecked")
            Task<String> task = (Task<String>) loader.loadClass(TASK).getConstructor().newInstance();

            assertThat(Launch.processes(1, task)).containsExactly("ran");
        }
    }

    @Test
    void theVerdictForAReachableClassIsRemembered() {
        List<String> classPath = ChildCommand.classPathEntries(ReachabilityTest.class.getClassLoader());
        assertThat(Reachability.whyUnreachable(ReachabilityTest.class, classPath)).isEmpty();
        assertThat(Reachability.whyUnreachable(ChildMain.class, classPath)).isEmpty();
        assertThat(Reachability.whyUnreachable(String.class, List.of())).isEmpty();
    }

    /** Runs what must fail, checks that it failed fast with an {@code IllegalStateException} and started no JVM. */
    private static String failsFastWithoutChildren(ThrowingCallable call) {
        Set<Long> before = childJvms();
        String message = failsFast(call);
        assertThat(childJvms()).as("child JVMs started").isSubsetOf(before);
        return message;
    }

    private static String failsFast(ThrowingCallable call) {
        long start = System.nanoTime();
        Throwable thrown = catchThrowable(call);
        long took = System.nanoTime() - start;
        assertThat(thrown).isInstanceOf(IllegalStateException.class);
        assertThat(Duration.ofNanos(took)).isLessThan(FAST);
        return thrown.getMessage();
    }

    private static Set<Long> childJvms() {
        return ProcessHandle.current().children()
                .filter(child -> child.info().commandLine().orElse("").contains(ChildMain.class.getName()))
                .map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    @SuppressWarnings("unchecked")
    private static Task<String> newTask(ClassLoader loader) throws ReflectiveOperationException {
        return (Task<String>) loader.loadClass(TASK).getConstructor().newInstance();
    }

    /**
     * Defines the task from its bytes, with {@code source} as its code source, and serves no resource for it: neither
     * a child nor a "send the bytes" mechanism could have them.
     */
    private static final class BytesLoader extends ClassLoader {
        private final URL source;

        BytesLoader(URL source) {
            super(ReachabilityTest.class.getClassLoader());
            this.source = source;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (!name.equals(TASK)) {
                throw new ClassNotFoundException(name);
            }
            ProtectionDomain domain = new ProtectionDomain(new CodeSource(source, (Certificate[]) null), null);
            return defineClass(name, taskBytes, 0, taskBytes.length, domain);
        }
    }
}
