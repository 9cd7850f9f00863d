package io.github.multiprocess4j.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a {@link ProcessPoolBuilder} held when it built a pool, copied then: changing the builder afterwards changes
 * no pool. Immutable and thread-safe.
 *
 * @param workers how many workers the pool keeps
 * @param jvmArgs the workers' own JVM arguments
 * @param maxTasksPerWorker how many tasks a worker runs before a fresh one takes its place; 0 for no limit
 * @param idleTimeout how long a worker may idle before it exits; {@code null} for ever
 * @param name the pool's name, or {@code null} for a numbered one
 * @param output what happens to the workers' output
 * @param taskTimeout how long a task may run before its worker is killed, or {@code null} for as long as it takes
 * @param initializer what each worker runs once before its first task, or {@code null}
 * @param failFast whether {@code map} and {@code invokeAll} stop at the first failure
 * @param environment variables set in the workers' environment
 * @param workingDirectory the workers' working directory, or {@code null} for this JVM's
 */
record PoolSettings(int workers, List<String> jvmArgs, int maxTasksPerWorker, Duration idleTimeout, String name,
        Output output, Duration taskTimeout, VoidTask initializer, boolean failFast, Map<String, String> environment,
        Path workingDirectory) {

    PoolSettings {
        jvmArgs = List.copyOf(jvmArgs);
        environment = Map.copyOf(environment);
    }
}
