package io.github.multiprocess4j.core.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.multiprocess4j.core.MapTask;
import io.github.multiprocess4j.core.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tasks that capture only simple values and other lambdas cross without Java serialization. */
class ValueCodecTest {

    private static final byte[] JAVA_SERIALIZATION_MAGIC = {(byte) 0xAC, (byte) 0xED};

    @Test
    void aLambdaWithSimpleCapturesIsEncodedWithoutJavaSerialization() throws Exception {
        int number = 6;
        String word = "x";
        Task<String> task = () -> word + number * 7;

        byte[] encoded = ValueCodec.encodeTask(task);

        assertThat(containsMagic(encoded)).isFalse();
        assertThat(((Task<?>) ValueCodec.decode(encoded, 0, getClass().getClassLoader())).call()).isEqualTo("x42");
    }

    @Test
    void aLambdaCapturingAnotherLambdaIsToo() throws Exception {
        MapTask<Integer, Integer> square = x -> x * x;
        Task<Integer> task = () -> square.call(9);

        byte[] encoded = ValueCodec.encodeTask(task);

        assertThat(containsMagic(encoded)).isFalse();
        assertThat(((Task<?>) ValueCodec.decode(encoded, 0, getClass().getClassLoader())).call()).isEqualTo(81);
    }

    @Test
    void otherCapturesTravelTogetherAsJavaSerialization() throws Exception {
        List<Integer> list = new ArrayList<>(List.of(1, 2));
        List<Integer> same = list;
        Task<Boolean> task = () -> list == same;

        byte[] encoded = ValueCodec.encodeTask(task);

        assertThat(containsMagic(encoded)).isTrue();
        assertThat(((Task<?>) ValueCodec.decode(encoded, 0, getClass().getClassLoader())).call()).isEqualTo(true);
    }

    @Test
    void simpleResultsRoundTrip() throws Exception {
        for (Object value : new Object[] {null, "héllo", 1, 2L, 3.5, 4.5f, (short) 5, (byte) 6, 'c', true}) {
            assertThat(ValueCodec.decode(ValueCodec.encode(value), 0, null)).isEqualTo(value);
        }
    }

    @Test
    void anArrayListOfSimpleValuesTravelsElementByElementAndComesBackAsOne() throws Exception {
        ArrayList<Object> values = new ArrayList<>(List.of(1, "two", 3.0, 'c'));
        values.add(null);

        byte[] encoded = ValueCodec.encode(values);

        assertThat(containsMagic(encoded)).isFalse();
        assertThat(ValueCodec.decode(encoded, 0, null)).isInstanceOf(ArrayList.class).isEqualTo(values);
    }

    @Test
    void anArrayListOfIntegersTravelsAsOneBlockOfFourBytesEach() throws Exception {
        ArrayList<Integer> numbers = new ArrayList<>(List.of(0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1000));

        byte[] encoded = ValueCodec.encode(numbers);

        assertThat(encoded).hasSize(1 + 4 + 4 * numbers.size());
        assertThat(ValueCodec.decode(encoded, 0, null)).isInstanceOf(ArrayList.class).isEqualTo(numbers);
        ArrayList<Integer> withNull = new ArrayList<>(numbers);
        withNull.add(null);
        assertThat(ValueCodec.decode(ValueCodec.encode(withNull), 0, null)).isEqualTo(withNull);
        assertThat(ValueCodec.decode(ValueCodec.encode(new ArrayList<>()), 0, null)).isEqualTo(List.of());
    }

    @Test
    void aBlockOfIntegersLongerThanItsBytesIsRefused() {
        byte[] claimsThree = {15, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 2};

        assertThatThrownBy(() -> ValueCodec.decode(claimsThree, 0, null))
                .isInstanceOf(java.io.StreamCorruptedException.class).hasMessageContaining("list size 3");
    }

    @Test
    void otherListsKeepTheirTypeThroughJavaSerialization() throws Exception {
        List<Object> nested = new ArrayList<>(List.of(1, List.of(2)));
        java.util.LinkedList<Integer> linked = new java.util.LinkedList<>(List.of(1, 2));

        assertThat(containsMagic(ValueCodec.encode(nested))).isTrue();
        assertThat(ValueCodec.decode(ValueCodec.encode(nested), 0, null)).isEqualTo(nested);
        assertThat(ValueCodec.decode(ValueCodec.encode(linked), 0, null)).isInstanceOf(java.util.LinkedList.class)
                .isEqualTo(linked);
    }

    @Test
    void aMapChunkOfSimpleItemsIsEncodedWithoutJavaSerialization() throws Exception {
        int offset = 10;
        MapTask<Integer, Integer> plus = x -> x + offset;
        ChunkTask<Integer, Integer> chunk = new ChunkTask<>(plus, List.of(1, 2, 3));

        byte[] encoded = ValueCodec.encodeTask(chunk);

        assertThat(containsMagic(encoded)).isFalse();
        assertThat(((Task<?>) ValueCodec.decode(encoded, 0, getClass().getClassLoader())).call())
                .isEqualTo(List.of(11, 12, 13));
    }

