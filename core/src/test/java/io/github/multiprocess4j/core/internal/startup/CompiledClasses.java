package io.github.multiprocess4j.core.internal.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Classes compiled by the tests from source, against this library, into a directory of their own. */
final class CompiledClasses {

    private CompiledClasses() {
    }

    /**
     * Compiles sources into {@code classes}, leaving only the class files there.
     *
     * @param sources each source by its class's binary name ({@code dyn.DynamicTask})
     * @return {@code classes}
     */
    static Path compile(Path classes, Map<String, String> sources) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("-cp",
                ChildCommand.classPath(CompiledClasses.class.getClassLoader()), "-d", classes.toString()));
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = classes.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            files.add(file);
            arguments.add(file.toString());
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler.run(null, null, null, arguments.toArray(new String[0]))).isZero();
        for (Path file : files) {
            Files.delete(file);
        }
        return classes;
    }

    /** The bytes of a compiled class. */
    static byte[] bytes(Path classes, String binaryName) throws IOException {
        return Files.readAllBytes(classes.resolve(binaryName.replace('.', '/') + ".class"));
    }
}
