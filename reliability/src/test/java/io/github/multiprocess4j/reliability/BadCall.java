package io.github.multiprocess4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.DynamicTest;

/**
 * One call of a public entry point with one bad argument, and what must come of it: refused with an exception of
 * the documented type whose message names the problem, or accepted with a result that makes sense. A call on an
 * object that holds data may also name that data's state, which must be the same afterwards, and what must still
 * work after it: bad input loses nothing.
 */
final class BadCall {

    /** Long enough for a call that starts a pool's JVM; a call that hangs fails here instead of hanging the build. */
    private static final Duration LIMIT = Duration.ofSeconds(30);

    /** A call that returns something. */
    @FunctionalInterface
    interface Call {
        Object call() throws Exception;
    }

    /** A call that returns nothing. */
    @FunctionalInterface
    interface VoidCall {
        void run() throws Exception;
    }

    private final String entryPoint;
    private final String argument;
    private final Call call;
    private Class<? extends Throwable> refusal;
    private String[] messageParts = {};
    private Predicate<Object> acceptance;
    private String acceptedAs;
    private Supplier<?> state;
    private String afterwardsWhat;
    private VoidCall afterwards;

    private BadCall(String entryPoint, String argument, Call call) {
        this.entryPoint = entryPoint;
        this.argument = argument;
        this.call = call;
    }

    /**
     * A call of {@code entryPoint}, written as {@link PublicApi} names it ({@code SharedMemory.get(int)}), with a
     * bad {@code argument}, described for the test's name.
     */
    static BadCall of(String entryPoint, String argument, Call call) {
        return new BadCall(entryPoint, argument, call);
    }

    static BadCall of(String entryPoint, String argument, VoidCall call) {
        return new BadCall(entryPoint, argument, () -> {
            call.run();
            return null;
        });
    }

    /** A call with {@code null} for {@code parameter}: refused with a {@link NullPointerException} naming it. */
    static BadCall withNull(String entryPoint, String parameter, VoidCall call) {
        return of(entryPoint, parameter + " null", call).refused(NullPointerException.class, parameter);
    }

    /** The call must throw {@code type} with a message that contains each of {@code parts}. */
    BadCall refused(Class<? extends Throwable> type, String... parts) {
        this.refusal = type;
        this.messageParts = parts;
        return this;
    }

    /** The call must return normally, with a result that passes {@code check}, described as {@code as}. */
    BadCall accepted(String as, Predicate<Object> check) {
        this.acceptedAs = as;
        this.acceptance = check;
        return this;
    }

    /** What the object called holds, which must be equal before and after the call. */
    BadCall keeping(Supplier<?> stored) {
        this.state = stored;
        return this;
    }

    /**
     * What must still work after the call, described as {@code what}: such as that the next element of a queue still
     * comes after a damaged one was refused.
     */
    BadCall afterwards(String what, VoidCall check) {
        this.afterwardsWhat = what;
        this.afterwards = check;
        return this;
    }

    String entryPoint() {
        return entryPoint;
    }

    DynamicTest toTest() {
        if ((refusal == null) == (acceptance == null)) {
            throw new IllegalStateException(this + " says neither or both of refused and accepted");
        }
        return DynamicTest.dynamicTest(toString(), () -> assertTimeoutPreemptively(LIMIT, this::check,
                () -> this + " did not return within " + LIMIT.toSeconds() + " s"));
    }

    private void check() throws Exception {
        Object before = state == null ? null : state.get();
        if (refusal != null) {
            Throwable thrown = catchThrowable(call::call);
            assertThat(thrown).as("what %s threw", this).isInstanceOf(refusal);
            for (String part : messageParts) {
                assertThat(thrown.getMessage()).as("the message of %s", this).contains(part);
            }
        } else {
            assertThat(call.call()).as("the result of %s", this).matches(acceptance, acceptedAs);
        }
        if (state != null) {
            assertThat(state.get()).as("what the object held before %s", this).isEqualTo(before);
        }
        if (afterwards != null) {
            try {
                afterwards.run();
            } catch (AssertionError | Exception e) {
                throw new AssertionError("after " + this + ": " + afterwardsWhat + ": " + e.getMessage(), e);
            }
        }
        Figures.BAD_INPUTS.incrementAndGet();
    }

    @Override
    public String toString() {
        return entryPoint + " with " + argument;
    }
}
