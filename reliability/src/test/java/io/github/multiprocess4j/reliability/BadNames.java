package io.github.multiprocess4j.reliability;

import static io.github.multiprocess4j.reliability.BadArguments.NO_SUCH_NAME;
import static io.github.multiprocess4j.reliability.BadArguments.SLASHED_NAME;
import static io.github.multiprocess4j.reliability.BadArguments.TOO_LONG_NAME;
import static io.github.multiprocess4j.reliability.BadArguments.TWO_BYTE_NAME;

import io.github.multiprocess4j.shm.SharedMemoryNotFoundException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names that no segment, lock, object, list or queue may have, and the calls that pass them: each is refused with
 * an {@link IllegalArgumentException} that quotes the name, before any file is made.
 */
final class BadNames {

    /** A call with a name. */
    @FunctionalInterface
    interface NameCall {
        void call(String name) throws Exception;
    }

    /** Each bad name, after the label that says what is wrong with it. */
    private static final Map<String, String> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put("an empty name", "");
        NAMES.put("a name with '/'", SLASHED_NAME);
        NAMES.put("a name with '\\'", "bad\\name");
        NAMES.put("a name with a NUL", "bad\0name");
        NAMES.put("the name '..'", "..");
        NAMES.put("a 201-character name", TOO_LONG_NAME);
        NAMES.put("a name of 200 two-byte characters (400 bytes)", TWO_BYTE_NAME);
    }

    private BadNames() {
    }

    /** Adds a call of a method that creates something by name with {@code null} and with each bad name. */
    static void creating(List<BadCall> calls, String entryPoint, NameCall create) {
        calls.add(BadCall.withNull(entryPoint, "name", () -> create.call(null)));
        NAMES.forEach((label, name) -> calls.add(BadCall.of(entryPoint, label, () -> create.call(name))
                .refused(IllegalArgumentException.class, "name '" + name + "'")));
    }

    /** Adds the calls of {@link #creating}, and one with a name that nothing has, for a method that attaches. */
    static void attaching(List<BadCall> calls, String entryPoint, NameCall attach) {
        creating(calls, entryPoint, attach);
        calls.add(BadCall.of(entryPoint, "a name nothing has", () -> attach.call(NO_SUCH_NAME))
                .refused(SharedMemoryNotFoundException.class, "no shared memory named '" + NO_SUCH_NAME + "'"));
    }
}
