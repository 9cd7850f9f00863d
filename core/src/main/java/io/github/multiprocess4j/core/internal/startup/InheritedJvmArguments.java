package io.github.multiprocess4j.core.internal.startup;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JVM arguments a child gets from its parent's settings, before those of the launch or pool itself:
 *
 * <ol>
 *   <li>what the parent was given through the environment variables {@code JAVA_TOOL_OPTIONS} and
 *       {@code JDK_JAVA_OPTIONS}, passed as arguments while the variables themselves are removed from the child's
 *       environment, so that the JVM's "Picked up ..." line is printed once, by the parent;</li>
 *   <li>with the system property {@value #INHERIT_PROPERTY}{@code =true}, every argument the parent JVM was
 *       started with (heap, garbage collector, {@code -D}, {@code --add-opens}, agents), except a debugger's agent,
 *       whose port would clash, the module path, which children get their own way, and class-data-sharing
 *       flags, which the library sets itself; the environment variables' options are among them;</li>
 *   <li>the system property {@value #JVM_ARGS_PROPERTY}: arguments for every child, separated by white space,
 *       quoted with {@code '} or {@code "} where one holds white space (as in {@code JAVA_TOOL_OPTIONS}).</li>
 * </ol>
 *
 * Both properties are {@code multiprocess4j.*} properties, so children pass them on to their own children. When
 * the parent runs on the module path, its module options ({@code --add-opens} and the like, from wherever they came)
 * are left to {@link ModulePathArguments}, so that each reaches the child once. Thread-safe.
 */
final class InheritedJvmArguments {

    /** The system property with arguments for every child. */
    static final String JVM_ARGS_PROPERTY = "multiprocess4j.jvmArgs";
    /** The system property that makes children start with the parent's own JVM arguments. */
    static final String INHERIT_PROPERTY = "multiprocess4j.inheritJvmArgs";

    private static final List<String> ENVIRONMENT_OPTIONS = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");
    /** Arguments of the parent that a child must not get: a debugger's port, the module path, our own archive. */
    private static final List<String> NOT_INHERITED = List.of("-agentlib:jdwp", "-Xrunjdwp", "-Xdebug",
            "-Djdk.module.", "--module-path", "--upgrade-module-path", "-Dmultiprocess4j.",
            "-XX:SharedArchiveFile", "-XX:ArchiveClassesAtExit", "-XX:DumpLoadedClassList", "-Xshare:",
            "-XX:AOTCache", "-XX:AOTMode", "-XX:AOTConfiguration", "-XX:AOTCacheOutput");

    private static volatile List<String> parentsOwn;

    private InheritedJvmArguments() {
    }

    /**
     * The arguments, in the order above.
     *
     * @throws IllegalArgumentException if {@value #JVM_ARGS_PROPERTY} has an unclosed quote
     */
    static List<String> get() {
        List<String> arguments = new ArrayList<>();
        if (Boolean.getBoolean(INHERIT_PROPERTY)) {
            arguments.addAll(parentsOwn());
        } else {
            for (String variable : ENVIRONMENT_OPTIONS) {
                String options = System.getenv(variable);
                try {
                    arguments.addAll(split(options));
                } catch (IllegalArgumentException e) {
                    arguments.addAll(List.of(options.trim().split("\\s+")));
                }
            }
        }
        if (ModulePathArguments.current().present()) {
            arguments = withoutModuleOptions(arguments);
        }
        try {
            arguments.addAll(split(System.getProperty(JVM_ARGS_PROPERTY)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the system property " + JVM_ARGS_PROPERTY + " is malformed: "
                    + e.getMessage(), e);
        }
        return arguments;
    }

    /** Removes what {@link #get()} passes as arguments from a child's environment. */
    static void clearEnvironment(Map<String, String> environment) {
        ENVIRONMENT_OPTIONS.forEach(environment::remove);
    }

    /**
     * Splits options at white space outside quotes, as the JVM splits {@code JAVA_TOOL_OPTIONS}: a quoted part
     * ({@code '...'} or {@code "..."}) keeps its white space and loses its quotes.
     *
     * @return the options; none for {@code null} or blank
     * @throws IllegalArgumentException if a quote is not closed
     */
    static List<String> split(String options) {
        List<String> parts = new ArrayList<>();
        if (options == null) {
            return parts;
        }
        StringBuilder part = new StringBuilder();
        boolean inPart = false;
        char quote = 0;
        for (int i = 0; i < options.length(); i++) {
            char c = options.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    part.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inPart = true;
            } else if (Character.isWhitespace(c)) {
                if (inPart) {
                    parts.add(part.toString());
                    part.setLength(0);
                    inPart = false;
                }
            } else {
                part.append(c);
                inPart = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("a " + quote + " quote is not closed in: " + options);
        }
        if (inPart) {
            parts.add(part.toString());
        }
        return parts;
    }

    /**
     * The arguments without the options that {@link ModulePathArguments} passes on, written as one word
     * ({@code --add-opens=x}, as the JVM reports them) or, in an environment variable, as two ({@code --add-opens x}).
     */
    static List<String> withoutModuleOptions(List<String> arguments) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.indexOf('=') < 0 && ModulePathArguments.isModuleOption(argument + "=")) {
                i++;
            } else if (!ModulePathArguments.isModuleOption(argument)) {
                kept.add(argument);
            }
        }
        return kept;
    }

    private static List<String> parentsOwn() {
        List<String> own = parentsOwn;
        if (own == null) {
            own = new ArrayList<>();
            for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (NOT_INHERITED.stream().noneMatch(argument::startsWith)) {
                    own.add(argument);
                }
            }
            own = List.copyOf(own);
            parentsOwn = own;
        }
        return own;
    }
}
