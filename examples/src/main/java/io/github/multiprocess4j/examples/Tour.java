package io.github.multiprocess4j.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the tour's sections in order, or some of them by name.
 *
 * <pre>
 * java -jar multiprocess4j-tour.jar                  # every section
 * java -jar multiprocess4j-tour.jar --list           # their names
 * java -jar multiprocess4j-tour.jar threading queues # some sections
 * java -jar multiprocess4j-tour.jar --real-urls      # fetch the real URLs instead of a local server
 * </pre>
 */
public final class Tour {

    static final List<Example> EXAMPLES = List.of(new ThreadingExample(), new LockingExample(), new QueuesExample(),
            new MultiprocessingExample(), new StreamingExample(), new SharedMemoryExample(), new ShareableListExample(),
            new SharedObjectsExample(), new SynchronizersExample(), new Exercise2TimestampedQueue(),
            new Exercise3Interleaving(), new Exercise4LockedLines(), new Exercise5UuidWorkQueue(), new ClusterExample());

    private static volatile boolean realUrls;

    private Tour() {
    }

    /**
     * Runs the tour.
     *
     * @param args nothing for every section, {@code --list}, section names, and optionally {@code --real-urls}
     * @throws Exception whatever a section throws
     */
    public static void main(String[] args) throws Exception {
        List<String> names = new ArrayList<>(List.of(args));
        realUrls = names.remove("--real-urls");
        if (names.remove("--list")) {
            EXAMPLES.forEach(example -> System.out.printf(Locale.ROOT, "%-16s %s%n", example.name(), example.title()));
            return;
        }
        for (Example example : select(names)) {
            String heading = "== " + example.name() + ": " + example.title();
            System.out.println();
            System.out.println(heading);
            System.out.println("=".repeat(Math.min(heading.length(), 100)));
            example.run();
        }
    }

    /** Whether the fetching cells go to the real URLs rather than the local server. */
    static boolean realUrls() {
        return realUrls;
    }

    private static List<Example> select(List<String> names) {
        if (names.isEmpty()) {
            return EXAMPLES;
        }
        List<Example> selected = new ArrayList<>();
        for (String name : names) {
            selected.add(EXAMPLES.stream().filter(example -> example.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no example called '" + name + "'; try --list")));
        }
        return selected;
    }
}
