package io.github.multiprocess4j.reliability;

import java.security.SecureRandom;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * How much the suite does and with which seed: {@code -Dreliability.rounds=N} rounds per fault-injection test
 * (the short profile's 3 unless set), and {@code -Dreliability.seed=S} to replay a run (a fresh seed otherwise).
 * The seed is printed when the suite starts and in its summary; every random choice of the suite (which process
 * to kill, when, what to corrupt) is drawn from a generator derived from it, the test class and the round, so a
 * failing round draws the same plan again with the same seed. The instants at which the operating system runs
 * each process are not the seed's to choose: a replay repeats the plan, not the interleaving.
 */
final class Rounds {

    static final long SEED = readSeed();
    static final int COUNT = Integer.getInteger("reliability.rounds", 3);

    static {
        System.out.println("reliability seed " + SEED + " (replay with -Dreliability.seed=" + SEED + "), "
                + COUNT + " rounds per fault-injection test");
    }

    private Rounds() {
    }

    /** The round numbers, for {@code @MethodSource}. */
    static IntStream indexes() {
        return IntStream.range(0, COUNT);
    }

    /** The generator of one round of one test class. */
    static Random random(Class<?> test, int round) {
        long mixed = SEED;
        for (char c : test.getSimpleName().toCharArray()) {
            mixed = mixed * 31 + c;
        }
        return new Random(mixed * 1_000_003 + round);
    }

    /** How to say where a failure came from, so that it can be replayed. */
    static String replay(Class<?> test, int round) {
        return test.getSimpleName() + " round " + round + " of seed " + SEED;
    }

    private static long readSeed() {
        String configured = System.getProperty("reliability.seed", "").trim();
        return configured.isEmpty() ? new SecureRandom().nextLong() : Long.parseLong(configured);
    }
}
