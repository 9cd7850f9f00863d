package io.github.multiprocess4j.core.internal.startup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts the JVM of a child: its command line ({@link ChildCommand}), with the start-up archive's or AOT cache's
 * flags ({@link StartupArchive}); an environment without {@code JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS}, whose
 * options are on the command line instead ({@link InheritedJvmArguments}); a failed start tried again
 * ({@link Spawning}); and the process killed if this JVM exits first ({@link Children}). Its standard input, output
 * and error are pipes to this JVM, unless its output is discarded.
 *
 * <p>Thread-safe; {@link #exited(int)} is for whoever waits for the process, once.
 */
public final class ChildJvm {

    private final Process process;
    private final StartupArchive.Plan archive;

    private ChildJvm(Process process, StartupArchive.Plan archive) {
        this.process = process;
        this.archive = archive;
    }

    /**
     * Starts a child JVM.
     *
     * @param mainClass the class it runs, one of this library's
     * @param mainArguments the arguments of its {@code main}
     * @param jvmArgs the launch's or pool's own JVM arguments, which come after those the parent's settings give
     * @param taskLoader the class loader of the child's tasks, whose files go on its class path
     * @param discardOutput whether its standard output goes nowhere rather than to a pipe
     * @param environment variables set in its environment, over those it inherits
     * @param directory its working directory, or {@code null} for this JVM's
     * @param training what a child that trains a start-up cache for children like this one runs
     * @return the started JVM
     * @throws IOException if the process cannot be started
     * @throws IllegalArgumentException if the system property {@code multiprocess4j.jvmArgs} is malformed
     */
    public static ChildJvm start(Class<?> mainClass, List<String> mainArguments, List<String> jvmArgs,
            ClassLoader taskLoader, boolean discardOutput, Map<String, String> environment, Path directory,
            TrainingRun training) throws IOException {
        List<String> settings = ChildCommand.settings(jvmArgs);
        List<String> classPath = ChildCommand.classPathEntries(taskLoader);
        StartupArchive.Plan archive = StartupArchive.plan(settings,
                ModulePathArguments.current().present() ? null : classPath, mainClass.getName(), training);
        try {
            ProcessBuilder builder = new ProcessBuilder(
                    ChildCommand.build(settings, archive.flags, classPath, mainClass, mainArguments));
            InheritedJvmArguments.clearEnvironment(builder.environment());
            builder.environment().putAll(environment);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            if (discardOutput) {
                builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            }
            Process process = Spawning.withRetries(builder::start);
            Children.add(process);
            return new ChildJvm(process, archive);
        } catch (IOException | RuntimeException e) {
            archive.childExited(-1);
            throw e;
        }
    }

    /**
     * The running process.
     *
     * @return it
     */
    public Process process() {
        return process;
    }

    /**
     * Says how the child ended: a child that trained the start-up archive and exited normally makes it.
     *
     * @param exitCode its exit code
     */
    public void exited(int exitCode) {
        archive.childExited(exitCode);
    }
}
