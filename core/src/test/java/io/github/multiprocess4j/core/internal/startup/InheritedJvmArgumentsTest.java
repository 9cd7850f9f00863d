package io.github.multiprocess4j.core.internal.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.multiprocess4j.core.Launch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What children get from their parent's settings: the property, the opt-in, the environment's options. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class InheritedJvmArgumentsTest {

    private static final long MIB = 1024 * 1024;

    @AfterEach
    void clearProperties() {
        System.clearProperty(InheritedJvmArguments.JVM_ARGS_PROPERTY);
    }

    @Test
    void optionsSplitAtWhiteSpaceOutsideQuotes() {
        assertThat(InheritedJvmArguments.split(null)).isEmpty();
        assertThat(InheritedJvmArguments.split("  ")).isEmpty();
        assertThat(InheritedJvmArguments.split(" -Xmx64m\t-Da=1  ")).containsExactly("-Xmx64m", "-Da=1");
        assertThat(InheritedJvmArguments.split("-Da='x y' \"-Db=z w\" -Dc=\"\""))
                .containsExactly("-Da=x y", "-Db=z w", "-Dc=");
        assertThatThrownBy(() -> InheritedJvmArguments.split("-Da='x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not closed");
    }

    @Test
    void moduleOptionsAreLeftToTheModulePathArgumentsInEitherForm() {
        assertThat(InheritedJvmArguments.withoutModuleOptions(List.of("-Xmx64m", "--add-opens",
                "java.base/java.lang=app", "--add-exports=java.base/sun.nio.ch=app", "-Da=1", "--patch-module",
                "app=/p"))).containsExactly("-Xmx64m", "-Da=1");
    }

    @Test
    void theJvmArgsPropertyReachesEveryChild() throws Exception {
        System.setProperty(InheritedJvmArguments.JVM_ARGS_PROPERTY, "-Dfrom.property='set here' -Xmx48m");

        List<String> seen = Launch.processes(2, i -> System.getProperty("from.property") + "|"
                + Runtime.getRuntime().maxMemory());

        for (String child : seen) {
            String[] parts = child.split("\\|");
            assertThat(parts[0]).isEqualTo("set here");
            assertThat(Long.parseLong(parts[1])).isLessThanOrEqualTo(48 * MIB);
        }
    }

    @Test
    void aMalformedJvmArgsPropertyFailsTheLaunch() {
        System.setProperty(InheritedJvmArguments.JVM_ARGS_PROPERTY, "-Dx='unclosed");

        assertThatThrownBy(() -> Launch.processes(1, () -> 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(InheritedJvmArguments.JVM_ARGS_PROPERTY);
    }

    @Test
    void withTheOptInChildrenStartWithTheParentsOwnArgumentsButNotItsDebugger() throws Exception {
        String output = runParent(Map.of(), "-Xmx40m", "-Dfrom.parent=copied",
                "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0",
                "-D" + InheritedJvmArguments.INHERIT_PROPERTY + "=true");

        assertThat(childrenLine(output)).hasSize(2).allSatisfy(child -> {
            assertThat(child).startsWith("copied ");
            assertThat(Long.parseLong(child.substring("copied ".length()))).isLessThanOrEqualTo(40 * MIB);
        });
    }

    @Test
    void withoutTheOptInChildrenDoNotGetTheParentsHeapOrProperties() throws Exception {
        String output = runParent(Map.of(), "-Xmx40m", "-Dfrom.parent=copied");

        assertThat(childrenLine(output)).hasSize(2).allSatisfy(child -> assertThat(child).startsWith("null "));
    }

    @Test
    void javaToolOptionsReachChildrenAsArgumentsAndArePickedUpOnce() throws Exception {
        String output = runParent(Map.of("JAVA_TOOL_OPTIONS", "-Dfrom.parent=tool"));

        assertThat(childrenLine(output)).hasSize(2).allSatisfy(child -> assertThat(child).startsWith("tool "));
        assertThat(output.split("Picked up JAVA_TOOL_OPTIONS", -1)).as("'Picked up' lines in:%n%s", output)
                .hasSize(2);
    }

    /** Runs {@link ParentMain}'s {@code settings} mode, children's output forwarded; returns everything printed. */
    private static String runParent(Map<String, String> environment, String... jvmArgs) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(jvmArgs));
        arguments.addAll(List.of("-cp", ChildCommand.classPath(InheritedJvmArgumentsTest.class.getClassLoader()),
                ParentMain.class.getName(), "settings"));
        ProcessBuilder builder = new ProcessBuilder(ParentMain.command(arguments.toArray(new String[0])))
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process parent = builder.start();
        try {
            String output = new String(parent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(parent.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(parent.exitValue()).as("the parent's exit; it printed:%n%s", output).isZero();
            return output;
        } finally {
            parent.destroyForcibly();
        }
    }

    private static List<String> childrenLine(String output) throws IOException {
        for (String line : output.split("\n")) {
            if (line.startsWith("children [")) {
                return List.of(line.substring("children [".length(), line.length() - 1).split(", "));
            }
        }
        throw new AssertionError("no children line in:\n" + output);
    }
}
