package io.github.multiprocess4j.shm;


/**
 * Python's {@code repr()} of the values a {@link ShareableList} holds, character for character: {@code None},
 * {@code True}/{@code False}, integers, floats (the shortest digits that read back as the same double, the closest
 * to it among those, in Python's choice of fixed or exponent notation: see {@link ShortestDecimal}), {@code str}
 * with Python's quoting and escapes, and {@code bytes} as {@code b'...'}. Which characters a {@code str} shows as
 * themselves and which as escapes is Python 3.11's rule ({@link PythonPrintable}) on every JDK.
 *
 * <p>Thread-safety: stateless; any thread may call it.
 */
final class PythonRepr {

    /** Python writes a float in exponent notation when its decimal point would sit this far out. */
    private static final int MIN_FIXED_DECIMAL_POINT = -3;
    private static final int MAX_FIXED_DECIMAL_POINT = 16;

    private PythonRepr() {
    }

    /** The repr of {@code null}, a {@link Long}, {@link Double}, {@link Boolean}, {@link String} or {@code byte[]}. */
    static String of(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? "True" : "False";
        }
        if (value instanceof Double) {
            return ofDouble((Double) value);
        }
        if (value instanceof String) {
            return ofString((String) value);
        }
        if (value instanceof byte[]) {
            return ofBytes((byte[]) value);
        }
        return value.toString();
    }

    static String ofDouble(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        String sign = (Double.doubleToRawLongBits(value) < 0) ? "-" : "";
        if (value == 0) {
            return sign + "0.0";
        }
        ShortestDecimal shortest = ShortestDecimal.of(Math.abs(value));
        String digits = shortest.digits;
        int decimalPoint = shortest.decimalPoint;
        if (decimalPoint < MIN_FIXED_DECIMAL_POINT || decimalPoint > MAX_FIXED_DECIMAL_POINT) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            int exponent = decimalPoint - 1;
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+")
                    + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        if (decimalPoint <= 0) {
            return sign + "0." + "0".repeat(-decimalPoint) + digits;
        }
        if (decimalPoint >= digits.length()) {
            return sign + digits + "0".repeat(decimalPoint - digits.length()) + ".0";
        }
        return sign + digits.substring(0, decimalPoint) + "." + digits.substring(decimalPoint);
    }

    static String ofString(String value) {
        char quote = value.indexOf('\'') >= 0 && value.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder(value.length() + 2).append(quote);
        value.codePoints().forEach(c -> {
            if (appendCommonEscape(out, c, quote)) {
                return;
            }
            if (c < 0x7F || c > 0x7F && PythonPrintable.isPrintable(c)) {
                out.appendCodePoint(c);
            } else if (c <= 0xFF) {
                appendEscape(out, 'x', c, 2);
            } else if (c <= 0xFFFF) {
                appendEscape(out, 'u', c, 4);
            } else {
                appendEscape(out, 'U', c, 8);
            }
        });
        return out.append(quote).toString();
    }

    static String ofBytes(byte[] value) {
        boolean hasSingle = false;
        boolean hasDouble = false;
        for (byte b : value) {
            hasSingle |= b == '\'';
            hasDouble |= b == '"';
        }
        char quote = hasSingle && !hasDouble ? '"' : '\'';
        StringBuilder out = new StringBuilder(value.length + 3).append('b').append(quote);
        for (byte b : value) {
            int c = b & 0xFF;
            if (c >= 0x7F) {
                appendEscape(out, 'x', c, 2);
            } else if (!appendCommonEscape(out, c, quote)) {
                out.append((char) c);
            }
        }
        return out.append(quote).toString();
    }

    /**
     * Escapes what {@code str} and {@code bytes} escape alike: the quote, the backslash, tab, newline, carriage
     * return and the other control characters below space.
     *
     * @return whether {@code c} was one of them, and so has been appended
     */
    private static boolean appendCommonEscape(StringBuilder out, int c, char quote) {
        if (c == quote || c == '\\') {
            out.append('\\').append((char) c);
        } else if (c == '\t') {
            out.append("\\t");
        } else if (c == '\n') {
            out.append("\\n");
        } else if (c == '\r') {
            out.append("\\r");
        } else if (c < ' ') {
            appendEscape(out, 'x', c, 2);
        } else {
            return false;
        }
        return true;
    }

    /** Appends a backslash, {@code kind} and {@code c} in that many lower-case hex digits, as {@code \x0a}. */
    private static void appendEscape(StringBuilder out, char kind, int c, int digits) {
        out.append('\\').append(kind);
        for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
            out.append(Character.forDigit((c >>> shift) & 0xF, 16));
        }
    }
}
