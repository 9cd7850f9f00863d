package io.github.multiprocess4j.benchmarks;

import static io.github.multiprocess4j.benchmarks.BenchmarkReport.format;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * One figure of the report: the median of the forks' scores, with the lowest and the highest, so that a reader sees
 * how far apart the forks were. Absolute figures drift on shared machines; the spread says by how much.
 */
final class Figure {

    /** Not measured. */
    static final Figure NONE = new Figure(Double.NaN, Double.NaN, Double.NaN, 0);

    final double median;
    final double low;
    final double high;
    /** How many forks gave a score: 1 for a figure measured once (Python's medians, a percentile). */
    final int forks;

    private Figure(double median, double low, double high, int forks) {
        this.median = median;
        this.low = low;
        this.high = high;
        this.forks = forks;
    }

    /** A figure measured once. */
    static Figure single(double value) {
        return Double.isNaN(value) ? NONE : new Figure(value, value, value, 1);
    }

    /** The median of the forks' scores (the mean of the middle two for an even count), with their range. */
    static Figure ofForks(List<Double> scores) {
        if (scores.isEmpty()) {
            return NONE;
        }
        List<Double> sorted = new ArrayList<>(scores);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Figure(median, sorted.get(0), sorted.get(n - 1), n);
    }

    /**
     * The figure in another unit, such as items/s from µs per 1,000 items. A conversion that reverses the order (a
     * time into a rate) swaps the low and high ends, so the range stays lowest to highest.
     */
    Figure map(DoubleUnaryOperator conversion) {
        if (this == NONE) {
            return NONE;
        }
        double a = conversion.applyAsDouble(low);
        double b = conversion.applyAsDouble(high);
        return new Figure(conversion.applyAsDouble(median), Math.min(a, b), Math.max(a, b), forks);
    }

    boolean isMeasured() {
        return !Double.isNaN(median);
    }

    /** {@code "199 (5 forks: 190–210)"}, {@code "199"} for a single measurement, {@code "–"} if not measured. */
    @Override
    public String toString() {
        if (!isMeasured()) {
            return "–";
        }
        String figure = format(median);
        return forks < 2 ? figure : figure + " (" + forks + " forks: " + format(low) + "–" + format(high) + ")";
    }
}
