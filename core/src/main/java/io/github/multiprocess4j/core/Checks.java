package io.github.multiprocess4j.core;

/** Argument checks that name the bad value in their message. Stateless and thread-safe. */
final class Checks {

    /** The most workers of one launch or one pool; {@code Launch.MAX_WORKERS} publishes it and says why. */
    static final int MAX_WORKERS = 32_768;

    private Checks() {
    }

    /**
     * Refuses an argument.
     *
     * @param valid whether the argument is acceptable
     * @param template the message, with a {@code %s} for each of {@code values}, in order
     * @param values what the message names; formatted only when the argument is refused
     * @throws IllegalArgumentException if {@code valid} is {@code false}
     */
    static void checkArgument(boolean valid, String template, Object... values) {
        if (!valid) {
            throw new IllegalArgumentException(format(template, values));
        }
    }

    private static String format(String template, Object... values) {
        StringBuilder message = new StringBuilder(template.length() + 16 * values.length);
        int from = 0;
        for (Object value : values) {
            int at = template.indexOf("%s", from);
            if (at < 0) {
                break;
            }
            message.append(template, from, at).append(value);
            from = at + 2;
        }
        return message.append(template, from, template.length()).toString();
    }
}
