package io.github.multiprocess4j.core.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.core.Task;
import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Classes defined only in memory, as jshell defines what is typed into it, travel to children by value. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class InMemoryClassesTest {

    @Test
    void aLambdaTypedInJshellRunsInAChildWithTheVariablesAndTypesItUses() {
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                shell.addToClasspath(entry);
            }
            eval(shell, "import io.github.multiprocess4j.core.*;");
            eval(shell, "int factor = 21;");
            eval(shell, "record Point(int x, boolean elsewhere) implements java.io.Serializable {}");
            eval(shell, "long here = ProcessHandle.current().pid();");

            String points = eval(shell, "Launch.processes(2, i -> new Point(i * factor,"
                    + " ProcessHandle.current().pid() != here))");
            eval(shell, "int pooled() throws Exception { try (ProcessPool pool = ProcessPool.create(1)) {"
                    + " return pool.submit(() -> factor * 2).get(); } }");
            String pooled = eval(shell, "pooled()");

            assertThat(points).isEqualTo("[Point[x=0, elsewhere=true], Point[x=21, elsewhere=true]]");
            assertThat(pooled).isEqualTo("42");
        }
    }

    @Test
    void classesOnFilesAreLeftToTheChildsClassPath() throws Exception {
        byte[] task = ValueCodec.encodeTask((Task<Integer>) () -> 42);

        assertThat(ShippedClasses.isInMemory(InMemoryClassesTest.class)).isFalse();
        assertThat(ValueCodec.decode(task, 0, null)).isInstanceOf(Task.class);
        assertThat(task.length).as("a task of classes on files carries no class files").isLessThan(1_000);
    }

    /** Evaluates one snippet and returns its value, failing with jshell's diagnostics if it did not work. */
    private static String eval(JShell shell, String code) {
        List<SnippetEvent> events = shell.eval(code);
        for (SnippetEvent event : events) {
            if (event.exception() != null) {
                throw new AssertionError("jshell threw running: " + code, event.exception());
            }
            if (event.status() == Snippet.Status.REJECTED) {
                throw new AssertionError("jshell rejected: " + code + ": " + shell.diagnostics(event.snippet())
                        .map(diagnostic -> diagnostic.getMessage(null)).collect(java.util.stream.Collectors.toList()));
            }
        }
        return events.get(events.size() - 1).value();
    }
}
