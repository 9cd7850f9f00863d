package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link PythonRepr} against what CPython 3.11 prints for the same values. */
class PythonReprTest {

    @ParameterizedTest(name = "repr({0}) = {1}")
    @CsvSource(delimiter = '|', value = {
        "3.14159|3.14159",
        "0.30000000000000004|0.30000000000000004",
        "1e16|1e+16",
        "1e15|1000000000000000.0",
        "123456789012345680.0|1.2345678901234568e+17",
        "0.0001|0.0001",
        "1e-05|1e-05",
        "1.5e-7|1.5e-07",
        "2.5|2.5",
        "100.0|100.0",
        "-0.0|-0.0",
        "Infinity|inf",
        "-Infinity|-inf",
        "NaN|nan",
        "1e22|1e+22",
        "4.9e-324|5e-324",
        "1.7976931348623157e308|1.7976931348623157e+308",
        "0.5|0.5",
        "12345.678|12345.678",
        "0.3333333333333333|0.3333333333333333",
        "9007199254740992.0|9007199254740992.0",
        "9.999999999999999e15|1e+16",
        "-2.5e-10|-2.5e-10",
        "0x1p-24|5.960464477539063e-08",
        "0x1p89|6.189700196426902e+26",
        "1125899906842624.25|1125899906842624.2",
        "1125899906842624.75|1125899906842624.8",
        "2.2250738585072014e-308|2.2250738585072014e-308",
        "0x0.fffffffffffffp-1022|2.225073858507201e-308",
        "2e23|2e+23",
        "9.999999999999999e-05|9.999999999999999e-05",
        "8.41e21|8.41e+21",
    })
    void floatsReadAsPythonWritesThem(double value, String python) {
        assertThat(PythonRepr.of(value)).isEqualTo(python);
    }

    /**
     * The powers of two where the decimal nearest to the value at the shortest length does not read back, and
     * Python takes the one on the other side: stored from CPython 3.11, so this runs without Python.
     */
    @ParameterizedTest(name = "repr(±{0}) = ±{1}")
    @CsvFileSource(resources = "/python/float-repr-powers-of-two.txt", delimiter = ' ')
    void powersOfTwoTakeTheShortestDecimalThatReadsBackOnEitherSide(double power, String python) {
        assertThat(PythonRepr.of(power)).isEqualTo(python);
        assertThat(PythonRepr.of(-power)).isEqualTo("-" + python);
    }

    static Stream<Arguments> strings() {
        return Stream.of(
                Arguments.of("spam", "'spam'"),
                Arguments.of("it's", "\"it's\""),
                Arguments.of("say \"hi\"", "'say \"hi\"'"),
                Arguments.of("both ' and \"", "'both \\' and \"'"),
                Arguments.of("tab\tnl\ncr\r", "'tab\\tnl\\ncr\\r'"),
                Arguments.of("bs\\", "'bs\\\\'"),
                Arguments.of("nul\u0000del\u007f", "'nul\\x00del\\x7f'"),
                Arguments.of("naïve ☃", "'naïve ☃'"),
                Arguments.of("\u200b zw", "'\\u200b zw'"),
                Arguments.of("\ud83d\ude00", "'\ud83d\ude00'"),
                Arguments.of("\u00a0nbsp", "'\\xa0nbsp'"),
                Arguments.of("\u0085", "'\\x85'"),
                Arguments.of("lone \ud800 and \udfff", "'lone \\ud800 and \\udfff'"),
                Arguments.of("\u00ad\u2028\u3000\ue000\u0378", "'\\xad\\u2028\\u3000\\ue000\\u0378'"),
                Arguments.of("\udbff\udfff", "'\\U0010ffff'"));
    }

    /**
     * Code points whose printability the JDKs' Unicode tables settle otherwise than Python 3.11's: the repr is
     * Python 3.11's on every JDK.
     */
    @ParameterizedTest(name = "repr(U+{0})")
    @CsvSource(delimiter = '|', value = {
        // Unicode 14.0: unassigned in JDK 17's tables (Unicode 13.0), printed by Python 3.11
        "1FAE0|",
        "0870|",
        "1E290|",
        // Unicode 15.0 and later: printable in JDK 25's tables (Unicode 16.0), escaped by Python 3.11
        "1FAE8|\\U0001fae8",
        "31350|\\U00031350",
        "1E4D0|\\U0001e4d0",
    })
    void printabilityIsPython311sOnEveryJdk(String hex, String escape) {
        String character = new String(Character.toChars(Integer.parseInt(hex, 16)));

        assertThat(PythonRepr.of(character)).isEqualTo("'" + (escape == null ? character : escape) + "'");
    }

    /** Python 3.11's {@code sum(chr(c).isprintable() for c in range(0x110000))}: the table is whole. */
    @Test
    void theTableOfPrintableCharactersIsPython311sWhole() {
        long printable = IntStream.rangeClosed(0, Character.MAX_CODE_POINT).filter(PythonPrintable::isPrintable)
                .count();

        assertThat(printable).isEqualTo(144_516);
    }

    @ParameterizedTest(name = "repr of string {index}")
    @MethodSource("strings")
    void stringsAreQuotedAndEscapedAsInPython(String value, String python) {
        assertThat(PythonRepr.of(value)).isEqualTo(python);
    }

    @ParameterizedTest(name = "repr of bytes {index}")
    @CsvSource(delimiter = '|', value = {
        "486f576459|b'HoWdY'",
        "69742773|b\"it's\"",
        "00012722|b'\\x00\\x01\\'\"'",
        "ff80207e|b'\\xff\\x80 ~'",
        "|b''",
    })
    void bytesAreWrittenAsPythonWritesThem(String hex, String python) {
        String digits = hex == null ? "" : hex;
        byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        assertThat(PythonRepr.of(bytes)).isEqualTo(python);
    }

    @ParameterizedTest(name = "repr({0})")
    @CsvSource(delimiter = '|', value = {"true|True", "false|False"})
    void booleansAreCapitalised(boolean value, String python) {
        assertThat(PythonRepr.of(value)).isEqualTo(python);
    }
}
