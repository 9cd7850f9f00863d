package io.github.multiprocess4j.shm.internal;

/**
 * What the user sets about this library's Kryo, through two system properties read once per JVM, the first time
 * Kryo is used (a child JVM started by {@code Launch} or a {@code ProcessPool} is given the parent's
 * {@code multiprocess4j.*} properties, so it reads the same):
 * <ul>
 *   <li>{@value #ALLOW_PROPERTY}: the classes that may be written and read, as {@link ClassNamePatterns} (for
 *       example {@code com.example.**;java.util.*;java.time.*}). Unset or empty, any class goes, as values are the
 *       user's own classes. Classes Kryo registers itself ({@code String}, the primitives and their boxes) always
 *       go.</li>
 *   <li>{@value #MAX_DEPTH_PROPERTY}: how deeply values may nest, {@value #DEFAULT_MAX_DEPTH} by default. Each level
 *       takes about half a kilobyte of a thread's stack (measured on JDK 17, interpreted), so the default fits a
 *       thread with the default stack of 1 MiB with room to spare; raise it together with the stack size
 *       ({@code -Xss}) of the threads that use deeper values.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
final class KryoSettings {

    static final String ALLOW_PROPERTY = "multiprocess4j.kryo.allow";
    static final String MAX_DEPTH_PROPERTY = "multiprocess4j.kryo.maxDepth";
    static final int DEFAULT_MAX_DEPTH = 1000;

    /** The classes allowed, or {@code null} for any class. */
    final ClassNamePatterns allowed;
    final int maxDepth;

    private KryoSettings(ClassNamePatterns allowed, int maxDepth) {
        this.allowed = allowed;
        this.maxDepth = maxDepth;
    }

    /**
     * The settings of this JVM.
     *
     * @throws IllegalStateException if a property is malformed, naming it: a typo must not let every class through
     */
    static KryoSettings current() {
        if (Current.SETTINGS == null) {
            throw new IllegalStateException(Current.ERROR.getMessage(), Current.ERROR);
        }
        return Current.SETTINGS;
    }

    /**
     * Settings from the properties' values ({@code null} when unset).
     *
     * @throws IllegalArgumentException if one is malformed
     */
    static KryoSettings parse(String allow, String maxDepth) {
        ClassNamePatterns allowed = null;
        if (allow != null && !allow.isBlank()) {
            try {
                allowed = ClassNamePatterns.parse(allow);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the system property " + ALLOW_PROPERTY + " is malformed: "
                        + e.getMessage(), e);
            }
        }
        return new KryoSettings(allowed, depth(maxDepth));
    }

    private static int depth(String maxDepth) {
        if (maxDepth == null || maxDepth.isBlank()) {
            return DEFAULT_MAX_DEPTH;
        }
        try {
            int depth = Integer.parseInt(maxDepth.trim());
            if (depth >= 1) {
                return depth;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("the system property " + MAX_DEPTH_PROPERTY + " must be a whole number"
                + " of at least 1, not '" + maxDepth + "'");
    }

    /** The settings read from the system properties, or why they could not be. */
    private static final class Current {

        static final KryoSettings SETTINGS;
        static final IllegalArgumentException ERROR;

        static {
            KryoSettings settings = null;
            IllegalArgumentException error = null;
            try {
                settings = parse(System.getProperty(ALLOW_PROPERTY), System.getProperty(MAX_DEPTH_PROPERTY));
            } catch (IllegalArgumentException e) {
                error = e;
            }
            SETTINGS = settings;
            ERROR = error;
        }
    }
}
