package io.github.multiprocess4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.benchmarks.ReportRow.Against;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownTest {

    private static final PythonResults PYTHON = PythonResults.parse(
            "{\"python\": \"3.11.7\", \"results\": {\"launch.spawn.5\": {\"value\": 500.0, \"unit\": \"ms\"}}}");

    private static ReportRow startFive(double... oursForks) {
        List<Double> forks = new java.util.ArrayList<>();
        for (double fork : oursForks) {
            forks.add(fork);
        }
        return new ReportRow("start 5", "ms", false, Figure.ofForks(forks), "5 bare `java -cp`",
                Figure.ofForks(List.of(160.0, 150.0, 170.0, 165.0, 155.0)), PYTHON.get("launch.spawn.5"))
                .target(Against.CONTROL, 1 / 1.3, "≤ 1.3× bare java");
    }

    @Test
    void eachJvmGetsItsOwnTableWithTheForksRange() {
        String page = Markdown.render(List.of(
                        new Markdown.Section("JDK A", List.of(startFive(190, 200, 210, 205, 195))),
                        new Markdown.Section("JDK B", List.of(startFive(300, 310, 320, 330, 340)))),
                PYTHON, true, LocalDate.of(2026, 12, 3), 4, Paths.get("chart.svg"));

        assertThat(page).contains("## JDK A", "## JDK B", "| JDK | JDK A |", "| JDK | JDK B |");
        assertThat(page).contains("| 200 (5 forks: 190–210) | 160 (5 forks: 150–170) (5 bare `java -cp`) | 500 |");
        // 200 / 160 = 1.25 ≤ 1.3 is met on A; 320 / 160 = 2.0 is not on B
        assertThat(page).contains("≤ 1.3× bare java (now 1.25×) ✓ | yes |");
        assertThat(page).contains("≤ 1.3× bare java (now 2.00×) ✗ | **missed** |");
        assertThat(page).contains("java -cp 'benchmarks/target/app/*'");
    }

    @Test
    void aRowWithNoPythonFigureStatesItsOverheadOverTheControlWithoutAVerdict() {
        ReportRow time = new ReportRow("cluster round trip", "µs", false, Figure.ofForks(List.of(300.0, 310.0, 320.0)),
                "`ProcessPool(2)`", Figure.ofForks(List.of(100.0, 100.0, 120.0)), Double.NaN)
                .overhead("ProcessPool(2)'s time");
        ReportRow rate = new ReportRow("cluster map", "items/s", true, Figure.ofForks(List.of(1_000.0)),
                "`ProcessPool(2)`", Figure.ofForks(List.of(4_000.0)), Double.NaN)
                .overhead("ProcessPool(2)'s time per item");
        String page = Markdown.render(List.of(new Markdown.Section("JDK A", List.of(time, rate))),
                PYTHON, true, LocalDate.of(2026, 12, 3), 4, Paths.get("chart.svg"));

        assertThat(page).contains("| cluster round trip | µs | 310 (3 forks: 300–320) | 100 (3 forks: 100–120)"
                + " (`ProcessPool(2)`) | – | – | no target; 3.10× ProcessPool(2)'s time |  |");
        assertThat(page).contains("| – | – | no target; 4.00× ProcessPool(2)'s time per item |  |");
        assertThat(time.met()).isNull();
    }

    @Test
    void aSingleJvmHasNoHeadingOfItsOwn() {
        String page = Markdown.render(List.of(new Markdown.Section("JDK A", List.of(startFive(200)))),
                PYTHON, true, LocalDate.of(2026, 12, 3), 4, Paths.get("chart.svg"));

        assertThat(page).doesNotContain("## JDK A").contains("| 200 |");
    }
}
