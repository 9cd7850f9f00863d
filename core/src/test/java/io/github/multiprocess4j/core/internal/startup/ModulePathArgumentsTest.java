package io.github.multiprocess4j.core.internal.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.core.internal.channel.ChildMain;
import java.io.File;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a child's command line gets from a parent on the module path. The whole path, a real modular application and
 * its children, is {@code ModulePathAppTest} in the examples module; this JVM runs on the class path.
 */
class ModulePathArgumentsTest {

    private static final String LIBRARY = "io.github.multiprocess4j.core";
    private static final String MODULE_PATH = String.join(File.pathSeparator, "/m/app.jar", "/m/lib");

    @Test
    void aClassPathJvmAddsNothingAndNamesTheMainClassByItsName() {
        ModulePathArguments none = ModulePathArguments.of(null, null, List.of("--add-opens=java.base/java.io=ALL-UNNAMED"),
                null);

        assertThat(none.present()).isFalse();
        assertThat(none.options()).isEmpty();
        assertThat(none.mainClass(ChildMain.class)).containsExactly(ChildMain.class.getName());
        assertThat(none.classPath("/a.jar" + File.pathSeparator + "/b")).isEqualTo("/a.jar" + File.pathSeparator + "/b");
        assertThat(ModulePathArguments.current().present()).isFalse();
    }

    @Test
    void aModulePathApplicationPassesItsModulePathRootModulesAndModuleOptions() {
        ModulePathArguments arguments = ModulePathArguments.of(MODULE_PATH, "app", List.of(
                "--module-path=" + MODULE_PATH, "-Xmx64m", "--add-modules=jdk.httpserver",
                "--add-opens=java.base/java.lang=app", "--add-exports=java.base/sun.nio.ch=app", "--add-reads=app=java.sql",
                "--patch-module=app=/patches", "--limit-modules=app", "--upgrade-module-path=/upgrades",
                "--enable-native-access=app", "-Dfoo=bar", "-Djdk.module.main=app"), LIBRARY);

        assertThat(arguments.present()).isTrue();
        assertThat(arguments.options()).containsExactly("--module-path=" + MODULE_PATH, "--add-modules=app",
                "--add-modules=jdk.httpserver", "--add-opens=java.base/java.lang=app",
                "--add-exports=java.base/sun.nio.ch=app", "--add-reads=app=java.sql", "--patch-module=app=/patches",
                "--limit-modules=app", "--upgrade-module-path=/upgrades", "--enable-native-access=app");
        assertThat(arguments.mainClass(ChildMain.class)).containsExactly("-m", LIBRARY + "/" + ChildMain.class.getName());
    }

    @Test
    void theClassPathKeepsOnlyWhatTheModulePathDoesNotHold() {
        String relative = Paths.get("lib", "dep.jar").toString();
        ModulePathArguments arguments = ModulePathArguments.of(
                MODULE_PATH + File.pathSeparator + relative, null, List.of(), LIBRARY);

        String classPath = String.join(File.pathSeparator, "/m/app.jar", "/c/other.jar", "/m/lib/", "/m/lib/in.jar",
                Paths.get(relative).toAbsolutePath().toString(), "", "/c/classes");

        assertThat(arguments.classPath(classPath)).isEqualTo("/c/other.jar" + File.pathSeparator + "/c/classes");
        assertThat(arguments.classPath("/m/app.jar")).isEmpty();
    }

    @Test
    void withTheLibraryOnTheClassPathTheChildStillGetsTheModulePathButNamesItsMainClassByName() {
        ModulePathArguments arguments = ModulePathArguments.of(MODULE_PATH, null,
                List.of("--add-modules=ALL-MODULE-PATH"), null);

        assertThat(arguments.options()).containsExactly("--module-path=" + MODULE_PATH, "--add-modules=ALL-MODULE-PATH");
        assertThat(arguments.mainClass(ChildMain.class)).containsExactly(ChildMain.class.getName());
    }
}
