package io.github.multiprocess4j.shm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Objects of an application's named module are made by their no-argument constructor where this module may call
 * it, and without a constructor where it may not, never through Kryo's generated accessor (which a named module's
 * package is not exported to). Classes of the class path and of the JDK are made as Kryo makes them.
 */
class ModuleAwareInstantiatorsTest {

    @TempDir
    static Path temp;

    private static ModuleLayer layer;

    /** A module whose two classes count their constructor calls; one package exported, one not. */
    @BeforeAll
    static void defineAModule() throws IOException {
        Path sources = temp.resolve("src");
        write(sources.resolve("module-info.java"), "module layered { exports layered.exported; }");
        for (String pkg : List.of("exported", "hidden")) {
            write(sources.resolve("layered/" + pkg + "/Counted.java"), "package layered." + pkg + ";\n"
                    + "public class Counted { private int built; public Counted() { built++; }\n"
                    + "    @Override public String toString() { return \"built \" + built; } }");
        }
        Path classes = temp.resolve("classes");
        List<String> arguments = new ArrayList<>(List.of("--release", "17", "-d", classes.toString()));
        try (var files = Files.walk(sources)) {
            files.filter(Files::isRegularFile).forEach(file -> arguments.add(file.toString()));
        }
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, arguments.toArray(new String[0])))
                .isZero();
        Configuration configuration = ModuleLayer.boot().configuration()
                .resolve(ModuleFinder.of(classes), ModuleFinder.of(), Set.of("layered"));
        layer = ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getSystemClassLoader());
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    @Test
    void aClassOfAnExportedPackageIsMadeByItsConstructor() throws Exception {
        Object made = newInstance(layer.findLoader("layered").loadClass("layered.exported.Counted"));

        assertThat(made).hasToString("built 1");
    }

    @Test
    void aClassOfAPackageNotExportedToThisModuleIsMadeWithoutAConstructor() throws Exception {
        Class<?> type = layer.findLoader("layered").loadClass("layered.hidden.Counted");

        assertThat(ModuleAwareInstantiators.isOfAnApplicationModule(type)).isTrue();
        assertThat(newInstance(type)).isInstanceOf(type).hasToString("built 0");
    }

    @Test
    void classesOfTheClassPathAndOfTheJdkAreMadeAsKryoMakesThem() throws Exception {
        assertThat(ModuleAwareInstantiators.isOfAnApplicationModule(ArrayList.class)).isFalse();
        assertThat(ModuleAwareInstantiators.isOfAnApplicationModule(java.sql.Date.class)).isFalse();
        assertThat(ModuleAwareInstantiators.isOfAnApplicationModule(ModuleAwareInstantiatorsTest.class)).isFalse();
        assertThat(newInstance(ArrayList.class)).isEqualTo(List.of());
    }

    private static Object newInstance(Class<?> type) {
        return new ModuleAwareInstantiators().newInstantiatorOf(type).newInstance();
    }
}
