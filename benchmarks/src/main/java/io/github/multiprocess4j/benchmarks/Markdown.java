package io.github.multiprocess4j.benchmarks;

import static io.github.multiprocess4j.benchmarks.BenchmarkReport.format;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Writes the report's page. */
final class Markdown {

    private Markdown() {
    }

    /** The rows measured on one JVM. */
    static final class Section {
        final String jvm;
        final List<ReportRow> rows;

        Section(String jvm, List<ReportRow> rows) {
            this.jvm = jvm;
            this.rows = rows;
        }
    }

    static String render(List<Section> sections, PythonResults python, boolean shortMode, LocalDate date,
            long minutes, Path chart) {
        StringBuilder page = new StringBuilder();
        page.append("# Benchmarks\n\n");
        page.append("Measured by `BenchmarkReport` in one sitting: the JMH benchmarks of the `benchmarks` module on each "
                + "JDK, then the same workloads in Python (`python_counterpart.py`, standard library only), on the same "
                + "machine. Ratios compare figures from this one run; absolute times drift on shared machines. The "
                + "benchmarks run on an application's class path (the library's jars and their dependencies, each in "
                + "its own jar), which children and the bare JVMs they are compared with inherit.\n\n");
        page.append("| | |\n|---|---|\n");
        page.append("| date | ").append(date).append(" |\n");
        page.append("| machine | ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append(" |\n");
        for (Section section : sections) {
            page.append("| JDK | ").append(section.jvm).append(" |\n");
        }
        page.append("| Python | ").append(python.version).append(" |\n");
        page.append("| mode | ").append(shortMode ? "short" : "full").append(" (").append(minutes)
                .append(" min) |\n\n");
        page.append("![ours against Python on ").append(sections.get(0).jvm).append("](")
                .append(chart.getFileName()).append(")\n\n");
        for (Section section : sections) {
            if (sections.size() > 1) {
                page.append("## ").append(section.jvm).append("\n\n");
            }
            table(page, section.rows);
        }
        page.append("\"ours vs Python\" is how many times better we are (above 1: better; for times, Python's time "
                + "divided by ours), from medians. A figure measured in several forks is their median, followed by "
                + "how many forks and the lowest and highest fork. A row whose target is missed says "
                + "**missed**. Every benchmark but start-up runs with `" + BenchmarkReport.NATIVE_ACCESS + "`, as "
                + "README advises, so that on JDK 22 and later waiters of other processes sleep on futexes.\n\n");
        page.append("## Reproduce\n\n```sh\n./mvnw -B -q package -DskipTests\n"
                + "java -cp 'benchmarks/target/app/*' io.github.multiprocess4j.benchmarks.BenchmarkReport "
                + "--mode short   # or --mode full; --jvm <java>,<java> for a table per JDK\n```\n");
        return page.toString();
    }

    private static void table(StringBuilder page, List<ReportRow> rows) {
        page.append("| workload | unit | ours | JDK control | Python | ours vs Python | target | met |\n");
        page.append("|---|---|---:|---:|---:|---:|---|---|\n");
        for (ReportRow row : rows) {
            page.append("| ").append(row.workload)
                    .append(" | ").append(row.unit)
                    .append(" | ").append(row.ours)
                    .append(" | ").append(row.control.isMeasured() ? row.control + " (" + row.controlName + ")" : "")
                    .append(" | ").append(figure(row.python))
                    .append(" | ").append(ratio(row.speedupOver(row.python)))
                    .append(" | ").append(targetsAndOverhead(row))
                    .append(" | ").append(verdict(row.met()))
                    .append(" |\n");
        }
        page.append('\n');
    }

    /** The row's targets, then the overhead it states, if any: "no target; 3.10× ProcessPool(2)'s time". */
    private static String targetsAndOverhead(ReportRow row) {
        String targets = row.targets.stream().map(target -> describe(row, target)).collect(Collectors.joining("; "));
        if (row.overheadText == null) {
            return targets;
        }
        String overhead = ratio(row.overheadOverControl()) + " " + row.overheadText;
        return targets.isEmpty() ? "no target; " + overhead : targets + "; " + overhead;
    }

    /**
     * A target with where we stand: "≥ 5× Python (now 2.96×) ✗". A time target below 1× ("at most 1.3 times
     * the control's time") is shown the way it is stated, as our time over the control's.
     */
    private static String describe(ReportRow row, ReportRow.Target target) {
        String verdict = row.meets(target) ? " ✓" : " ✗";
        if (target.against == ReportRow.Against.OURS) {
            return target.text + verdict;
        }
        double speedup = row.speedupOver(target.against);
        if (Double.isNaN(speedup)) {
            return target.text + " (not measured)";
        }
        boolean statedAsTimeOverTime = !row.higherIsBetter && target.speedup < 1;
        return target.text + " (now " + ratio(statedAsTimeOverTime ? 1 / speedup : speedup) + ")" + verdict;
    }

    private static String figure(double value) {
        return Double.isNaN(value) ? "–" : format(value);
    }

    private static String ratio(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f×", value);
    }

    private static String verdict(Boolean met) {
        return met == null ? "" : met ? "yes" : "**missed**";
    }
}
