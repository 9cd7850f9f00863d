package io.github.multiprocess4j.core.internal.codec;

import java.io.InvalidClassException;
import java.io.ObjectInputFilter;

/**
 * What every value read from another process (a task in a child, a result or failure in the parent) must pass
 * before anything is built from it.
 *
 * <ul>
 *   <li><b>Limits, always:</b> objects nested at most {@link #MAX_DEPTH} deep (or the {@code maxdepth} of the
 *       user's pattern); no more references, no longer array and no more bytes read than the stream has bytes
 *       (each takes at least one), so a corrupt or hostile length cannot make the reader allocate what the stream
 *       does not hold.</li>
 *   <li><b>The user's pattern, if set:</b> the system property {@value #PROPERTY} holds a pattern in the syntax
 *       of {@link ObjectInputFilter.Config#createFilter}, such as {@code com.example.**;java.base/*;!*}. Children
 *       get the property from their parent, so it applies in both directions.</li>
 *   <li><b>The JDK's own filter</b> ({@code jdk.serialFilter}, or one set with
 *       {@link ObjectInputFilter.Config#setSerialFilter}) still applies to Java-serialized values.</li>
 * </ul>
 *
 * Any rejection makes the read fail; nothing of a rejected class is loaded or run. A lambda, which this library
 * sends as its parts rather than Java-serialized, has its capturing class checked against the user's pattern and
 * {@code jdk.serialFilter} when either is set as a system property. Kept out of the way of start-up: a child that
 * reads no Java-serialized value never initializes the JDK's filter configuration.
 */
public final class StreamFilter {

    /** The system property holding the user's pattern. */
    static final String PROPERTY = "multiprocess4j.serialFilter";
    /**
     * How deep objects may nest unless the user's pattern sets {@code maxdepth}: reading nested lists overflows a
     * default thread stack from about 800 levels, and Python's pickle stops at 1,000 (its recursion limit).
     */
    static final int MAX_DEPTH = 500;

    private static volatile Parsed parsed;

    private StreamFilter() {
    }

    /**
     * The filter for one stream of {@code streamBytes} bytes.
     *
     * @throws IllegalArgumentException if the user's pattern is malformed
     */
    static Checked forStream(long streamBytes) {
        ObjectInputFilter user = userFilter();
        long maxDepth = user != null && System.getProperty(PROPERTY).contains("maxdepth=") ? Long.MAX_VALUE
                : MAX_DEPTH;
        ObjectInputFilter filter = info -> whyOverLimits(info, streamBytes, maxDepth) != null
                ? ObjectInputFilter.Status.REJECTED : ObjectInputFilter.Status.UNDECIDED;
        if (user != null) {
            filter = ObjectInputFilter.merge(filter, user);
        }
        ObjectInputFilter jdk = ObjectInputFilter.Config.getSerialFilter();
        if (jdk != null) {
            filter = ObjectInputFilter.merge(filter, jdk);
        }
        return new Checked(filter, streamBytes, maxDepth);
    }

    private static String whyOverLimits(ObjectInputFilter.FilterInfo info, long streamBytes, long maxDepth) {
        if (info.depth() > maxDepth) {
            return "objects nested more than " + maxDepth + " deep";
        }
        if (info.arrayLength() > streamBytes) {
            return "an array of length " + info.arrayLength() + " in a stream of " + streamBytes + " bytes";
        }
        if (info.references() > streamBytes || info.streamBytes() > streamBytes) {
            return "more references or bytes than a stream of " + streamBytes + " bytes holds";
        }
        return null;
    }

    /** A stream's filter, which remembers what it refused first, to say so. */
    static final class Checked implements ObjectInputFilter {
        private final ObjectInputFilter filter;
        private final long streamBytes;
        private final long maxDepth;
        private volatile String refusal;

        Checked(ObjectInputFilter filter, long streamBytes, long maxDepth) {
            this.filter = filter;
            this.streamBytes = streamBytes;
            this.maxDepth = maxDepth;
        }

        @Override
        public Status checkInput(FilterInfo info) {
            Status status = filter.checkInput(info);
            if (status == Status.REJECTED && refusal == null) {
                String overLimits = whyOverLimits(info, streamBytes, maxDepth);
                refusal = overLimits != null ? overLimits
                        : "class " + (info.serialClass() == null ? "?" : info.serialClass().getName())
                                + " (refused by " + describePatterns() + ")";
            }
            return status;
        }

        /** What was refused first, or {@code null}. */
        String refusal() {
            return refusal;
        }
    }

    private static String describePatterns() {
        String user = System.getProperty(PROPERTY);
        return user != null && !user.isBlank() ? PROPERTY + "=" + user + " or jdk.serialFilter" : "jdk.serialFilter";
    }

    /**
     * Checks a class that arrives by name outside Java serialization (a lambda's capturing class), when the user or
     * the JDK's system property has set a pattern.
     *
     * @throws InvalidClassException if a pattern rejects it
     */
    static void checkClass(Class<?> type, int depth) throws InvalidClassException {
        ObjectInputFilter user = userFilter();
        ObjectInputFilter jdk = System.getProperty("jdk.serialFilter") != null
                ? ObjectInputFilter.Config.getSerialFilter() : null;
        for (ObjectInputFilter filter : new ObjectInputFilter[] {user, jdk}) {
            if (filter != null && filter.checkInput(new ClassOnly(type, depth)) == ObjectInputFilter.Status.REJECTED) {
                throw new InvalidClassException(type.getName(), "refused by the serialization filter "
                        + (filter == user ? PROPERTY + "=" + System.getProperty(PROPERTY) : "jdk.serialFilter"));
            }
        }
    }

    /**
     * Checks that the user's pattern, if set, is well formed, so that a launch fails before any child starts.
     *
     * @throws IllegalArgumentException if it is not
     */
    public static void checkPattern() {
        userFilter();
    }

    private static ObjectInputFilter userFilter() {
        String pattern = System.getProperty(PROPERTY);
        if (pattern == null || pattern.isBlank()) {
            return null;
        }
        Parsed last = parsed;
        if (last == null || !last.pattern.equals(pattern)) {
            try {
                last = new Parsed(pattern, ObjectInputFilter.Config.createFilter(pattern));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the system property " + PROPERTY + " is not a valid"
                        + " serialization filter pattern ('" + pattern + "'): " + e.getMessage(), e);
            }
            parsed = last;
        }
        return last.filter;
    }

    /** A pattern and the filter made of it, remembered while the property keeps its value. */
    private static final class Parsed {
        final String pattern;
        final ObjectInputFilter filter;

        Parsed(String pattern, ObjectInputFilter filter) {
            this.pattern = pattern;
            this.filter = filter;
        }
    }

    /** A class to check on its own, as the filter would see it at the given depth of a stream. */
    private static final class ClassOnly implements ObjectInputFilter.FilterInfo {
        private final Class<?> type;
        private final int depth;

        ClassOnly(Class<?> type, int depth) {
            this.type = type;
            this.depth = depth;
        }

        @Override
        public Class<?> serialClass() {
            return type;
        }

        @Override
        public long arrayLength() {
            return -1;
        }

        @Override
        public long depth() {
            return depth;
        }

        @Override
        public long references() {
            return 0;
        }

        @Override
        public long streamBytes() {
            return 0;
        }
    }
}
