package io.github.multiprocess4j.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * One workload of the report: our figure, the JDK control's, Python's, and the targets from DESIGN.md. All three
 * figures are in the row's unit; {@code higherIsBetter} says which way is good. Ratios and targets use the medians.
 */
final class ReportRow {

    /** What a target compares with: Python's figure, the JDK control's, or a fixed limit on ours. */
    enum Against { PYTHON, CONTROL, OURS }

    /**
     * "At least {@code speedup} times as good as {@code against}"; for {@link Against#OURS}, {@code speedup} is
     * the limit itself, in the row's unit.
     */
    static final class Target {
        final Against against;
        final double speedup;
        final String text;

        Target(Against against, double speedup, String text) {
            this.against = against;
            this.speedup = speedup;
            this.text = text;
        }
    }

    final String workload;
    final String unit;
    final boolean higherIsBetter;
    final Figure ours;
    final String controlName;
    final Figure control;
    final double python;
    final List<Target> targets = new ArrayList<>();
    /** Says how many times the control's cost ours is, with no target; {@code null} unless asked for. */
    String overheadText;

    ReportRow(String workload, String unit, boolean higherIsBetter, Figure ours, String controlName, Figure control,
            double python) {
        this.workload = workload;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
        this.ours = ours;
        this.controlName = controlName;
        this.control = control;
        this.python = python;
    }

    /**
     * States our cost as a multiple of the control's, with no target: for a row whose point is an honest overhead,
     * such as a cluster against the same work on this machine.
     *
     * @param text what the multiple is of, such as "ProcessPool(2)'s time"
     */
    ReportRow overhead(String text) {
        this.overheadText = text;
        return this;
    }

    /** Our cost over the control's (above 1: we cost more): our time over its, or its rate over ours; or NaN. */
    double overheadOverControl() {
        return 1 / speedupOver(Against.CONTROL);
    }

    ReportRow target(Against against, double speedup, String text) {
        targets.add(new Target(against, speedup, text));
        return this;
    }

    /** How many times better we are than {@code other} (above 1 is better), or NaN. */
    double speedupOver(double other) {
        return higherIsBetter ? ours.median / other : other / ours.median;
    }

    double speedupOver(Against against) {
        return speedupOver(against == Against.PYTHON ? python : control.median);
    }

    boolean meets(Target target) {
        if (target.against == Against.OURS) {
            return higherIsBetter ? ours.median >= target.speedup : ours.median <= target.speedup;
        }
        return speedupOver(target.against) >= target.speedup;
    }

    /** {@code null} when there is no target or a figure is missing. */
    Boolean met() {
        if (targets.isEmpty()) {
            return null;
        }
        boolean met = true;
        for (Target target : targets) {
            if (Double.isNaN(target.against == Against.OURS ? ours.median : speedupOver(target.against))) {
                return null;
            }
            met &= meets(target);
        }
        return met;
    }
}