    @Test
    void theChunksAndItemsOfOneCallEncodeTheirSharedFunctionOnceAndStillRunIt() throws Exception {
        java.util.concurrent.atomic.AtomicInteger offset = new java.util.concurrent.atomic.AtomicInteger(10);
        MapTask<Integer, Integer> plus = x -> x + offset.get();
        SharedFunction<Integer, Integer> shared = new SharedFunction<>(plus);

        byte[] first = ValueCodec.encodeTask(new ChunkTask<>(shared, List.of(1, 2)));
        offset.set(1_000);
        byte[] item = ValueCodec.encodeTask(new ItemTask<>(shared, 3));
        byte[] second = ValueCodec.encodeTask(new ChunkTask<>(shared, List.of(4)));

        ClassLoader loader = getClass().getClassLoader();
        assertThat(((Task<?>) ValueCodec.decode(first, 0, loader)).call()).isEqualTo(List.of(11, 12));
        assertThat(((Task<?>) ValueCodec.decode(item, 0, loader)).call())
                .as("captures read once per call, when its first task is encoded").isEqualTo(13);
        assertThat(((Task<?>) ValueCodec.decode(second, 0, loader)).call()).isEqualTo(List.of(14));
        assertThat(ValueCodec.decode(ValueCodec.encodeTask(new ChunkTask<>(plus, List.of(5))), 0, loader))
                .as("a chunk without a shared function encodes it anew").isInstanceOf(ChunkTask.class);
    }

    @Test
    void theItemsOfOneCallShareTheFunctionRebuiltForTheFirst() throws Exception {
        int offset = 10;
        SharedFunction<Integer, Integer> shared = new SharedFunction<>(x -> x + offset);
        SharedFunction<Integer, Integer> other = new SharedFunction<>(x -> x * offset);
        ClassLoader loader = getClass().getClassLoader();

        ItemTask<?, ?> first = (ItemTask<?, ?>) ValueCodec.decode(ValueCodec.encodeTask(new ItemTask<>(shared, 1)), 0,
                loader);
        ItemTask<?, ?> second = (ItemTask<?, ?>) ValueCodec.decode(ValueCodec.encodeTask(new ItemTask<>(shared, 2)), 0,
                loader);
        ItemTask<?, ?> ofOther = (ItemTask<?, ?>) ValueCodec.decode(
                ValueCodec.encodeTask(new ItemTask<>(other, 3)), 0, loader);

        assertThat(second.function()).as("rebuilt once").isSameAs(first.function());
        assertThat(second.call()).isEqualTo(12);
        assertThat(ofOther.function()).as("another call's function").isNotSameAs(first.function());
        assertThat(ofOther.call()).isEqualTo(30);
    }

    @Test
    void aFunctionWhoseLengthDisagreesWithItsBytesIsRefused() {
        byte[] longerThanTheRest = {16, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0};
        byte[] endsEarly = {16, 0, 0, 0, 2, 0, 0};

        assertThatThrownBy(() -> ValueCodec.decode(longerThanTheRest, 0, null))
                .isInstanceOf(java.io.StreamCorruptedException.class).hasMessageContaining("bytes left");
        assertThatThrownBy(() -> ValueCodec.decode(endsEarly, 0, null))
                .isInstanceOf(java.io.StreamCorruptedException.class).hasMessageContaining("ends after 1");
    }

    @Test
    void anItemWithoutAFunctionIsRefused() {
        byte[] itemOfNull = {16, 0, 0, 0, 1, 0, 0};

        assertThatThrownBy(() -> ValueCodec.decode(itemOfNull, 0, null))
                .isInstanceOf(java.io.StreamCorruptedException.class).hasMessageContaining("MapTask");
    }

    @Test
    void aDamagedListOrChunkIsRefused() {
        byte[] hugeList = {12, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        byte[] chunkOfNulls = {13, 0, 0, 0, 1, 0, 0};

        assertThatThrownBy(() -> ValueCodec.decode(hugeList, 0, null))
                .isInstanceOf(java.io.StreamCorruptedException.class).hasMessageContaining("list size");
        assertThatThrownBy(() -> ValueCodec.decode(chunkOfNulls, 0, null))
                .isInstanceOf(java.io.StreamCorruptedException.class).hasMessageContaining("MapTask");
    }

    @Test
    void aCorruptTagIsRefused() {
        assertThatThrownBy(() -> ValueCodec.decode(new byte[] {99}, 0, null))
                .isInstanceOf(java.io.StreamCorruptedException.class).hasMessageContaining("99");
    }

    private static boolean containsMagic(byte[] bytes) {
        for (int i = 0; i + 1 < bytes.length; i++) {
            if (bytes[i] == JAVA_SERIALIZATION_MAGIC[0] && bytes[i + 1] == JAVA_SERIALIZATION_MAGIC[1]) {
                return true;
            }
        }
        return false;
    }
}
