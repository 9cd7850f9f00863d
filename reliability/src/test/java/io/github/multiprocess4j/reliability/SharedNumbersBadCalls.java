package io.github.multiprocess4j.reliability;

import io.github.multiprocess4j.shm.SharedDouble;
import io.github.multiprocess4j.shm.SharedDoubleArray;
import io.github.multiprocess4j.shm.SharedLong;
import io.github.multiprocess4j.shm.SharedLongArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link SharedLong}, {@link SharedDouble}, {@link SharedLongArray} and {@link SharedDoubleArray}: bad names, lengths,
 * indexes, ranges and null functions are refused, and the values stay as they were.
 */
final class SharedNumbersBadCalls implements BadCallCatalog {

    private final Fixture<SharedLong> value = Fixture.closing(() -> SharedLong.create(7));
    private final Fixture<SharedDouble> real = Fixture.closing(() -> SharedDouble.create(0.5));
    private final Fixture<SharedLongArray> longs = Fixture.closing(() -> SharedLongArray.create(new long[] {1, 2, 3}));
    private final Fixture<SharedDoubleArray> doubles = Fixture.closing(() -> SharedDoubleArray.create(new double[] {1.5,
            2.5}));

    @Override
    public List<BadCall> calls() {
        List<BadCall> calls = new ArrayList<>();
        BadNames.creating(calls, "SharedLong.create(String, long)", name -> SharedLong.create(name, 1));
        BadNames.attaching(calls, "SharedLong.attach(String)", SharedLong::attach);
        BadNames.creating(calls, "SharedDouble.create(String, double)", name -> SharedDouble.create(name, 1));
        BadNames.attaching(calls, "SharedDouble.attach(String)", SharedDouble::attach);
        BadNames.creating(calls, "SharedLongArray.create(String, long[])",
                name -> SharedLongArray.create(name, new long[1]));
        BadNames.attaching(calls, "SharedLongArray.attach(String)", SharedLongArray::attach);
        BadNames.creating(calls, "SharedDoubleArray.create(String, double[])",
                name -> SharedDoubleArray.create(name, new double[1]));
        BadNames.attaching(calls, "SharedDoubleArray.attach(String)", SharedDoubleArray::attach);

        calls.add(BadCall.withNull("SharedLong.update(LongUnaryOperator)", "function",
                () -> value.value().update(null)).keeping(() -> value.value().get()));
        calls.add(BadCall.withNull("SharedDouble.update(DoubleUnaryOperator)", "function",
                () -> real.value().update(null)).keeping(() -> real.value().get()));

        lengths(calls, "SharedLongArray", SharedLongArray::create, () -> SharedLongArray.create((long[]) null),
                () -> SharedLongArray.create(new long[0]));
        lengths(calls, "SharedDoubleArray", SharedDoubleArray::create,
                () -> SharedDoubleArray.create((double[]) null), () -> SharedDoubleArray.create(new double[0]));

        for (int index : new int[] {-1, 3, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            String label = "index " + index + " of 3";
            longIndex(calls, "SharedLongArray.get(int)", label, () -> longs.value().get(index));
            longIndex(calls, "SharedLongArray.set(int, long)", label, () -> longs.value().set(index, 9));
            longIndex(calls, "SharedLongArray.compareAndSet(int, long, long)", label,
                    () -> longs.value().compareAndSet(index, 1, 9));
            longIndex(calls, "SharedLongArray.addAndGet(int, long)", label, () -> longs.value().addAndGet(index, 9));
            longIndex(calls, "SharedLongArray.getAndAdd(int, long)", label, () -> longs.value().getAndAdd(index, 9));
            longIndex(calls, "SharedLongArray.update(int, LongUnaryOperator)", label,
                    () -> longs.value().update(index, v -> v + 1));
        }
        for (int index : new int[] {-1, 2, Integer.MAX_VALUE}) {
            String label = "index " + index + " of 2";
            doubleIndex(calls, "SharedDoubleArray.get(int)", label, () -> doubles.value().get(index));
            doubleIndex(calls, "SharedDoubleArray.set(int, double)", label, () -> doubles.value().set(index, 9));
            doubleIndex(calls, "SharedDoubleArray.compareAndSet(int, double, double)", label,
                    () -> doubles.value().compareAndSet(index, 1.5, 9));
            doubleIndex(calls, "SharedDoubleArray.addAndGet(int, double)", label,
                    () -> doubles.value().addAndGet(index, 9));
            doubleIndex(calls, "SharedDoubleArray.update(int, DoubleUnaryOperator)", label,
                    () -> doubles.value().update(index, v -> v + 1));
        }
        calls.add(BadCall.withNull("SharedLongArray.update(int, LongUnaryOperator)", "function",
                () -> longs.value().update(0, null)).keeping(this::longsNow));
        calls.add(BadCall.withNull("SharedDoubleArray.update(int, DoubleUnaryOperator)", "function",
                () -> doubles.value().update(0, null)).keeping(this::doublesNow));

        calls.add(BadCall.withNull("SharedLongArray.copyTo(int, long[], int, int)", "dst",
                () -> longs.value().copyTo(0, null, 0, 1)).keeping(this::longsNow));
        calls.add(BadCall.withNull("SharedLongArray.copyFrom(long[], int, int, int)", "src",
                () -> longs.value().copyFrom(null, 0, 0, 1)).keeping(this::longsNow));
        calls.add(BadCall.withNull("SharedDoubleArray.copyTo(int, double[], int, int)", "dst",
                () -> doubles.value().copyTo(0, null, 0, 1)).keeping(this::doublesNow));
        calls.add(BadCall.withNull("SharedDoubleArray.copyFrom(double[], int, int, int)", "src",
                () -> doubles.value().copyFrom(null, 0, 0, 1)).keeping(this::doublesNow));
        int[][] ranges = {{2, 0, 2}, {0, 2, 2}, {-1, 0, 1}, {0, -1, 1}, {0, 0, -1}, {0, 0, Integer.MAX_VALUE}};
        for (int[] r : ranges) {
            String label = "from " + r[0] + ", array from " + r[1] + ", count " + r[2];
            longIndex(calls, "SharedLongArray.copyTo(int, long[], int, int)", label,
                    () -> longs.value().copyTo(r[0], new long[3], r[1], r[2]));
            longIndex(calls, "SharedLongArray.copyFrom(long[], int, int, int)", label,
                    () -> longs.value().copyFrom(new long[3], r[1], r[0], r[2]));
            doubleIndex(calls, "SharedDoubleArray.copyTo(int, double[], int, int)", label,
                    () -> doubles.value().copyTo(r[0], new double[2], r[1], r[2]));
            doubleIndex(calls, "SharedDoubleArray.copyFrom(double[], int, int, int)", label,
                    () -> doubles.value().copyFrom(new double[2], r[1], r[0], r[2]));
        }
        return calls;
    }

    /** Creating with a length. */
    @FunctionalInterface
    private interface Create {
        AutoCloseable create(int length);
    }

    /** An array's bad lengths and initial arrays: refused before any file is made. */
    private static void lengths(List<BadCall> calls, String type, Create create, BadCall.VoidCall nullArray,
            BadCall.VoidCall emptyArray) {
        for (int length : new int[] {0, -1, (1 << 28) + 1, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            calls.add(BadCall.of(type + ".create(int)", "length " + length, () -> create.create(length).close())
                    .refused(IllegalArgumentException.class, type + " has 1 to 268435456 elements, got " + length));
        }
        calls.add(BadCall.withNull(type + ".create(" + (type.contains("Long") ? "long" : "double") + "[])", "initial",
                nullArray));
        calls.add(BadCall.of(type + ".create(" + (type.contains("Long") ? "long" : "double") + "[])", "no elements",
                emptyArray).refused(IllegalArgumentException.class, "got 0"));
    }

    private void longIndex(List<BadCall> calls, String entryPoint, String label, BadCall.VoidCall call) {
        calls.add(BadCall.of(entryPoint, label, call).refused(IndexOutOfBoundsException.class, "out of bounds")
                .keeping(this::longsNow));
    }

    private void doubleIndex(List<BadCall> calls, String entryPoint, String label, BadCall.VoidCall call) {
        calls.add(BadCall.of(entryPoint, label, call).refused(IndexOutOfBoundsException.class, "out of bounds")
                .keeping(this::doublesNow));
    }

    private List<Long> longsNow() {
        return Arrays.stream(longs.value().toArray()).boxed().toList();
    }

    private List<Double> doublesNow() {
        return Arrays.stream(doubles.value().toArray()).boxed().toList();
    }

    @Override
    public void close() throws Exception {
        for (Fixture<?> fixture : List.of(value, real, longs, doubles)) {
            fixture.close();
        }
    }
}
