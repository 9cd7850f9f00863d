package io.github.multiprocess4j.shm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.multiprocess4j.shm.testing.HostilePayloads;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The library's Kryo: bytes from another process that lie about lengths or nest too deep fail with an
 * {@link IllegalStateException}, never an {@link Error} or a huge allocation; the allow-list refuses a class by name
 * before it is loaded; the depth limit applies when writing too.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KryoCodecTest {

    /** Set by {@link Tripwire}'s static initialiser and read hook: neither may ever run. */
    static final AtomicBoolean TRIPPED = new AtomicBoolean();
    private static final String HARMLESS = KryoCodecTest.class.getName() + "$Harmless";
    /** Never referenced as a class, so that nothing but Kryo could load it. */
    private static final String TRIPWIRE = KryoCodecTest.class.getName() + "$Tripwire";

    /** A value of a class the allow-lists of these tests do not name. */
    static final class Harmless {
        int value = 7;
    }

    /** A class with the same fields and a name of the same length as {@link Harmless}, whose loading would show. */
    static final class Tripwire implements KryoSerializable {
        static {
            TRIPPED.set(true);
        }

        int value;

        @Override
        public void write(Kryo kryo, Output output) {
            TRIPPED.set(true);
        }

        @Override
        public void read(Kryo kryo, Input input) {
            TRIPPED.set(true);
        }
    }

    private static KryoCodec codec(String allow, String maxDepth) {
        return new KryoCodec(KryoSettings.parse(allow, maxDepth));
    }

    private static Object roundTrip(KryoCodec codec, Object value) {
        byte[] bytes = codec.serialize(value);
        return codec.deserialize(bytes, codec.serializedLength());
    }

    @Test
    void everyHostilePayloadFailsWithAnIllegalStateExceptionAndLeavesTheCodecUsable() {
        for (Map.Entry<String, byte[]> payload : HostilePayloads.all().entrySet()) {
            KryoCodec codec = KryoCodec.get();
            byte[] bytes = payload.getValue();

            assertThatThrownBy(() -> codec.deserialize(bytes, bytes.length)).as(payload.getKey())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot deserialize")
                    .hasMessageContaining(payload.getKey().contains("nested") ? "Max depth exceeded: 1000"
                            : "is announced, but only"); // checked before anything is allocated
            assertThat(roundTrip(KryoCodec.get(), List.of("fine"))).as("after " + payload.getKey())
                    .isEqualTo(List.of("fine"));
        }
    }

    @Test
    void honestValuesOfTheCheckedKindsStillRoundTrip() {
        Map<String, Object> map = new HashMap<>();
        map.put("bytes", new byte[] {1, 2});
        map.put("objects", new Object[] {"a", 1, null});
        map.put("strings", new String[] {"é", ""});
        map.put("booleans", new boolean[] {true});
        map.put("list", new ArrayList<>(List.of(1, 2, 3)));
        map.put("asList", Arrays.asList(4, 5));
        map.put("queue", new PriorityQueue<>(List.of(3, 1, 2)));
        map.put("text", "ünïcode ".repeat(100));
        map.put("longs", new long[] {1, Long.MAX_VALUE});

        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) roundTrip(KryoCodec.get(), map);

        assertThat(back.get("bytes")).isEqualTo(new byte[] {1, 2});
        assertThat((Object[]) back.get("objects")).containsExactly("a", 1, null);
        assertThat((String[]) back.get("strings")).containsExactly("é", "");
        assertThat(back.get("list")).isEqualTo(List.of(1, 2, 3));
        assertThat(back.get("asList")).isEqualTo(List.of(4, 5));
        assertThat(new ArrayList<Object>((PriorityQueue<?>) back.get("queue"))).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(back.get("text")).isEqualTo(map.get("text"));
        assertThat(back.get("longs")).isEqualTo(new long[] {1, Long.MAX_VALUE});
    }

    @Test
    void aLengthNoSerializerChecksStillEndsInTheDocumentedException() {
        List<Integer> immutable = List.of(1, 2, 3);
        Kryo kryo = HostilePayloads.plainKryo();
        kryo.addDefaultSerializer(immutable.getClass(), new Serializer<Object>() {
            @Override
            public void write(Kryo k, Output output, Object object) {
                output.writeVarIntFlag(false, Integer.MAX_VALUE, true);
            }

            @Override
            public Object read(Kryo k, Input input, Class<? extends Object> type) {
                throw new UnsupportedOperationException();
            }
        });
        byte[] bytes = HostilePayloads.write(kryo, immutable);

        assertThatThrownBy(() -> KryoCodec.get().deserialize(bytes, bytes.length))
                .isInstanceOf(IllegalStateException.class).hasRootCauseInstanceOf(OutOfMemoryError.class);
    }

    @Test
    void aStackOverflowBeyondARaisedDepthLimitEndsInTheDocumentedException() throws Exception {
        KryoCodec codec = codec(null, "1000000");
        byte[] shallow = HostilePayloads.nestedArrays(50);
        byte[] deep = HostilePayloads.nestedArrays(HostilePayloads.DEEP);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread reader = new Thread(null, () -> {
            codec.deserialize(shallow, shallow.length); // every class on the way initialised beforehand
            try {
                codec.deserialize(deep, deep.length);
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "small-stack-reader", 256 * 1024);
        reader.start();
        reader.join();

        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class)
                .hasRootCauseInstanceOf(StackOverflowError.class);
    }

    @Test
    void theDepthLimitAppliesWhenWritingAndWhenReading() {
        KryoCodec limited = codec(null, "50");
        Object[] nested = new Object[0];
        for (int level = 1; level < 100; level++) {
            nested = new Object[] {nested};
        }
        Object deep = nested;

        assertThatThrownBy(() -> limited.serialize(deep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot serialize a [Ljava.lang.Object;").hasMessageContaining("Max depth");
        byte[] bytes = HostilePayloads.nestedArrays(100);
        assertThatThrownBy(() -> limited.deserialize(bytes, bytes.length)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Max depth exceeded: 50");
        assertThat(KryoCodec.get().deserialize(bytes, bytes.length)).as("within the default limit")
                .isInstanceOf(Object[].class);
    }

    @Test
    void theAllowListRefusesAClassOutsideItWhenWriting() {
        KryoCodec codec = codec("java.util.*", null);

        assertThat(roundTrip(codec, new ArrayList<>(List.of("a", 1)))).isEqualTo(List.of("a", 1));
        assertThatThrownBy(() -> codec.serialize(List.of(new Harmless())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(HARMLESS)
                .hasMessageContaining("is not allowed by multiprocess4j.kryo.allow=java.util.*");
        assertThat(roundTrip(codec(KryoCodecTest.class.getPackageName() + ".*", null), new Harmless()))
                .isInstanceOf(Harmless.class);
    }

    @Test
    void aClassOutsideTheAllowListIsRefusedByNameBeforeItIsLoaded() throws Exception {
        byte[] harmless = codec(null, null).serialize(new Harmless());
        byte[] tripwire = HostilePayloads.renamed(harmless, HARMLESS, TRIPWIRE);
        Set<String> asked = Collections.newSetFromMap(new ConcurrentHashMap<>());
        ClassLoader recording = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                asked.add(name);
                return super.loadClass(name, resolve);
            }
        };

        KryoCodec allowing = withContextLoader(recording, () -> codec("java.util.*;" + HARMLESS, null));
        assertThatThrownBy(() -> allowing.deserialize(tripwire, tripwire.length))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(TRIPWIRE)
                .hasMessageContaining("is not allowed by multiprocess4j.kryo.allow");
        assertThat(allowing.deserialize(harmless, harmless.length)).as("the same bytes, naming an allowed class")
                .isInstanceOf(Harmless.class);

        assertThat(asked).as("classes Kryo asked the loader for").contains(HARMLESS).doesNotContain(TRIPWIRE);
        assertThat(TRIPPED).as("the refused class's initialiser or read hook ran").isFalse();
    }

    @Test
    void malformedSettingsAreRefusedNamingTheProperty() {
        assertThatThrownBy(() -> KryoSettings.parse("java.util.*;com.*.Bad", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiprocess4j.kryo.allow")
                .hasMessageContaining("'com.*.Bad'");
        for (String depth : new String[] {"0", "-1", "deep", "1e3"}) {
            assertThatThrownBy(() -> KryoSettings.parse(null, depth)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("multiprocess4j.kryo.maxDepth").hasMessageContaining("'" + depth + "'");
        }
        assertThat(KryoSettings.parse(" ", " ").allowed).as("blank: any class").isNull();
        assertThat(KryoSettings.parse(null, null).maxDepth).isEqualTo(KryoSettings.DEFAULT_MAX_DEPTH);
    }

    private interface Make<T> {
        T make();
    }

    private static <T> T withContextLoader(ClassLoader loader, Make<T> make) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return make.make();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
