package io.github.multiprocess4j.reliability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Kills processes with SIGKILL at the instants of a plan drawn from a round's generator, on a thread of its own,
 * while the round's workload runs. At each instant it kills one of the candidates alive at that moment, chosen by
 * the plan; an instant at which there is none passes without a kill.
 */
final class Killer implements AutoCloseable {

    private final Supplier<List<ProcessHandle>> candidates;
    private final List<Long> delaysMillis;
    private final List<Integer> choices;
    private final Set<Long> killed = ConcurrentHashMap.newKeySet();
    private final Thread thread;

    private Killer(Supplier<List<ProcessHandle>> candidates, List<Long> delaysMillis, List<Integer> choices) {
        this.candidates = candidates;
        this.delaysMillis = delaysMillis;
        this.choices = choices;
        this.thread = new Thread(this::run, "reliability-killer");
        thread.setDaemon(true);
    }

    /**
     * Plans {@code kills} kills at instants spread at random over {@code windowMillis} from now, and starts.
     *
     * @param candidates the processes that may be killed, in a stable order
     */
    static Killer start(Random random, int kills, long windowMillis, Supplier<List<ProcessHandle>> candidates) {
        List<Long> instants = new ArrayList<>();
        List<Integer> choices = new ArrayList<>();
        for (int i = 0; i < kills; i++) {
            instants.add((long) (random.nextDouble() * windowMillis));
            choices.add(random.nextInt(1 << 16));
        }
        Collections.sort(instants);
        Killer killer = new Killer(candidates, instants, choices);
        killer.thread.start();
        return killer;
    }

    private void run() {
        long start = System.nanoTime();
        for (int i = 0; i < delaysMillis.size(); i++) {
            long wait = delaysMillis.get(i) - (System.nanoTime() - start) / 1_000_000;
            try {
                if (wait > 0) {
                    Thread.sleep(wait);
                }
            } catch (InterruptedException e) {
                return;
            }
            List<ProcessHandle> alive = candidates.get();
            if (!alive.isEmpty()) {
                ProcessHandle victim = alive.get(choices.get(i) % alive.size());
                if (victim.destroyForcibly()) {
                    killed.add(victim.pid());
                    Figures.FAULTS.incrementAndGet();
                }
            }
        }
    }

    /** Waits for the plan to be carried out. */
    void awaitPlan() throws InterruptedException {
        thread.join();
    }

    /** The processes it killed so far. */
    Set<Long> killed() {
        return Set.copyOf(killed);
    }

    /** Stops killing: instants not yet reached pass without a kill. */
    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join();
    }
}
