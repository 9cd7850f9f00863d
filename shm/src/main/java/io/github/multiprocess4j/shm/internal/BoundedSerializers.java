package io.github.multiprocess4j.shm.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.BooleanArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.ObjectArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.StringArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.ArraysAsListSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.PriorityQueueSerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.BiFunction;

/**
 * Kryo's own serializers for the arrays and collections whose storage they allocate from a length they read
 * ({@code Object[]} and its kinds, {@code String[]}, {@code boolean[]}, {@link ArrayList}, {@link HashMap} and
 * its subclasses, {@link PriorityQueue}, {@link Arrays#asList}), each checking that length against the bytes that
 * remain, as {@link BoundedInput} does for the rest, before it allocates. They read and write exactly what Kryo's do.
 * Other collections grow as their elements are read, and a lying length runs out of bytes first; the few that
 * pre-size and are not here ({@code List.of} and its kind) fail with an {@link OutOfMemoryError} at worst, which
 * {@link KryoCodec} turns into the documented exception.
 *
 * <p>Stateless; the serializers it makes belong to one {@code Kryo}, and are not thread-safe.
 */
final class BoundedSerializers {

    private BoundedSerializers() {
    }

    /** Makes {@code kryo} use these serializers for their types and the types' subclasses. */
    static void install(Kryo kryo) {
        kryo.addDefaultSerializer(Object[].class, factory(ObjectArrays::new));
        kryo.addDefaultSerializer(String[].class, factory((k, type) -> new StringArrays()));
        kryo.addDefaultSerializer(boolean[].class, factory((k, type) -> new BooleanArrays()));
        kryo.addDefaultSerializer(ArrayList.class, factory((k, type) -> new Lists()));
        kryo.addDefaultSerializer(HashMap.class, factory((k, type) -> new Maps()));
        kryo.addDefaultSerializer(PriorityQueue.class, factory((k, type) -> new PriorityQueues()));
        kryo.addDefaultSerializer(Arrays.asList().getClass(), factory((k, type) -> new ArraysAsLists()));
    }

    private static SerializerFactory<Serializer<?>> factory(BiFunction<Kryo, Class<?>, Serializer<?>> make) {
        return new SerializerFactory.BaseSerializerFactory<>() {
            @Override
            @SuppressWarnings("rawtypes")
            public Serializer<?> newSerializer(Kryo kryo, Class type) {
                return make.apply(kryo, type);
            }
        };
    }

    private static final class ObjectArrays extends ObjectArraySerializer {

        ObjectArrays(Kryo kryo, Class<?> type) {
            super(kryo, type);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Object[] read(Kryo kryo, Input input, Class type) {
            BoundedInput.checkNextLength(input, "an object array");
            return super.read(kryo, input, type);
        }
    }

    private static final class StringArrays extends StringArraySerializer {

        @Override
        @SuppressWarnings("rawtypes")
        public String[] read(Kryo kryo, Input input, Class type) {
            BoundedInput.checkNextLength(input, "a string array");
            return super.read(kryo, input, type);
        }
    }

    private static final class BooleanArrays extends BooleanArraySerializer {

        @Override
        @SuppressWarnings("rawtypes")
        public boolean[] read(Kryo kryo, Input input, Class type) {
            BoundedInput.checkNextLength(input, "a boolean array");
            return super.read(kryo, input, type);
        }
    }

    @SuppressWarnings("NonApiType") // Kryo's create() is typed by the concrete class it makes
    private static final class Lists extends CollectionSerializer<ArrayList<Object>> {

        @Override
        protected ArrayList<Object> create(Kryo kryo, Input input, Class<? extends ArrayList<Object>> type,
                int size) {
            BoundedInput.checkCount(input, "a list", size, 1);
            return super.create(kryo, input, type, size);
        }
    }

    private static final class PriorityQueues extends PriorityQueueSerializer {

        @Override
        @SuppressWarnings("rawtypes")
        protected PriorityQueue create(Kryo kryo, Input input, Class<? extends PriorityQueue> type, int size) {
            BoundedInput.checkCount(input, "a priority queue", size, 1);
            return super.create(kryo, input, type, size);
        }
    }

    private static final class ArraysAsLists extends ArraysAsListSerializer {

        @Override
        @SuppressWarnings("rawtypes")
        protected List create(Kryo kryo, Input input, Class type, int size) {
            BoundedInput.checkCount(input, "a list", size, 1);
            return super.create(kryo, input, type, size);
        }
    }

    /** Each entry is a key and a value, of a byte or more each. */
    @SuppressWarnings("NonApiType") // Kryo's create() is typed by the concrete class it makes
    private static final class Maps extends MapSerializer<HashMap<Object, Object>> {

        @Override
        protected HashMap<Object, Object> create(Kryo kryo, Input input,
                Class<? extends HashMap<Object, Object>> type, int size) {
            BoundedInput.checkCount(input, "a map", size, 2);
            return super.create(kryo, input, type, size);
        }
    }
}
