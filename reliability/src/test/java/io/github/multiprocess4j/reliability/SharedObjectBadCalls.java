package io.github.multiprocess4j.reliability;

import io.github.multiprocess4j.shm.SharedObject;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link SharedObject}: bad sizes and names are refused before a file is made, and a value too large to store is
 * refused, naming both sizes, with the committed value unchanged.
 */
final class SharedObjectBadCalls implements BadCallCatalog {

    private static final int SIZE = 256;
    private static final String COMMITTED = "the committed value";
    private static final String TOO_LARGE = "x".repeat(SIZE);

    /** An object of {@value #SIZE} bytes holding {@value #COMMITTED}. */
    private final Fixture<SharedObject<String>> object = Fixture.closing(() -> SharedObject.create(SIZE, COMMITTED));

    @Override
    public List<BadCall> calls() {
        List<BadCall> calls = new ArrayList<>();
        String create = "SharedObject.create(int, Object)";
        OutOfRange.refused(calls, create, "size", size -> SharedObject.create(size, COMMITTED),
                "a SharedObject needs at least 96 bytes", 95, 0, -1, Integer.MIN_VALUE);
        calls.add(BadCall.of(create, "an initial value larger than the segment holds",
                () -> SharedObject.create(96, TOO_LARGE))
                .refused(IllegalArgumentException.class, "holds at most"));
        String named = "SharedObject.create(String, int, Object)";
        BadNames.creating(calls, named, name -> SharedObject.create(name, SIZE, COMMITTED));
        calls.add(BadCall.of(named, "a 189-character name", () -> SharedObject.create("n".repeat(189), SIZE, 1))
                .refused(IllegalArgumentException.class, "at most 188 are allowed", ".lock.owners"));
        calls.add(BadCall.of(named, "95 two-byte characters (190 bytes)",
                () -> SharedObject.create("é".repeat(95), SIZE, 1))
                .refused(IllegalArgumentException.class, "takes 190 bytes in UTF-8, at most 188 are allowed"));
        BadNames.attaching(calls, "SharedObject.attach(String)", SharedObject::attach);

        calls.add(onValue("SharedObject.write(Object)", "a value too large", () -> object.value().write(TOO_LARGE))
                .refused(IllegalArgumentException.class, "the value takes", "holds at most", "unchanged"));
        calls.add(onValue("SharedObject.write(Object)", "null, which it holds like any value, then the value back",
                () -> {
                    object.value().write(null);
                    String read = object.value().read();
                    object.value().write(COMMITTED);
                    return read;
                }).accepted("null", value -> value == null));
        calls.add(onValue("SharedObject.update(Consumer)", "mutation null", () -> object.value().update(null))
                .refused(NullPointerException.class, "mutation"));
        calls.add(onValue("SharedObject.updateAndGet(UnaryOperator)", "function null",
                () -> object.value().updateAndGet(null))
                .refused(NullPointerException.class, "function"));
        calls.add(onValue("SharedObject.updateAndGet(UnaryOperator)", "a function whose value is too large",
                () -> object.value().updateAndGet(value -> value.repeat(SIZE)))
                .refused(IllegalArgumentException.class, "holds at most", "unchanged"));
        return calls;
    }

    /** A call on the object, whose committed value must stay as it was. */
    private BadCall onValue(String entryPoint, String argument, BadCall.VoidCall call) {
        return BadCall.of(entryPoint, argument, call).keeping(() -> object.value().read());
    }

    private BadCall onValue(String entryPoint, String argument, BadCall.Call call) {
        return BadCall.of(entryPoint, argument, call).keeping(() -> object.value().read());
    }

    @Override
    public void close() throws Exception {
        object.close();
    }
}
