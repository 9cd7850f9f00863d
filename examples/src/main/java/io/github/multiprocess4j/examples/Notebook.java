package io.github.multiprocess4j.examples;

/** The tour's own functions, shared by its sections. */
final class Notebook {

    private Notebook() {
    }

    /** {@code do_sleep}: half a second of waiting, the kind of work threads are good at. */
    static void doSleep() throws InterruptedException {
        Thread.sleep(500);
        System.out.println("Done sleeping!");
    }

    /** {@code do_calculation}: ten million sines, the kind of work that needs cores. */
    static double doCalculation() {
        double sum = 0;
        for (int i = 0; i < 10_000_000; i++) {
            sum += Math.sin(i);
        }
        return sum;
    }

    /** Prints the explanation that precedes a cell's output. */
    static void notice(String what) {
        System.out.println();
        System.out.println("# " + what);
    }
}
