package io.github.multiprocess4j.shm;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Python's {@code repr()} of the values a {@link ShareableList} holds, character for character: {@code None},
 * {@code True}/{@code False}, integers, floats (the shortest digits that read back as the same double, in
 * Python's choice of fixed or exponent notation), {@code str} with Python's quoting and escapes, and
 * {@code bytes} as {@code b'...'}.
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
        BigDecimal shortest = shortestRoundTrip(Math.abs(value));
        String digits = shortest.unscaledValue().toString();
        int decimalPoint = digits.length() - shortest.scale();
        if (decimalPoint < MIN_FIXED_DECIMAL_POINT || decimalPoint > MAX_FIXED_DECIMAL_POINT) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            int exponent = decimalPoint - 1;
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+")
                    + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        }
        if (decimalPoint <= 0) {
            return sign + "0." + "0".repeat(-decimalPoint) + digits;
        }
        if (decimalPoint >= digits.length()) {
            return sign + digits + "0".repeat(decimalPoint - digits.length()) + ".0";
        }
        return sign + digits.substring(0, decimalPoint) + "." + digits.substring(decimalPoint);
    }

    /** The fewest significant digits, correctly rounded from the exact binary value, that read back as it. */
    private static BigDecimal shortestRoundTrip(double positive) {
        BigDecimal exact = new BigDecimal(positive);
        for (int precision = 1; precision < 17; precision++) {
            BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == positive) {
                return rounded.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    static String ofString(String value) {
        char quote = value.indexOf('\'') >= 0 && value.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder(value.length() + 2).append(quote);
        value.codePoints().forEach(c -> {
            if (appendCommonEscape(out, c, quote)) {
                return;
            }
            if (c < 0x7F || c > 0x7F && isPrintable(c)) {
                out.appendCodePoint(c);
            } else if (c <= 0xFF) {
                out.append(String.format(Locale.ROOT, "\\x%02x", c));
            } else if (c <= 0xFFFF) {
                out.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                out.append(String.format(Locale.ROOT, "\\U%08x", c));
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
            if (!appendCommonEscape(out, c, quote)) {
                out.append(c >= 0x7F ? String.format(Locale.ROOT, "\\x%02x", c) : String.valueOf((char) c));
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
            out.append(String.format(Locale.ROOT, "\\x%02x", c));
        } else {
            return false;
        }
        return true;
    }

    /** Python's {@code str.isprintable()} for one code point outside ASCII. */
    private static boolean isPrintable(int codePoint) {
        switch (Character.getType(codePoint)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SPACE_SEPARATOR:
                return false;
            default:
                return true;
        }
    }
}
