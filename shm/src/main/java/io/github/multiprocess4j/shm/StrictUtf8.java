package io.github.multiprocess4j.shm;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * UTF-8 as Python's strict {@code 'utf-8'} codec has it, which {@code ShareableList} uses for every {@code str}: a
 * string holding a lone surrogate has no encoding (Python: {@code UnicodeEncodeError}, "surrogates not allowed"),
 * and bytes that are not well-formed UTF-8 have no decoding (Python: {@code UnicodeDecodeError}). The JDK's
 * {@link String#getBytes} and {@code new String(bytes, UTF_8)} would instead put {@code '?'} and U+FFFD in their
 * place without a word.
 *
 * <p>Thread-safety: stateless; any thread may call it.
 */
final class StrictUtf8 {

    /** Enough bytes to show the whole of any sequence that fails. */
    private static final int SHOWN_BYTES = 4;

    private StrictUtf8() {
    }

    /**
     * The UTF-8 bytes of {@code value}.
     *
     * @param value a string whose surrogates all come in pairs
     * @return its bytes
     * @throws IllegalArgumentException naming the index and the code unit of the first lone surrogate
     */
    static byte[] encode(String value) {
        for (int i = 0; i < value.length(); i++) {
            char unit = value.charAt(i);
            if (Character.isHighSurrogate(unit) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(unit)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "the string has a lone surrogate"
                        + " \\u%04x at index %d, which UTF-8 cannot encode (Python refuses it too: UnicodeEncodeError,"
                        + " surrogates not allowed)", (int) unit, i));
            }
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Where the first ill-formed sequence starts: a byte that cannot start a character, a sequence cut short or
     * broken by a byte that cannot continue it, an overlong form, an encoded surrogate or a code point above
     * U+10FFFF, as Python's decoder finds them.
     *
     * @param bytes the bytes
     * @param length how many of them to check
     * @return the index of the first byte that cannot be decoded, or -1 if all can
     */
    static int firstInvalidByte(byte[] bytes, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
        CoderResult result = decoder.decode(in, CharBuffer.allocate(length), true);
        return result.isError() ? in.position() : -1;
    }

    /**
     * Describes the failure that {@link #firstInvalidByte} found, for an exception's message.
     *
     * @param bytes the bytes
     * @param length how many of them were checked
     * @param invalid where the failure starts
     * @return such as {@code "byte 7 of 9 (e6 bc ...)"}
     */
    static String describe(byte[] bytes, int length, int invalid) {
        StringBuilder shown = new StringBuilder();
        int end = Math.min(length, invalid + SHOWN_BYTES);
        for (int i = invalid; i < end; i++) {
            shown.append(i == invalid ? "" : " ").append(String.format(Locale.ROOT, "%02x", bytes[i] & 0xFF));
        }
        return "byte " + invalid + " of " + length + " (" + shown + (end < length ? " ..." : "") + ")";
    }
}
