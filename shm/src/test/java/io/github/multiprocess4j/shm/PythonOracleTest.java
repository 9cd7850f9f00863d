package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PythonRepr} and {@link StrictUtf8} against the machine's CPython, in bulk: each test sends its values to
 * one {@code python3} process and compares every answer. Skipped, with the reason shown, without {@code python3}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PythonOracleTest {

    private static final long SEED = 0x5eed_f10a7L;
    private static final int RANDOM_BIT_PATTERNS = 200_000;
    private static final int SHORT_DECIMALS = 100_000;
    private static final int BYTE_STRINGS = 50_000;
    /** Bytes that start, continue, break or bound UTF-8 sequences, so that random strings hit every case. */
    private static final int[] UTF8_BYTES = {0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2,
        0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xf7, 0xf8, 0xfe, 0xff};

    @TempDir
    Path directory;

    @BeforeEach
    void requirePython() {
        Python.assumeAvailable();
    }

    @Test
    void everyPowerOfTwoAndHundredsOfThousandsOfOtherDoublesReadAsPythonWritesThem() throws IOException {
        List<Double> values = new ArrayList<>();
        for (int exponent = -1074; exponent <= 1023; exponent++) {
            double power = Math.scalb(1.0, exponent);
            values.addAll(List.of(power, -power, Math.nextDown(power), Math.nextUp(power)));
        }
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < RANDOM_BIT_PATTERNS; i++) {
            values.add(Double.longBitsToDouble(random.nextLong()));
        }
        for (int i = 0; i < SHORT_DECIMALS; i++) {
            values.add(Double.parseDouble(random.nextInt(1_000_000) + "e" + random.nextInt(-330, 310)));
        }
        values.addAll(List.of(0.0, -0.0, Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN));

        List<String> python = ask("floats", values, value -> String.format("%016x",
                Double.doubleToRawLongBits(value)));

        assertThat(values).hasSizeGreaterThan(300_000);
        assertAgree(values, python, PythonRepr::ofDouble, value -> Double.toHexString(value));
    }

    @Test
    void everyCodePointIsWrittenAsPython311WritesIt() throws IOException {
        List<String> python = Arrays.asList(Python.script("repr_oracle.py", "code-points").output.split("\n"));
        assumeTrue(python.get(0).equals("14.0.0"), "python3 here has Unicode " + python.get(0) + ", not Python"
                + " 3.11's 14.0.0 that repr's table of printable characters follows: every code point not compared");
        List<Integer> codePoints = new ArrayList<>();
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            codePoints.add(codePoint);
        }

        assertAgree(codePoints, python.subList(1, python.size()),
                codePoint -> PythonRepr.ofString(new String(Character.toChars(codePoint))),
                codePoint -> String.format("U+%04X", codePoint));
    }

    @Test
    void bytesAreRefusedAsUtf8WherePythonRefusesThem() throws IOException {
        SplittableRandom random = new SplittableRandom(SEED);
        List<byte[]> strings = new ArrayList<>();
        for (int i = 0; i < BYTE_STRINGS; i++) {
            byte[] bytes = new byte[1 + random.nextInt(10)];
            for (int j = 0; j < bytes.length; j++) {
                bytes[j] = (byte) UTF8_BYTES[random.nextInt(UTF8_BYTES.length)];
            }
            strings.add(bytes);
            String text = new String(Character.toChars(random.nextInt(0x80, Character.MAX_CODE_POINT + 1)))
                    .replaceAll("[\\ud800-\\udfff]", "x") + "z";
            byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
            strings.add(Arrays.copyOf(encoded, random.nextInt(encoded.length) + 1));
        }

        List<String> python = ask("utf8", strings, PythonOracleTest::hex);

        assertAgree(strings, python, bytes -> String.valueOf(StrictUtf8.firstInvalidByte(bytes, bytes.length)),
                PythonOracleTest::hex);
    }

    /** Writes the values, one a line, to a file and has {@code repr_oracle.py command} answer for each. */
    private <T> List<String> ask(String command, List<T> values, Function<T, String> line) throws IOException {
        Path input = directory.resolve(command + ".txt");
        StringBuilder lines = new StringBuilder();
        values.forEach(value -> lines.append(line.apply(value)).append('\n'));
        Files.writeString(input, lines, StandardCharsets.US_ASCII);
        return Arrays.asList(Python.script("repr_oracle.py", command, input.toString()).output.split("\n"));
    }

    /** Compares every answer, and shows the first few that differ. */
    private static <T> void assertAgree(List<T> values, List<String> python, Function<T, String> java,
            Function<T, String> name) {
        assertThat(python).as("answers from python3").hasSameSizeAs(values);
        List<String> differences = new ArrayList<>();
        int count = 0;
        for (int i = 0; i < values.size(); i++) {
            String ours = java.apply(values.get(i));
            if (!ours.equals(python.get(i))) {
                count++;
                if (differences.size() < 20) {
                    differences.add(name.apply(values.get(i)) + ": Java " + ours + ", Python " + python.get(i));
                }
            }
        }
        assertThat(differences).as("%d of %d values differ from Python; the first", count, values.size()).isEmpty();
    }

    private static String hex(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(String.format("%02x", b & 0xFF));
        }
        return hex.toString();
    }
}
