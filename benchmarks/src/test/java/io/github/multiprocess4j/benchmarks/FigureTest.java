package io.github.multiprocess4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FigureTest {

    @Test
    void theMedianOfAnOddNumberOfForksIsTheMiddleOne() {
        Figure figure = Figure.ofForks(List.of(250.0, 200.0, 210.0, 190.0, 205.0));

        assertThat(figure.median).isEqualTo(205.0);
        assertThat(figure.low).isEqualTo(190.0);
        assertThat(figure.high).isEqualTo(250.0);
        assertThat(figure.forks).isEqualTo(5);
        assertThat(figure).hasToString("205 (5 forks: 190–250)");
    }

    @Test
    void theMedianOfAnEvenNumberOfForksIsTheMeanOfTheMiddleTwo() {
        assertThat(Figure.ofForks(List.of(4.0, 1.0, 3.0, 2.0)).median).isEqualTo(2.5);
    }

    @Test
    void aConversionThatReversesTheOrderKeepsTheRangeLowestToHighest() {
        Figure microsecondsPerItem = Figure.ofForks(List.of(2.0, 4.0, 5.0));

        Figure itemsPerSecond = microsecondsPerItem.map(us -> 1e6 / us);

        assertThat(itemsPerSecond.median).isEqualTo(250_000.0);
        assertThat(itemsPerSecond.low).isEqualTo(200_000.0);
        assertThat(itemsPerSecond.high).isEqualTo(500_000.0);
    }

    @Test
    void aSingleMeasurementHasNoRangeAndAMissingOneIsADash() {
        assertThat(Figure.single(12.5)).hasToString("12.5");
        assertThat(Figure.single(Double.NaN)).isSameAs(Figure.NONE);
        assertThat(Figure.NONE).hasToString("–");
        assertThat(Figure.ofForks(List.of())).isSameAs(Figure.NONE);
        assertThat(Figure.NONE.map(x -> 1 / x)).isSameAs(Figure.NONE);
    }
}
