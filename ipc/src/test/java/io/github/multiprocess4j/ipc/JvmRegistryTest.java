package io.github.multiprocess4j.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One state per structure and JVM, shared by its handles, closed with the last of them and only then. */
class JvmRegistryTest {

    private static final class State implements JvmRegistry.Shared {
        int closes;

        @Override
        public void close() {
            closes++;
        }
    }

    private final JvmRegistry<State> registry = new JvmRegistry<>();
    private final AtomicInteger opened = new AtomicInteger();

    private State open(Object key) {
        return registry.open(key, () -> {
            opened.incrementAndGet();
            return new State();
        });
    }

    @Test
    void handlesOfOneKeyShareOneStateClosedWithTheLast() {
        State first = open("a");
        State second = open("a");
        State other = open("b");

        assertThat(second).isSameAs(first);
        assertThat(other).isNotSameAs(first);
        assertThat(opened).hasValue(2);

        registry.release("a", first, () -> { });
        assertThat(first.closes).isZero();
        registry.release("a", first, () -> { });
        assertThat(first.closes).isOne();
        assertThat(open("a")).as("opened afresh").isNotSameAs(first);
    }

    @Test
    void theLastReleaseMayBeRefusedAndChangesNothingThen() {
        State state = open("a");

        assertThatThrownBy(() -> registry.release("a", state, () -> {
            throw new IllegalStateException("held");
        })).hasMessage("held");
        assertThat(state.closes).isZero();
        assertThat(open("a")).isSameAs(state);
    }

    @Test
    void aFailedOpenRegistersNothingAndAStrangerIsRefused() {
        assertThatThrownBy(() -> registry.open("a", () -> {
            throw new IllegalStateException("damaged");
        })).hasMessage("damaged");
        State state = open("a");
        assertThat(opened).hasValue(1);

        assertThatThrownBy(() -> registry.release("a", new State(), () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(state.closes).isZero();
    }
}
