package io.github.multiprocess4j.shm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Python 3.11's {@code str.isprintable()} for one code point, from a table of its ranges that ships with this
 * class (Unicode 14.0.0, the database of Python 3.11), so that {@link PythonRepr} escapes the same characters on
 * every JDK, whatever version of Unicode the JDK's own {@link Character} tables follow.
 *
 * <p>Thread-safety: any thread may ask; the table is read when first needed and never changes. If it cannot be read
 * (a jar rebuilt without it), every call fails with an {@link IllegalStateException} naming it.
 */
final class PythonPrintable {

    static final String TABLE = "python-3.11-printable.txt";

    private static volatile int[][] table;

    private PythonPrintable() {
    }

    /**
     * Whether Python 3.11 writes {@code codePoint} as itself in a {@code str}'s repr.
     *
     * @param codePoint any code point, lone surrogates included
     * @return {@code true} if {@code str.isprintable()} holds for it
     */
    static boolean isPrintable(int codePoint) {
        int[][] ranges = table();
        int range = Arrays.binarySearch(ranges[0], codePoint);
        if (range >= 0) {
            return true;
        }
        int before = -range - 2;
        return before >= 0 && codePoint <= ranges[1][before];
    }

    /** The first and the last code points of each printable range, in order; read once (a race reads it twice). */
    private static int[][] table() {
        int[][] ranges = table;
        if (ranges == null) {
            ranges = read();
            table = ranges;
        }
        return ranges;
    }

    private static int[][] read() {
        int[] firsts = new int[1024];
        int[] lasts = new int[1024];
        int count = 0;
        InputStream in = PythonPrintable.class.getResourceAsStream(TABLE);
        if (in == null) {
            throw new IllegalStateException("the table of printable characters, " + TABLE + ", is missing beside "
                    + PythonPrintable.class.getName());
        }
        try (in) {
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (count == firsts.length) {
                    firsts = Arrays.copyOf(firsts, 2 * count);
                    lasts = Arrays.copyOf(lasts, 2 * count);
                }
                int dash = line.indexOf('-');
                firsts[count] = Integer.parseInt(line.substring(0, dash), 16);
                lasts[count] = Integer.parseInt(line.substring(dash + 1), 16);
                count++;
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the table of printable characters, " + TABLE + ": " + e, e);
        }
        return new int[][] {Arrays.copyOf(firsts, count), Arrays.copyOf(lasts, count)};
    }
}
