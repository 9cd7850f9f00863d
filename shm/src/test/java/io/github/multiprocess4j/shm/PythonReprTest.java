package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
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
    })
    void floatsReadAsPythonWritesThem(double value, String python) {
        assertThat(PythonRepr.of(value)).isEqualTo(python);
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
                Arguments.of("\u0085", "'\\x85'"));
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
