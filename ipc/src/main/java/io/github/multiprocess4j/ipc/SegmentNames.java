package io.github.multiprocess4j.ipc;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * The names of segments and of the files beside them: what a name may be, and fresh random ones like Python's
 * ({@code psm_} and 8 hex digits).
 *
 * <p>Thread-safe.
 */
public final class SegmentNames {

    /**
     * The longest name of any file this library makes, in UTF-8 bytes and suffixes included: well under the 255
     * bytes a file name may have.
     */
    public static final int MAX_NAME_BYTES = 200;

    private static final SecureRandom RANDOM = new SecureRandom();

    private SegmentNames() {
    }

    /** A fresh name like Python's: {@code prefix} followed by 8 random hex digits. */
    public static String random(String prefix) {
        return prefix + String.format(Locale.ROOT, "%08x", RANDOM.nextInt());
    }

    /**
     * Checks the name of a structure whose files are {@code name} and {@code name} followed by suffixes, the longest
     * of which is {@code longestSuffix}: every one of them must be at most {@value #MAX_NAME_BYTES} bytes in UTF-8, as
     * Python's POSIX names must, and none may hold {@code /}, {@code \} or NUL. Nothing is created before this check,
     * so a name that is too long leaves no file behind.
     *
     * @param kind what is named, for the message
     * @return the name
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if the name cannot be used, quoting it
     */
    public static String check(String name, String kind, String longestSuffix) {
        if (name == null) {
            throw new NullPointerException("name");
        }
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid " + kind + " name '" + name + "': it must not be empty, '.'"
                    + " or '..', and must not hold '/', '\\' or NUL");
        }
        int max = MAX_NAME_BYTES - utf8Length(longestSuffix);
        int length = utf8Length(name);
        if (length > max) {
            throw new IllegalArgumentException("invalid " + kind + " name '" + name + "': it takes " + length
                    + " bytes in UTF-8, at most " + max + " are allowed"
                    + (longestSuffix.isEmpty() ? "" : " (its files add '" + longestSuffix + "' to it)"));
        }
        return name;
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
