package io.github.multiprocess4j.core.internal.startup;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The module-system part of a child JVM's command line. A JVM started on the module path
 * ({@code java -p <path> -m app/app.Main}) starts its children on the same module path, with its main module and the
 * modules it added ({@code --add-modules}) as root modules, and with the other module options it was started with
 * ({@code --add-opens}, {@code --add-exports}, {@code --add-reads}, {@code --patch-module}, {@code --limit-modules},
 * {@code --upgrade-module-path}, {@code --enable-native-access}), so that the application's modules resolve in the
 * child as in the parent and a task written in one of them loads there with no extra JVM arguments. The child's main
 * class (the channel's {@code ChildMain}) is then named in this library's module
 * ({@code -m io.github.multiprocess4j.core/...}; its package need not be exported), and the class path keeps only what
 * the module path does not hold.
 *
 * <p>The options come from what the JVM reports it was started with, which includes those of the environment
 * variables {@code JDK_JAVA_OPTIONS} and {@code JAVA_TOOL_OPTIONS}; a child does not get those variables
 * ({@link InheritedJvmArguments} passes their other options on, and leaves these to this class), so each option
 * appears once (a second {@code --patch-module} of a module would stop the child).
 *
 * <p>Without a module path (a class-path application, the usual case) it adds nothing, the child's main class is
 * named by its class name as before, and nothing is looked up. Where this library itself is not in the boot layer (on
 * the class path beside a module path, or in a layer the application made, which a child cannot rebuild), the child
 * gets the module path and options all the same, and runs its main class from its class path.
 *
 * <p>What a JVM was started with does not change while it runs, so it is worked out once, on first use. Immutable
 * and thread-safe; it does not fail: an option it does not know is left to the child's defaults.
 */
final class ModulePathArguments {

    /** The options, as the JVM reports them ({@code --name=value}), that decide what a child's modules see. */
    private static final List<String> MODULE_OPTIONS = List.of("--add-modules=", "--add-opens=", "--add-exports=",
            "--add-reads=", "--patch-module=", "--limit-modules=", "--upgrade-module-path=", "--enable-native-access=");
    static final ModulePathArguments NONE = new ModulePathArguments(null, List.of(), null);

    private final String modulePath;
    private final List<String> options;
    private final String childMainModule;

    private ModulePathArguments(String modulePath, List<String> options, String childMainModule) {
        this.modulePath = modulePath;
        this.options = options;
        this.childMainModule = childMainModule;
    }

    /** This JVM's, worked out on first use. */
    static ModulePathArguments current() {
        return Current.ARGUMENTS;
    }

    /** Holds {@link #current()}; loading the management classes costs a class-path application nothing. */
    private static final class Current {
        static final ModulePathArguments ARGUMENTS = ofThisJvm();
    }

    private static ModulePathArguments ofThisJvm() {
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath == null || modulePath.isEmpty()) {
            return NONE;
        }
        Module library = ModulePathArguments.class.getModule();
        boolean bootModule = library.isNamed() && library.getLayer() == ModuleLayer.boot();
        return of(modulePath, System.getProperty("jdk.module.main"),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), bootModule ? library.getName() : null);
    }

    /**
     * Works the arguments out from what a JVM was started with.
     *
     * @param modulePath its module path ({@code jdk.module.path}), or {@code null} if it has none
     * @param mainModule its main module ({@code jdk.module.main}), or {@code null}
     * @param inputArguments its JVM arguments as it reports them ({@code --name=value})
     * @param libraryModule the name of this library's module if it is in the boot layer, else {@code null}
     */
    static ModulePathArguments of(String modulePath, String mainModule, List<String> inputArguments,
            String libraryModule) {
        if (modulePath == null || modulePath.isEmpty()) {
            return NONE;
        }
        List<String> options = new ArrayList<>();
        options.add("--module-path=" + modulePath);
        if (mainModule != null && !mainModule.isEmpty()) {
            options.add("--add-modules=" + mainModule);
        }
        for (String argument : inputArguments) {
            if (isModuleOption(argument)) {
                options.add(argument);
            }
        }
        return new ModulePathArguments(modulePath, List.copyOf(options), libraryModule);
    }

    /** Whether an argument, as the JVM reports it, is one of the module options this class passes on. */
    static boolean isModuleOption(String argument) {
        for (String option : MODULE_OPTIONS) {
            if (argument.startsWith(option)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the parent runs on the module path, so that these arguments matter. */
    boolean present() {
        return modulePath != null;
    }

    /**
     * The options that go before the class path: the module path, the root modules, the other module options. The
     * module path is one {@code --module-path=<path>} word, which an {@code @argfile} can hold like any other.
     */
    List<String> options() {
        return options;
    }

    /**
     * A class path without the entries that the module path holds, itself or in one of its directories of modules:
     * there, they are modules, and this library's own jar is among them.
     */
    String classPath(String classPath) {
        if (modulePath == null) {
            return classPath;
        }
        Set<Path> modules = new HashSet<>();
        for (String entry : modulePath.split(File.pathSeparator)) {
            Path module = normalized(entry);
            if (module != null) {
                modules.add(module);
            }
        }
        Set<String> kept = new LinkedHashSet<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            Path path = normalized(entry);
            if (!entry.isEmpty() && (path == null || !modules.contains(path) && !modules.contains(path.getParent()))) {
                kept.add(entry);
            }
        }
        return String.join(File.pathSeparator, kept);
    }

    /** The absolute form of a path entry, or {@code null} for an empty entry or one that is not a path. */
    private static Path normalized(String entry) {
        try {
            return entry.isEmpty() ? null : Paths.get(entry).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /**
     * How the child names its main class, one of this library's: by module and class when this library is a module in
     * the boot layer, else by class.
     */
    List<String> mainClass(Class<?> main) {
        String name = main.getName();
        return childMainModule == null ? List.of(name) : List.of("-m", childMainModule + "/" + name);
    }
}
