package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ShareableList} within one JVM; {@link PythonInteropTest} checks it against CPython itself. */
class ShareableListTest {

    /** What Python writes for {@code ShareableList(["a漢字漢字"])}: its 8-byte slot cuts the fourth character. */
    private static final byte[] CUT_BY_PYTHON = "a漢字漢".getBytes(StandardCharsets.UTF_8);

    @Test
    void itPrintsAsPythonsRepr() {
        try (ShareableList list = ShareableList.create("spam", 3.14159, 123456, 0)) {
            assertThat(list.name()).matches("psm_[0-9a-f]{8}");
            assertThat(list).hasToString("ShareableList(['spam', 3.14159, 123456, 0], name='" + list.name() + "')");
        }
    }

    @Test
    void everyKindOfItemReadsBack() {
        byte[] bytes = {1, 2, 3};
        try (ShareableList list = ShareableList.create("howdy", bytes, -273.154, 100, null, true, false, 42L,
                (short) 7, 2.5f)) {
            assertThat(list.size()).isEqualTo(10);
            assertThat(list.get(0)).isEqualTo("howdy");
            assertThat((byte[]) list.get(1)).containsExactly(1, 2, 3);
            assertThat(list.get(2)).isEqualTo(-273.154);
            assertThat(list.get(3)).isEqualTo(100L);
            assertThat(list.get(4)).isNull();
            assertThat(list.get(5)).isEqualTo(true);
            assertThat(list.get(6)).isEqualTo(false);
            assertThat(list.get(7)).isEqualTo(42L);
            assertThat(list.get(8)).isEqualTo(7L);
            assertThat(list.get(9)).isEqualTo(2.5);
            assertThat(list.format()).isEqualTo("8s8sdqxxxxxx?xxxxxxxx?xxxxxxx?qqd");
            assertThat(list.toString()).startsWith(
                    "ShareableList(['howdy', b'\\x01\\x02\\x03', -273.154, 100, None, True, False, 42, 7, 2.5], ");
        }
    }

    @Test
    void theBytesAreLaidOutAsPythonLaysThemOut() {
        try (ShareableList list = ShareableList.create("ab", 1L, true, null)) {
            ByteBuffer raw = list.memory().buffer().order(ByteOrder.nativeOrder());

            assertThat(list.memory().size()).isEqualTo(8 + 5 * 8 + 32 + 4 * 8 + 4);
            assertThat(raw.getLong(0)).isEqualTo(4);
            assertThat(List.of(raw.getLong(8), raw.getLong(16), raw.getLong(24), raw.getLong(32), raw.getLong(40)))
                    .containsExactly(0L, 8L, 16L, 24L, 32L);
            int data = 48;
            assertThat(slice(raw, data, 8)).isEqualTo("ab\0\0\0\0\0\0");
            assertThat(raw.getLong(data + 8)).isEqualTo(1);
            assertThat(slice(raw, data + 16, 8)).isEqualTo("\0\0\0\0\0\0\0\1");
            assertThat(slice(raw, data + 24, 8)).isEqualTo("\0\0\0\0\0\0\0\0");
            int formats = data + 32;
            assertThat(slice(raw, formats, 32))
                    .isEqualTo("8s\0\0\0\0\0\0q\0\0\0\0\0\0\0xxxxxxx?xxxxxx?x");
            assertThat(slice(raw, formats + 32, 4)).isEqualTo("\1\0\0\3");
        }
    }

