package io.github.multiprocess4j.core.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.multiprocess4j.core.IndexedTask;
import io.github.multiprocess4j.core.Task;
import io.github.multiprocess4j.core.VoidTask;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A child's only task, decoded as a direct call of its lambda's implementation, does what the lambda does. */
class DirectCallTest implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final String field = "field";

    @Test
    void lambdasOfEveryTaskShapeAreCalledDirectlyWithWhatTheyCaptured() throws Throwable {
        int number = 20;
        String text = "captured";
        List<Integer> list = List.of(1, 2);

        assertThat(run((Task<Integer>) () -> number + 1, 0)).isEqualTo(21);
        assertThat(run((Task<String>) () -> text + list, 0)).isEqualTo("captured[1, 2]");
        assertThat(run((IndexedTask<String>) index -> text + index, 7)).isEqualTo("captured7");
        int before = RUNS.get();
        assertThat(run((VoidTask) () -> RUNS.addAndGet(number), 0)).isNull();
        assertThat(RUNS.get()).isEqualTo(before + number);
        assertThat(run((Task<String>) () -> field + number, 0)).as("a lambda that captures this").isEqualTo("field20");
    }

    @Test
    void methodAndConstructorReferencesOfTheCapturingClassAreCalledDirectly() throws Throwable {
        assertThat(run((IndexedTask<Long>) DirectCallTest::twice, 21)).isEqualTo(42L);
        assertThat(run((Task<String>) this::describe, 0)).isEqualTo("field!");
        assertThat(run((Task<DirectCallTest>) DirectCallTest::new, 0)).isInstanceOf(DirectCallTest.class);
    }

    @Test
    void aReferenceToAnotherClassIsRebuiltAsTheLambdaItWas() throws Exception {
        Object decoded = decode((IndexedTask<String>) Integer::toString);

        assertThat(decoded).isNotInstanceOf(DirectCall.class).isInstanceOf(IndexedTask.class);
        assertThat(((IndexedTask<?>) decoded).call(5)).isEqualTo("5");
    }

    @Test
    void whatTheTaskThrowsIsThrownAsItIs() throws Exception {
        DirectCall call = (DirectCall) decode((Task<String>) () -> {
            throw new IOException("from the task");
        });

        assertThatThrownBy(() -> call.call(0)).isExactlyInstanceOf(IOException.class).hasMessage("from the task");
    }

    private static long twice(long value) {
        return value * 2;
    }

    private String describe() {
        return field + "!";
    }

    private static Object run(Serializable task, int index) throws Throwable {
        Object decoded = decode(task);
        assertThat(decoded).as("decoded as a direct call").isInstanceOf(DirectCall.class);
        return ((DirectCall) decoded).call(index);
    }

    private static Object decode(Serializable task) throws IOException, ClassNotFoundException {
        byte[] bytes = ValueCodec.encodeTask(task);
        Object plain = ValueCodec.decode(bytes, 0, null);
        assertThat(plain).isNotInstanceOf(DirectCall.class);
        return ValueCodec.decodeTask(bytes, 0, null);
    }
}
