package io.github.multiprocess4j.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints the suite's {@link Figures} once every test has run, and writes them to the file named by
 * {@code reliability.summaryFile}, if set. Registered with the JUnit Platform through {@code META-INF/services}.
 */
public final class FiguresListener implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        String summary = Figures.summary();
        System.out.println(summary);
        String file = System.getProperty("reliability.summaryFile", "");
        if (!file.isEmpty()) {
            try {
                Files.writeString(Paths.get(file), summary + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the reliability summary to " + file, e);
            }
        }
    }
}
