package io.github.multiprocess4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the whole tour once, as a newcomer would, then checks each section's output for its shape and values. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TourTest {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static String output;
    /** The notebook's sections and exercises. */
    private static Duration took;
    /** The cluster section, which starts member JVMs of its own. */
    private static Duration clusterTook;

    @BeforeAll
    static void runTheWholeTour() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long start = System.nanoTime();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            // in the tour's order, as Tour.main with no argument runs it, timing the notebook and the cluster apart
            Tour.main(Tour.EXAMPLES.stream().map(Example::name).filter(name -> !name.equals("cluster"))
                    .toArray(String[]::new));
            took = Duration.ofNanos(System.nanoTime() - start);
            long clusterStart = System.nanoTime();
            Tour.main(new String[] {"cluster"});
            clusterTook = Duration.ofNanos(System.nanoTime() - clusterStart);
        } finally {
            System.setOut(original);
            output = bytes.toString(StandardCharsets.UTF_8);
            original.print(output);
        }
    }

    /**
     * The tour takes about 40 s on a quiet machine of 2 cores, and its cluster section about 20 s more. The limits
     * leave room for a machine running other builds (the tour took 61 s at a load of 20 on 2 cores) and still catch a
     * section that waits far longer than it should.
     */
    @Test
    void everySectionRunsAndTheTourTakesAFewMinutesAtMost() {
        assertThat(Tour.EXAMPLES).allSatisfy(example -> assertThat(output).contains("== " + example.name() + ": "));
        assertThat(took).isLessThan(Duration.ofMinutes(3));
        assertThat(clusterTook).isLessThan(Duration.ofMinutes(2));
    }

    @Test
    void threading() {
        String section = section("threading");
        assertThat(seconds(section, "do_sleep")).isBetween(0.49, 1.0);
        assertThat(seconds(section, "5 x do_sleep")).isBetween(2.49, 4.0);
        assertThat(seconds(section, "5 threads of do_sleep")).isBetween(0.49, 1.5);
        assertThat(count(section, "Done sleeping!")).isEqualTo(11);
        assertThat(section).containsPattern("5 threads of do_calculation: \\d+\\.\\d{4} s \\(\\d+\\.\\d x the time of one");
    }

    @Test
    void locking() {
        String section = section("locking");
        assertThat(numbersAfter(section, "counter = ")).hasSize(3).last().isEqualTo(5_000_000L);
        assertThat(numbersAfter(section, "counter = ").get(1)).isEqualTo(5_000_000L);
        assertThat(section).contains("parent got the lock within 1 s: true", "second thread got the lock within 1 s: false");
    }

    @Test
    void queues() {
        String section = section("queues");
        assertThat(section).contains("first, second", "QueueEmptyException at once");
        assertThat(seconds(section, "QueueEmptyException after")).isBetween(0.99, 2.0);
        assertThat(count(section, "producer: queued ")).isEqualTo(4);
        assertThat(section).containsPattern("fetcher \\d: \\S+ -> 200, \\d+ bytes");
        assertThat(numbersAfter(section, "done after ").stream().mapToLong(Long::longValue).sum()).isEqualTo(4);
    }

    @Test
    void multiprocessing() {
        String section = section("multiprocessing");
        Matcher pids = Pattern.compile("parent pid (\\d+), children \\[([\\d, ]+)]").matcher(section);
        assertThat(pids.find()).isTrue();
        List<String> children = Arrays.asList(pids.group(2).split(", "));
        assertThat(children).hasSize(5).doesNotHaveDuplicates().doesNotContain(pids.group(1));
        assertThat(section).contains("list sizes seen by the children: [1, 1, 1]; in the parent: []");
        assertThat(numbersAfter(section, "heap limits of the children, MiB: ")).hasSize(2)
                .allSatisfy(mib -> assertThat(mib).isBetween(1L, 64L));
        assertThat(seconds(section, "5 processes of do_calculation")).isPositive();
    }

    @Test
    void streaming() {
        String section = section("streaming");
        Matcher progress = Pattern.compile("progress (\\d+)/12 after \\d+\\.\\d{2} s: (\\d+)").matcher(section);
        for (int i = 0; i < 12; i++) {
            assertThat(progress.find()).as("progress line %s", i + 1).isTrue();
            assertThat(progress.group(1)).isEqualTo(Integer.toString(i + 1));
            assertThat(progress.group(2)).isEqualTo(Integer.toString(i * i));
        }
        assertThat(section).contains("completion order (index=value): 1=10, 0=400");
        assertThat(section).contains("the first 5 of an endless input: [0, 2, 4, 6, 8]", "as completed: [quick, slow]");
    }

    @Test
    void synchronizers() {
        String section = section("synchronizers");
        assertThat(section).contains("woken by one set(): [true, true, true]", "arrival indexes: [0, 1, 2]",
                "parent holds the lock 2 times", "parent woke with value 42, holding the lock 2 times again");
        assertThat(numbersAfter(section, "most processes inside at once: ")).first().isIn(1L, 2L);
    }

    @Test
    void sharedMemory() {
        String section = section("shared-memory");
        assertThat(section).containsPattern("psm_[0-9a-f]{8}: size 1024, sm.get\\(0\\) = 200");
        List<Long> written = numbersAfter(section, "written by the children: ");
        List<Long> read = numbersAfter(section, "read by the parent:      ");
        assertThat(read).hasSize(10).allMatch(value -> value >= 0 && value <= 255).isEqualTo(written);
    }

    @Test
    void shareableList() {
        String section = section("shareable-list");
        assertThat(section).containsPattern("ShareableList\\(\\['spam', 3.14159, 123456, 0], name='psm_[0-9a-f]{8}'\\)")
                .containsPattern("ShareableList\\(\\['eggs', 3.14159, 123456, 42], name='psm_[0-9a-f]{8}'\\)")
                .contains("list.get(3) = 42", "refused: ")
                .containsPattern("shared = ShareableList\\(name='psm_[0-9a-f]{8}'\\)\\R"
                        + "resource_tracker.unregister\\(shared.shm._name, \"shared_memory\"\\)");
    }

    @Test
    void sharedObjects() {
        String section = section("shared-objects");
        assertThat(section).contains("[1, 2, 3]");
        Matcher list = Pattern.compile("\\[([\\d, ]+)] \\(10 numbers\\)").matcher(section);
        assertThat(list.find()).isTrue();
        assertThat(list.group(1).split(", ")).hasSize(10);
    }

    @Test
    void exercise2() {
        String section = section("exercise2");
        assertThat(count(section, " waited ")).isEqualTo(5);
        assertThat(section).contains("consumed 5 items");
    }

    @Test
    void exercise3() {
        assertThat(uuids(section("exercise3"))).hasSize(50);
    }

    @Test
    void exercise4() {
        String section = section("exercise4");
        List<String> lines = section.lines().filter(line -> UUID.matcher(line).find()).collect(Collectors.toList());
        assertThat(lines).hasSize(10).allMatch(line -> line.matches("(" + UUID.pattern() + ",){5}"));
        assertThat(uuids(section)).hasSize(50);
        assertThat(section).contains("Lines holding exactly 5 UUIDs: 10 of 10.");
    }

    @Test
    void exercise5() {
        String section = section("exercise5");
        assertThat(section).contains("processed 100 UUIDs, 100 distinct");
        assertThat(numbersAfter(section, "UUIDs taken by each thread: ").stream().mapToLong(Long::longValue).sum())
                .isEqualTo(100);
    }

    /** The output of one section, from its heading to the next. */
    @Test
    void cluster() {
        String section = section("cluster");
        assertThat(section).containsPattern("members: 2 JVMs, pids \\[\\d+, \\d+]")
                .contains("squares: [0, 1, 4, 9, 16, 25, 36, 49, 64, 81] computed on pids [")
                .containsPattern("queue: 100 items from the producer on pid \\d+ to the consumer on pid \\d+, sum 4950")
                .containsPattern("during a map of 40 tasks: 40 results, in order: true, tasks retried: \\d+")
                .contains("every member JVM is gone");
    }

    private static String section(String name) {
        int start = output.indexOf("== " + name + ": ");
        assertThat(start).as("section %s", name).isNotNegative();
        int end = output.indexOf("\n== ", start + 1);
        return output.substring(start, end < 0 ? output.length() : end);
    }

    /** The seconds printed after {@code label} (as "label: 0.5029 s" or "label 1.00 s"). */
    private static double seconds(String text, String label) {
        Matcher matcher = Pattern.compile(Pattern.quote(label) + ":? (\\d+\\.\\d+) s").matcher(text);
        assertThat(matcher.find()).as("'%s' in %s", label, text).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    /** Every number on each line that follows {@code label}, in order. */
    private static List<Long> numbersAfter(String text, String label) {
        return text.lines().filter(line -> line.contains(label))
                .map(line -> line.substring(line.indexOf(label) + label.length()))
                .flatMap(rest -> Pattern.compile("\\d+").matcher(rest.split(" \\(|;| done|,  ")[0]).results())
                .map(match -> Long.parseLong(match.group())).collect(Collectors.toList());
    }

    private static long count(String text, String fragment) {
        return text.lines().filter(line -> line.contains(fragment)).count();
    }

    private static Set<String> uuids(String text) {
        return UUID.matcher(text).results().map(java.util.regex.MatchResult::group).collect(Collectors.toCollection(TreeSet::new));
    }
}
