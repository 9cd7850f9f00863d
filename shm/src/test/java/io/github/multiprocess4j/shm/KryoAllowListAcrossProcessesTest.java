package io.github.multiprocess4j.shm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.LaunchOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The allow-list as users set it, with the system property {@code multiprocess4j.kryo.allow} of a JVM: a child JVM
 * that allows only {@code java.util} classes refuses a value of another class in a {@link SharedObject} by its name,
 * and never initialises that class; without the property, the same child reads it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KryoAllowListAcrossProcessesTest {

    /** Whether {@link SideEffect}'s static initialiser ran in this JVM; in a class of its own, to read it safely. */
    static final class SideEffects {
        static final AtomicBoolean INITIALISED = new AtomicBoolean();

        private SideEffects() {
        }
    }

    /** A value whose class shows when it is initialised. */
    static final class SideEffect {
        static {
            SideEffects.INITIALISED.set(true);
        }

        final String label = "side effect";
    }

    @Test
    void aChildThatAllowsOnlyJavaUtilRefusesTheValueByNameAndNeverInitialisesItsClass() throws Exception {
        try (SharedObject<Object> shared = SharedObject.create(4096, List.of(new SideEffect()))) {
            LaunchOptions allowList = Launch.options().jvmArgs("-Dmultiprocess4j.kryo.allow=java.util.*").build();

            String refused = Launch.with(allowList).process(() -> readInChild(shared)).result();
            String allowed = Launch.process(() -> readInChild(shared)).result();

            assertThat(refused).startsWith("refused: IllegalStateException")
                    .contains("the class " + SideEffect.class.getName() + " is not allowed by"
                            + " multiprocess4j.kryo.allow=java.util.*")
                    .endsWith("; initialised: false");
            assertThat(allowed).as("the same read without the property").isEqualTo("read: 1; initialised: true");
            assertThat(shared.lock().isLocked()).isFalse();
        }
    }

    @Test
    void aMalformedAllowListFailsEveryReadNamingThePropertyRatherThanAllowingEverything() throws Exception {
        try (SharedObject<Object> shared = SharedObject.create(4096, List.of(new SideEffect()))) {
            LaunchOptions typo = Launch.options().jvmArgs("-Dmultiprocess4j.kryo.allow=java.util.*;com.*.Bad").build();

            assertThat(Launch.with(typo).process(() -> readInChild(shared)).result())
                    .startsWith("refused: IllegalStateException the system property multiprocess4j.kryo.allow is"
                            + " malformed: invalid class pattern 'com.*.Bad'")
                    .endsWith("; initialised: false");
        }
    }

    /** Reads the value in a child JVM: what came of it, and whether {@link SideEffect} was initialised there. */
    private static String readInChild(SharedObject<Object> shared) {
        String outcome;
        try {
            outcome = "read: " + ((List<?>) shared.read()).size();
        } catch (IllegalStateException e) {
            outcome = "refused: IllegalStateException " + e.getMessage();
        }
        return outcome + "; initialised: " + SideEffects.INITIALISED.get();
    }
}
