package io.github.multiprocess4j.examples;

import java.util.List;
import java.util.Locale;

/**
 * Runs the notebook's sections in order, or one of them by name.
 *
 * <pre>
 * java -jar multiprocess4j-tour.jar            # every section
 * java -jar multiprocess4j-tour.jar --list     # their names
 * java -jar multiprocess4j-tour.jar threading  # one section
 * </pre>
 */
public final class Tour {

    static final List<Example> EXAMPLES = List.of(new ThreadingExample(), new LockingExample(),
            new MultiprocessingExample(), new SharedMemoryExample(), new ShareableListExample(),
            new SharedObjectsExample(), new Exercise3Interleaving(), new Exercise4LockedLines());

    private Tour() {
    }

    /**
     * Runs the tour.
     *
     * @param args nothing for every section, {@code --list}, or section names
     * @throws Exception whatever a section throws
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 1 && "--list".equals(args[0])) {
            EXAMPLES.forEach(example -> System.out.printf(Locale.ROOT, "%-18s %s%n", example.name(), example.title()));
            return;
        }
        for (Example example : select(args)) {
            String heading = "== " + example.name() + ": " + example.title();
            System.out.println();
            System.out.println(heading);
            System.out.println("=".repeat(Math.min(heading.length(), 100)));
            example.run();
        }
    }

    private static List<Example> select(String[] names) {
        if (names.length == 0) {
            return EXAMPLES;
        }
        return java.util.Arrays.stream(names).map(Tour::find).collect(java.util.stream.Collectors.toList());
    }

    private static Example find(String name) {
        return EXAMPLES.stream().filter(example -> example.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no example called '" + name + "'; try --list"));
    }
}
