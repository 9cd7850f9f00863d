package io.github.multiprocess4j.queue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;

/** Hand-written lincheck scenarios: which operation each thread calls, with which arguments. */
public final class LincheckScenarios {

    private LincheckScenarios() {
    }

    /** A scenario: {@code initial} runs first on one thread, then each list on a thread of its own, in parallel. */
    @SafeVarargs
    public static ExecutionScenario scenario(List<Actor> initial, List<Actor>... threads) {
        List<List<Actor>> parallel = new ArrayList<>();
        for (List<Actor> thread : threads) {
            parallel.add(thread);
        }
        return new ExecutionScenario(initial, parallel, List.of(), null);
    }

    /** A call of the {@code @Operation} method {@code operation} of the lincheck test class {@code test}. */
    public static Actor call(Class<?> test, String operation, Object... arguments) {
        Method method = Arrays.stream(test.getMethods())
                .filter(candidate -> candidate.getName().equals(operation)).findFirst().orElseThrow();
        return new Actor(method, List.of(arguments));
    }
}
