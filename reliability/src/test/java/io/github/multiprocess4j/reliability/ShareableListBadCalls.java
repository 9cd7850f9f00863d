package io.github.multiprocess4j.reliability;

import io.github.multiprocess4j.shm.ShareableList;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ShareableList}: items of other types, too long or with a lone surrogate are refused before a segment is made,
 * and a set out of range, of another type, too long for its slot or with a lone surrogate is refused, naming it, with
 * every item unchanged.
 */
final class ShareableListBadCalls implements BadCallCatalog {

    /** One more byte than Python's formats allow an item. */
    private static final String TOO_LONG_ITEM = "x".repeat(10_000_000);
    private static final int ITEMS = 6;

    /** A list of a string (in an 8-byte slot), a long, a double, a boolean, a null and bytes. */
    private final Fixture<ShareableList> list = Fixture.closing(
            () -> ShareableList.create("abc", 42L, 2.5, true, null, new byte[] {1, 2}));

    @Override
    public List<BadCall> calls() {
        List<BadCall> calls = new ArrayList<>();
        creating(calls);
        for (int index : new int[] {-1, ITEMS, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            calls.add(onItems("ShareableList.get(int)", "index " + index, () -> list.value().get(index))
                    .refused(IndexOutOfBoundsException.class, "index " + index + " is out of range",
                            ITEMS + " items"));
            calls.add(onItems("ShareableList.set(int, Object)", "index " + index, () -> list.value().set(index, 1L))
                    .refused(IndexOutOfBoundsException.class, "index " + index + " is out of range"));
        }
        String set = "ShareableList.set(int, Object)";
        calls.add(onItems(set, "a string one byte longer than its slot", () -> list.value().set(0, "abcdefghi"))
                .refused(IllegalArgumentException.class, "a string of 9 bytes exceeds the 8 bytes of item 0's slot"));
        calls.add(onItems(set, "bytes longer than their slot", () -> list.value().set(5, new byte[9]))
                .refused(IllegalArgumentException.class, "a byte array of 9 bytes exceeds the 8 bytes of item 5's"));
        calls.add(onItems(set, "a string longer than any item may be", () -> list.value().set(0, TOO_LONG_ITEM))
                .refused(IllegalArgumentException.class, "a string of 10000000 bytes exceeds"));
        calls.add(onItems(set, "an item of another type", () -> list.value().set(1, new Object()))
                .refused(IllegalArgumentException.class, "not java.lang.Object"));
        calls.add(onItems(set, "a string with a lone surrogate, which UTF-8 cannot encode",
                () -> list.value().set(0, "a\ud800"))
                .refused(IllegalArgumentException.class, "item 0 cannot be stored",
                        "lone surrogate \\ud800 at index 1"));

        String fixedLength = "its length is fixed at " + ITEMS + " items";
        calls.add(onItems("ShareableList.add(int, Object)", "any index and item (the length is fixed)", () -> {
            list.value().add(0, 1L);
            return null;
        }).refused(UnsupportedOperationException.class, "cannot add an item to", fixedLength));
        calls.add(onItems("ShareableList.remove(int)", "any index (the length is fixed)", () -> list.value().remove(0))
                .refused(UnsupportedOperationException.class, "cannot remove an item from", fixedLength));

        calls.add(onItems("ShareableList.indexOf(Object)", "null, which is an item", () -> list.value().indexOf(null))
                .accepted("index 4", Integer.valueOf(4)::equals));
        calls.add(onItems("ShareableList.lastIndexOf(Object)", "null, which is an item",
                () -> list.value().lastIndexOf(null))
                .accepted("index 4", Integer.valueOf(4)::equals));
        calls.add(onItems("ShareableList.contains(Object)", "null, which is an item",
                () -> list.value().contains(null))
                .accepted("contained", Boolean.TRUE::equals));
        calls.add(onItems("ShareableList.count(Object)", "null, which is an item", () -> list.value().count(null))
                .accepted("once", Integer.valueOf(1)::equals));
        calls.add(onItems("ShareableList.count(Object)", "an object of a type no item has",
                () -> list.value().count(new Object()))
                .accepted("never", Integer.valueOf(0)::equals));
        return calls;
    }

    private static void creating(List<BadCall> calls) {
        String varargs = "ShareableList.create(Object[])";
        calls.add(BadCall.withNull(varargs, "values", () -> ShareableList.create((Object[]) null)));
        calls.add(BadCall.of(varargs, "an item of another type", () -> ShareableList.create(1L, new Object()))
                .refused(IllegalArgumentException.class, "not java.lang.Object"));
        calls.add(BadCall.of(varargs, "a string with a lone surrogate", () -> ShareableList.create(1L, "\udc00"))
                .refused(IllegalArgumentException.class, "item 1 cannot be stored",
                        "lone surrogate \\udc00 at index 0"));
        calls.add(BadCall.of(varargs, "a string longer than any item may be", () -> ShareableList.create(TOO_LONG_ITEM))
                .refused(IllegalArgumentException.class, "an item of 10000000 bytes is longer than", "9999991"));
        calls.add(BadCall.withNull("ShareableList.create(List)", "values", () -> ShareableList.create((List<?>) null)));
        String named = "ShareableList.create(String, List)";
        BadNames.creating(calls, named, name -> ShareableList.create(name, List.of(1L)));
        calls.add(BadCall.withNull(named, "values", () -> ShareableList.create("mp4j_badinput_list", null)));
        BadNames.attaching(calls, "ShareableList.attach(String)", ShareableList::attach);
        BadNames.attaching(calls, "ShareableList.attachShared(String)", ShareableList::attachShared);
    }

    /** A call on the list, whose items must stay as they were. */
    private BadCall onItems(String entryPoint, String argument, BadCall.Call call) {
        return BadCall.of(entryPoint, argument, call).keeping(this::items);
    }

    /** Python's repr of the items, which shows bytes by value. */
    private String items() {
        return list.value().toString();
    }

    @Override
    public void close() throws Exception {
        list.close();
    }
}
