package io.github.multiprocess4j.examples;

import static io.github.multiprocess4j.examples.Notebook.notice;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Timed;
import java.util.ArrayList;
import java.util.List;
import io.github.multiprocess4j.core.Worker;

/** The tour's threading section: waiting overlaps on threads, and in Java calculating does too. */
final class ThreadingExample implements Example {

    @Override
    public String name() {
        return "threading";
    }

    @Override
    public String title() {
        return "threads: sleeping overlaps, and (unlike under Python's GIL) so does calculating";
    }

    @Override
    public void run() throws Exception {
        notice("One do_sleep takes half a second.");
        Timed.print("do_sleep", Notebook::doSleep);

        notice("Five in a row take five times as long.");
        Timed.print("5 x do_sleep", () -> {
            for (int i = 0; i < 5; i++) {
                Notebook.doSleep();
            }
        });

        notice("Five threads, started and then joined, take the time of one: they wait together.");
        Timed.print("5 threads of do_sleep", () -> {
            List<Worker<Void>> threads = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                threads.add(Launch.thread(Notebook::doSleep));
            }
            for (Worker<Void> thread : threads) {
                thread.join();
            }
        });

        int cores = Runtime.getRuntime().availableProcessors();
        notice("do_calculation keeps one core busy. Python's GIL makes 5 threads take 5 times as long; "
                + "Java threads run on all " + cores + " cores.");
        double one = Timed.call(Notebook::doCalculation).seconds();
        System.out.printf("do_calculation: %.4f s%n", one);
        double five = Timed.call(() -> Launch.threads(5, Notebook::doCalculation)).seconds();
        System.out.printf("5 threads of do_calculation: %.4f s (%.1f x the time of one; "
                + "Python would take about 5 x)%n", five, five / one);
    }
}
