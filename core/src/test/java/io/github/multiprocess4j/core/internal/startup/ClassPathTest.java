package io.github.multiprocess4j.core.internal.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Task;
import io.github.multiprocess4j.core.internal.channel.ChildMain;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The child finds the classes its task needs however the parent was started. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClassPathTest {

    @TempDir
    Path temp;

    @Test
    void aTaskFromABuildToolsClassLoaderRunsInAChild() throws Exception {
        try (URLClassLoader loader = compileDynamicTask(temp.resolve("classes with space"))) {
            Task<String> task = newDynamicTask(loader);

            assertThat(Launch.processes(1, task)).singleElement().asString().startsWith("dynamic task in ");
        }
    }

    @Test
    void aClassPathTooLongForACommandLineGoesThroughAnArgumentFile() throws Exception {
        String original = System.getProperty("java.class.path");
        String padding = IntStream.range(0, 1000).mapToObj(i -> "/no/such/dir-" + i + "/library.jar")
                .collect(Collectors.joining(File.pathSeparator));
        try (URLClassLoader loader = compileDynamicTask(temp.resolve("classes with space"))) {
            System.setProperty("java.class.path", original + File.pathSeparator + padding);
            Task<String> task = newDynamicTask(loader);

            List<String> command = ChildCommand.build(ChildCommand.settings(List.of()), StartupArchive.plan().flags,
                    ChildCommand.classPathEntries(loader), ChildMain.class, List.of("answer", ChildMain.ONCE));
            assertThat(command).anyMatch(argument -> argument.startsWith("@")).noneMatch("-cp"::equals);
            assertThat(Launch.processes(2, task)).hasSize(2).allMatch(result -> result.startsWith("dynamic task"));
        } finally {
            System.setProperty("java.class.path", original);
        }
    }

    @Test
    void aParentStartedWithJavaDashJarPassesItsManifestClassPathOn() throws Exception {
        Path jar = temp.resolve("app.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ParentMain.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, manifestClassPath());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // a jar holding nothing but its manifest
        }

        Process parent = new ProcessBuilder(ParentMain.command("-jar", jar.toString(), "pids"))
                .redirectErrorStream(true).start();
        String output = new String(parent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(parent.waitFor()).as(output).isZero();
        assertThat(output).startsWith("ok [");
    }

    private static String manifestClassPath() {
        return List.of(ChildCommand.classPath(ClassPathTest.class.getClassLoader()).split(File.pathSeparator))
                .stream().map(entry -> new File(entry).toURI().toString()).collect(Collectors.joining(" "));
    }

    @SuppressWarnings("unchecked")
    private static Task<String> newDynamicTask(ClassLoader loader) throws ReflectiveOperationException {
        return (Task<String>) loader.loadClass("dyn.DynamicTask").getConstructor().newInstance();
    }

    /** Compiles a task class into a directory that is not on the class path, and loads it from there. */
    private static URLClassLoader compileDynamicTask(Path classes) throws IOException {
        CompiledClasses.compile(classes, Map.of("dyn.DynamicTask", "package dyn;\n"
                + "public class DynamicTask implements io.github.multiprocess4j.core.Task<String> {\n"
                + "    public String call() { return \"dynamic task in \" + ProcessHandle.current().pid(); }\n"
                + "}\n"));
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, ClassPathTest.class.getClassLoader());
    }
}