    private static String slice(ByteBuffer raw, int at, int length) {
        byte[] bytes = new byte[length];
        raw.get(at, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void setReplacesItemsAsPythonDoes() {
        try (ShareableList list = ShareableList.create("sixteen chars ok", 1L)) {
            assertThat(list.set(1, "eight ch")).isEqualTo(1L);
            assertThat(list.get(1)).isEqualTo("eight ch");
            assertThat(list.format()).isEqualTo("24s8s");
            list.set(0, 3.5);
            assertThat(list.format()).isEqualTo("d8s");
            list.set(0, "back into 24");
            assertThat(list.get(0)).isEqualTo("back into 24");
            assertThat(list.format()).isEqualTo("24s8s");
            list.set(1, new byte[] {9});
            assertThat((byte[]) list.get(1)).containsExactly(9);
            list.set(1, null);
            assertThat(list.get(1)).isNull();
        }
    }

    @Test
    void aStringLongerThanItsSlotFailsAndLeavesTheItem() {
        try (ShareableList list = ShareableList.create("short", 1L)) {
            assertThatThrownBy(() -> list.set(0, "a string far longer than eight"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("exceeds the 8 bytes of item 0's slot")
                    .hasMessageContaining("exceeds available storage");
            assertThatThrownBy(() -> list.set(1, "nine char")).isInstanceOf(IllegalArgumentException.class);
            assertThat(list.get(0)).isEqualTo("short");
            assertThat(list.get(1)).isEqualTo(1L);
        }
    }

    @Test
    void nonAsciiStringsGetSlotsByTheirUtf8Length() {
        try (ShareableList list = ShareableList.create("naïve ☃")) {
            assertThat(list.get(0)).isEqualTo("naïve ☃");
            assertThat(list.format()).isEqualTo("16s");
        }
    }

    @Test
    void aStringWithALoneSurrogateIsRefusedAndNothingChanges() {
        try (ShareableList list = ShareableList.create("abc", 1L)) {
            assertThatThrownBy(() -> list.set(0, "a\ud800"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("item 0 cannot be stored")
                    .hasMessageContaining("lone surrogate \\ud800 at index 1")
                    .hasMessageContaining("UnicodeEncodeError");
            assertThatThrownBy(() -> list.set(1, "\udc00")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("item 1").hasMessageContaining("\\udc00 at index 0");

            assertThat(list).containsExactly("abc", 1L);
            assertThat(list.format()).isEqualTo("8sq");
        }
        assertThatThrownBy(() -> ShareableList.create("fine", "x\ud83d")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("item 1 cannot be stored").hasMessageContaining("\\ud83d at index 1");
    }

    @Test
    void aStringWhoseBytesAreNotUtf8IsRefusedAsPythonRefusesIt() {
        try (ShareableList list = ShareableList.create("12345678", 2L)) {
            list.memory().put(8 * 4, Arrays.copyOf(CUT_BY_PYTHON, 8));

            assertThatThrownBy(() -> list.get(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("item 0 of ShareableList '" + list.name() + "'")
                    .hasMessageContaining("not UTF-8 from byte 7 of 8 (e6)")
                    .hasMessageContaining("UnicodeDecodeError");
            assertThatThrownBy(list::toString).isInstanceOf(IllegalStateException.class);
            assertThat(list.get(1)).isEqualTo(2L);
        }
    }

    @Test
    void aStringWhoseBytesAreNotUtf8CanBeReplaced() {
        try (ShareableList list = ShareableList.create("12345678")) {
            list.memory().put(8 * 3, Arrays.copyOf(CUT_BY_PYTHON, 8));

            assertThat(list.set(0, "fixed")).isEqualTo("a漢字\ufffd");
            assertThat(list.get(0)).isEqualTo("fixed");
        }
    }

    @Test
    void searchingWidensNumbersAndComparesBytesByContent() {
        try (ShareableList list = ShareableList.create(1, 2.0, "x", new byte[] {5}, null, 1L, true)) {
            assertThat(list.indexOf(1)).isZero();
            assertThat(list.lastIndexOf(1)).isEqualTo(5);
            assertThat(list.count(1)).isEqualTo(2);
            assertThat(list.indexOf(2.0f)).isEqualTo(1);
            assertThat(list.indexOf(2)).isEqualTo(-1);
            assertThat(list.contains(new byte[] {5})).isTrue();
            assertThat(list.indexOf(null)).isEqualTo(4);
            assertThat(list.count(true)).isEqualTo(1);
            assertThat(list.count("y")).isZero();
        }
    }

    @Test
    void itIsAFixedLengthJavaList() {
        try (ShareableList list = ShareableList.create(List.of(3L, 4L))) {
            assertThat(list).containsExactly(3L, 4L);
            assertThat(list).isEqualTo(Arrays.asList(3L, 4L));
            assertThatThrownBy(() -> list.add(5L)).isInstanceOf(UnsupportedOperationException.class);
        }
        try (ShareableList empty = ShareableList.create()) {
            assertThat(empty).isEmpty();
            assertThat(empty).hasToString("ShareableList([], name='" + empty.name() + "')");
        }
    }

    /** Regression: growing or shrinking the list failed with AbstractList's exception, which has no message. */
    @Test
    void growingOrShrinkingIsRefusedNamingTheFixedLength() {
        try (ShareableList list = ShareableList.create(List.of(3L, 4L))) {
            String fixed = "ShareableList '" + list.name() + "': its length is fixed at 2 items, as in Python";

            assertThatThrownBy(() -> list.add(5L)).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("cannot add an item to " + fixed);
            assertThatThrownBy(() -> list.addAll(List.of(5L))).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("cannot add an item to " + fixed);
            assertThatThrownBy(() -> list.remove(0)).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("cannot remove an item from " + fixed);
            assertThatThrownBy(list::clear).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("cannot remove an item from " + fixed);
            assertThat(list).containsExactly(3L, 4L);
        }
    }

    @Test
    void unsupportedItemsAndBadIndexesAreRefused() {
        assertThatThrownBy(() -> ShareableList.create(new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
        try (ShareableList list = ShareableList.create(1L)) {
            assertThatThrownBy(() -> list.get(1)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessageContaining("index 1").hasMessageContaining("1 items");
            assertThatThrownBy(() -> list.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> list.set(0, 'c')).isInstanceOf(IllegalArgumentException.class);
            assertThat(list.get(0)).isEqualTo(1L);
        }
    }

    @Test
    void anAttachedHandleSeesTheSameItems() {
        try (ShareableList list = ShareableList.create("a", 2L)) {
            try (ShareableList attached = ShareableList.attach(list.name())) {
                attached.set(1, 3L);
                assertThat(attached).hasToString(list.toString());
            }
            assertThat(list.get(1)).isEqualTo(3L);
            assertThat(list.memory().file()).exists();
        }
    }

    @Test
    void aSerializedHandleAttachesToTheSameList() throws Exception {
        try (ShareableList list = ShareableList.create("a")) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(list);
            }
            ShareableList copy = (ShareableList) new ObjectInputStream(
                    new ByteArrayInputStream(bytes.toByteArray())).readObject();
            copy.set(0, "b");
            copy.close();

            assertThat(list.get(0)).isEqualTo("b");
        }
    }

    @Test
    void aCorruptOrForeignLayoutFailsClearly() {
        try (SharedMemory raw = SharedMemory.create(64)) {
            raw.putLong(0, Long.MAX_VALUE);
            assertThatThrownBy(() -> ShareableList.attach(raw.name())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("does not hold a ShareableList").hasMessageContaining("item count");
            raw.putLong(0, -1);
            assertThatThrownBy(() -> ShareableList.attach(raw.name())).isInstanceOf(IllegalStateException.class);
            raw.putLong(0, 1);
            raw.putLong(8, 0);
            raw.putLong(16, 1 << 20);
            assertThatThrownBy(() -> ShareableList.attach(raw.name())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("offset 1");
        }
        try (SharedMemory tiny = SharedMemory.create(3)) {
            assertThatThrownBy(() -> ShareableList.attach(tiny.name())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("only 3 bytes");
        }
        try (ShareableList list = ShareableList.create(1L, "str")) {
            SharedMemory raw = list.memory();
            int formats = 8 * 4 + 16;
            raw.put(formats, "zzz\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> list.get(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("format 'zzz'");
            raw.put(formats + 8, "99999s\0\0".getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> list.get(1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("99999s");
        }
    }

    @Test
    void aClosedListRefusesAccess() {
        ShareableList list = ShareableList.create(1L);
        list.close();

        assertThat(list.memory().file()).doesNotExist();
        assertThatThrownBy(() -> list.get(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
