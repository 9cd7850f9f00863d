package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.core.Launch;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Makes sure start-up is measured as a user's application would see it: the library in its own jars beside the
 * application's, not merged into one uber-jar. Children inherit the class path, and so does the bare JVM that they
 * are compared with; an uber-jar slows that baseline (a 20 MB jar to open and search) more than the library's
 * children, which read their classes from a start-up archive, and makes the ratio look better than it is.
 */
final class ApplicationClassPath {

    static final String HOW_TO_RUN = "run the benchmarks with the module's application class path: "
            + "java -cp 'benchmarks/target/app/*' ...";

    private ApplicationClassPath() {
    }

    /**
     * @throws IllegalStateException if the library's classes are not in a jar of their own
     */
    static void require() {
        Path library = locationOf(Launch.class);
        Path benchmarks = locationOf(ApplicationClassPath.class);
        if (library.equals(benchmarks)) {
            throw new IllegalStateException("the library's classes come from the same place as the benchmarks' ("
                    + library.getFileName() + "), as in an uber-jar, which a user's application does not have: "
                    + HOW_TO_RUN);
        }
        if (!library.getFileName().toString().endsWith(".jar")) {
            throw new IllegalStateException("the library's classes come from a directory (" + library.getFileName()
                    + "), not from its jar as in a user's application: " + HOW_TO_RUN);
        }
    }

    private static Path locationOf(Class<?> type) {
        try {
            return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where " + type.getName() + " was loaded from", e);
        }
    }
}
