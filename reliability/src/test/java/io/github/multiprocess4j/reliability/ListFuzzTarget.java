package io.github.multiprocess4j.reliability;

import io.github.multiprocess4j.shm.ShareableList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link ShareableList}'s segment, which is all header but the items' bytes: item count, offsets, formats and
 * back-transform codes.
 */
final class ListFuzzTarget implements FuzzTarget {

    private static final List<Object> ITEMS = Arrays.asList("spam", 3.14159, 123456L, true, null,
            new byte[] {1, 2, 3}, "a longer string than eight bytes");

    @Override
    public String kind() {
        return "ShareableList";
    }

    @Override
    public Path create(String name) {
        ShareableList.create(name, ITEMS).keep().close();
        return DIRECTORY.resolve(name);
    }

    @Override
    public List<Field> fields(int size) {
        int n = ITEMS.size();
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < n + 2; i++) {
            fields.add(new Field(8 * i, 8));
        }
        int formats = size - 9 * n;
        for (int i = 0; i < n; i++) {
            fields.add(new Field(formats + 8 * i, 8));
            fields.add(new Field(size - n + i, 1));
        }
        return fields;
    }

    @Override
    @SuppressWarnings("ReturnValueIgnored") // toString() runs for its reads of a damaged header, not its value
    public void exercise(String name) {
        try (ShareableList list = ShareableList.attach(name)) {
            for (int i = 0; i < list.size(); i++) {
                list.get(i);
            }
            list.toString();
            list.format();
            if (!list.isEmpty()) {
                list.set(0, 42L);
                if (!Long.valueOf(42).equals(list.get(0))) {
                    throw new AssertionError("ShareableList '" + name + "' did not keep what was set");
                }
            }
        }
    }
}
