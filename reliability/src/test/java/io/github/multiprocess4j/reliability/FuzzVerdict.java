package io.github.multiprocess4j.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What {@link HeaderFuzzTest} accepts from using a damaged structure: success with values that were really written
 * (each {@link FuzzTarget} checks those itself), or a clear exception. An exception is clear if it is an
 * {@link IllegalStateException} (the library's "not a ..." and "corrupt" failures, and the queue's exceptions), an
 * {@link IllegalArgumentException}, an {@link IndexOutOfBoundsException} (a {@code SharedMemory} access out of its
 * bounds), an {@link UncheckedIOException} or an {@link IOException} (a file that cannot be opened or mapped, or
 * is gone), and if its message names the segment, so that a user can tell which file is damaged. Anything else is
 * a bug: an {@link Error} ({@link OutOfMemoryError} from a huge allocation, {@link InternalError} from a fault in a
 * mapping, {@link StackOverflowError}), a {@link NullPointerException}, an {@link ArithmeticException}, a
 * {@link NegativeArraySizeException}, a {@link ClassCastException}, and so on.
 */
final class FuzzVerdict {

    private static final List<Class<? extends Throwable>> CLEAR = List.of(IllegalStateException.class,
            IllegalArgumentException.class, IndexOutOfBoundsException.class, UncheckedIOException.class,
            IOException.class);

    private FuzzVerdict() {
    }

    /**
     * Fails unless {@code thrown} is a clear exception about the segment {@code name}.
     *
     * @throws AssertionError naming the damage and carrying {@code thrown} as its cause
     */
    static void requireClear(Throwable thrown, String name, String kind, Corruption damage) {
        boolean clearType = CLEAR.stream().anyMatch(type -> type.isInstance(thrown));
        String message = String.valueOf(thrown.getMessage());
        if (!clearType || !message.contains(name)) {
            throw new AssertionError(kind + " '" + name + "' with " + damage + " failed with "
                    + (clearType ? "a message that does not name it: " : "an exception that is not a clear one: ")
                    + thrown, thrown);
        }
    }
}
