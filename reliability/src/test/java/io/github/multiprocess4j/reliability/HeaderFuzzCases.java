package io.github.multiprocess4j.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The body of {@link HeaderFuzzTest}'s child JVMs: every case of one round for one structure. Each case creates
 * the structure, damages its file, uses it, judges the outcome ({@link FuzzVerdict}) and removes its files. The
 * case is printed before it runs, so that the output of a child that crashed says which one it was.
 */
final class HeaderFuzzCases {

    /** How many header fields a round overwrites per structure, besides its truncations. */
    static final int FIELDS_PER_ROUND = 12;

    private HeaderFuzzCases() {
    }

    /**
     * Runs the cases drawn from {@code seed} against {@link FuzzTarget#all() target} number {@code target}, naming
     * its files {@code prefix_<case>}.
     *
     * @return how many cases it checked
     * @throws AssertionError for the first case whose outcome is not acceptable
     */
    static int run(int target, String prefix, long seed) throws IOException {
        FuzzTarget structure = FuzzTarget.all().get(target);
        List<Corruption> cases = Corruption.draw(new Random(seed), structure, sizeOf(structure, prefix + "_size"),
                FIELDS_PER_ROUND);
        for (int i = 0; i < cases.size(); i++) {
            String name = prefix + "_" + i;
            System.out.println("case " + i + ": " + structure.kind() + " '" + name + "' with " + cases.get(i));
            try {
                cases.get(i).applyTo(structure.create(name));
                exercise(structure, name, cases.get(i));
            } finally {
                remove(structure, name);
            }
        }
        return cases.size();
    }

    private static void exercise(FuzzTarget structure, String name, Corruption damage) {
        try {
            structure.exercise(name);
        } catch (AssertionError e) {
            throw new AssertionError(structure.kind() + " '" + name + "' with " + damage + ": " + e.getMessage(), e);
        } catch (Throwable thrown) {
            FuzzVerdict.requireClear(thrown, name, structure.kind(), damage);
        }
    }

    /** The size of the file of a structure as created, before any damage. */
    private static int sizeOf(FuzzTarget structure, String name) throws IOException {
        try {
            return (int) Files.size(structure.create(name));
        } finally {
            remove(structure, name);
        }
    }

    private static void remove(FuzzTarget structure, String name) throws IOException {
        for (Path file : structure.files(name)) {
            Files.deleteIfExists(file);
        }
    }
}
