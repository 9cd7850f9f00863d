package io.github.multiprocess4j.reliability;

/** The bodies of the tasks that the suite's child JVMs run. */
final class Workloads {

    private Workloads() {
    }

    /** What task {@code index} answers. */
    static int answer(int index, int salt) {
        return index * 7919 + salt;
    }

    /** Sleeps, then answers. */
    static int sleepThenAnswer(long millis, int index, int salt) throws InterruptedException {
        Thread.sleep(millis);
        return answer(index, salt);
    }
}
