package io.github.multiprocess4j.benchmarks;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.LaunchOptions;
import io.github.multiprocess4j.core.Timed;
import java.util.List;
import java.util.Locale;

/**
 * Checks that the start-up options children get do not slow down the work they are for: the tour's
 * {@code do_calculation} (10 M sines), timed inside a fresh JVM, with the library's defaults and with the
 * options it rejected ({@code -XX:TieredStopAtLevel=1}, {@code -Xint} is not even tried).
 *
 * <pre>
 * java -cp 'benchmarks/target/app/*' io.github.multiprocess4j.benchmarks.CpuBoundCheck
 * </pre>
 */
public final class CpuBoundCheck {

    private static final int RUNS = 5;

    private CpuBoundCheck() {
    }

    static double doCalculation() {
        double sum = 0;
        for (int i = 0; i < 10_000_000; i++) {
            sum += Math.sin(i);
        }
        return sum;
    }

    public static void main(String[] args) throws Exception {
        report("child, library defaults", Launch.options().build());
        report("child, -XX:TieredStopAtLevel=1", Launch.options().jvmArgs("-XX:TieredStopAtLevel=1").build());
        report("child, -XX:+UseSerialGC", Launch.options().jvmArgs("-XX:+UseSerialGC").build());
    }

    /** Each run is a new JVM, so each calculation is a first, cold one, as in a real child. */
    private static void report(String label, LaunchOptions options) throws Exception {
        double total = 0;
        for (int i = 0; i < RUNS; i++) {
            List<Double> seconds = Launch.with(options)
                    .processes(1, () -> Timed.call(CpuBoundCheck::doCalculation).seconds());
            total += seconds.get(0);
        }
        System.out.printf(Locale.ROOT, "%-34s do_calculation %.4f s (mean of %d fresh JVMs)%n", label,
                total / RUNS, RUNS);
    }
}
