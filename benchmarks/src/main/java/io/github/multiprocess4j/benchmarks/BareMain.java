package io.github.multiprocess4j.benchmarks;

/** The control for child start-up: a JVM that starts and exits, like {@code java Hello}. */
public final class BareMain {

    private BareMain() {
    }

    public static void main(String[] args) {
        // nothing: the point is the JVM's own start-up and exit
    }
}
