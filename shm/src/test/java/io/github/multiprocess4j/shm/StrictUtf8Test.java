package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link StrictUtf8} on the cases Python's codec refuses, with the positions CPython 3.11 reports;
 * {@link PythonOracleTest} compares tens of thousands more with the machine's Python.
 */
class StrictUtf8Test {

    @ParameterizedTest(name = "a lone surrogate at index {1} of string {index}")
    @CsvSource(delimiter = '|', value = {
        "a\ud800|1|d800",
        "\udc00b|0|dc00",
        "\ude00\ud83d|0|de00",
        "ok \ud83d\ude00 then \ud83d|11|d83d",
    })
    void aLoneSurrogateIsRefusedNamingItsIndexAndCodeUnit(String value, int index, String unit) {
        assertThatThrownBy(() -> StrictUtf8.encode(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lone surrogate \\u" + unit + " at index " + index)
                .hasMessageContaining("UnicodeEncodeError");
    }

    @ParameterizedTest(name = "string {index}")
    @CsvSource(delimiter = '|', value = {"spam", "naïve ☃", "\ud83d\ude00 pairs \ud83d\ude00", "''"})
    void pairedSurrogatesAndEverythingElseEncodeAsTheJdkEncodes(String value) {
        assertThat(StrictUtf8.encode(value)).isEqualTo(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Where CPython 3.11's {@code bytes.fromhex(hex).decode()} fails ({@code UnicodeDecodeError.start}), or -1. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "61e6bca2e5ad97|-1",
        "61e6bca2e5ad97e6|7",
        "61e6bca2e5|4",
        "80|0",
        "c0af|0",
        "e080af|0",
        "eda080|0",
        "f4908080|0",
        "f5|0",
        "e641|0",
        "f09f9880|-1",
        "41ff42|1",
    })
    void decodingFailsWherePythonsFails(String hex, int invalid) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }

        assertThat(StrictUtf8.firstInvalidByte(bytes, bytes.length)).isEqualTo(invalid);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "7|byte 7 of 8 (e6)",
        "4|byte 4 of 8 (e5 ad 97 e6)",
        "3|byte 3 of 8 (a2 e5 ad 97 ...)",
    })
    void aFailureIsDescribedByItsPositionAndBytes(int invalid, String description) {
        byte[] bytes = {0x61, (byte) 0xe6, (byte) 0xbc, (byte) 0xa2, (byte) 0xe5, (byte) 0xad, (byte) 0x97,
            (byte) 0xe6};

        assertThat(StrictUtf8.describe(bytes, bytes.length, invalid)).isEqualTo(description);
    }
}
