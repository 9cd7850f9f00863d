package io.github.multiprocess4j.core;

/**
 * What happens to the standard output and standard error of a child JVM.
 *
 * @see LaunchOptionsBuilder#output(Output)
 */
public enum Output {

    /**
     * Each line the child prints is printed by the parent on its own {@code System.out} or {@code System.err},
     * whole: lines from several children may alternate but are never torn. The default.
     */
    INHERIT,

    /**
     * The child's lines are kept in memory and available from {@link Worker#output()}; the tail of its standard
     * error is also quoted in a failure's message.
     */
    CAPTURE,

    /** The child's output is thrown away. */
    DISCARD
}
