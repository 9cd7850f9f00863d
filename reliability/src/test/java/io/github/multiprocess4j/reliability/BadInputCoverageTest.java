package io.github.multiprocess4j.reliability;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Executable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps the bad-input sweep complete: a public method or constructor with parameters that {@link BadInputTest}
 * does not call, and that is not below with the reason it has nothing to check, fails the build. So a new entry
 * point is swept from the day it is added.
 */
class BadInputCoverageTest {

    /** Entry points whose parameters have no bad value to try, each with the reason. */
    private static final Map<String, String> NOTHING_TO_CHECK = Map.ofEntries(
            entry("Timed.equals(Object)", "Object's contract: any argument, null included, is a fair question"),
            entry("Output.valueOf(String)", "the enum method the compiler writes; how it fails is the JDK's"),
            entry("IndexedTask.call(int)", "implemented by the user, called by the library"),
            entry("MapTask.call(Object)", "implemented by the user, called by the library"),
            entry("RemoteTaskException(String, String)", "an exception's constructor: any message is a message"),
            entry("QueueEmptyException(String)", "an exception's constructor: any message is a message"),
            entry("QueueFullException(String)", "an exception's constructor: any message is a message"),
            entry("QueueShutDownException(String)", "an exception's constructor: any message is a message"),
            entry("TooManyTaskDoneCallsException(String)", "an exception's constructor: any message is a message"),
            entry("UntrustedSegmentException(String)", "an exception's constructor: any message is a message"),
            entry("Completed(long, Object)", "a result as the pool hands it on: any index and value are a result"),
            entry("Completed.equals(Object)", "Object's contract: any argument, null included, is a fair question"),
            entry("LaunchOptionsBuilder.failFast(boolean)", "a boolean has no bad value"),
            entry("ProcessPoolBuilder.failFast(boolean)", "a boolean has no bad value"),
            entry("ProcessPool.shutdown(boolean)", "a boolean has no bad value"),
            entry("JoinableQueue.shutdown(boolean)", "a boolean has no bad value"),
            entry("WorkQueue.shutdown(boolean)", "a boolean has no bad value"),
            entry("SharedQueue.shutdown(boolean)", "a boolean has no bad value"),
            entry("SharedLong.create(long)", "any long is a value (sums wrap around, as AtomicLong's)"),
            entry("SharedLong.set(long)", "any long is a value (sums wrap around, as AtomicLong's)"),
            entry("SharedLong.compareAndSet(long, long)", "any long is a value (sums wrap around, as AtomicLong's)"),
            entry("SharedLong.addAndGet(long)", "any long is a value (sums wrap around, as AtomicLong's)"),
            entry("SharedLong.getAndAdd(long)", "any long is a value (sums wrap around, as AtomicLong's)"),
            entry("SharedDouble.create(double)", "any double is a value, NaN and the infinities included"),
            entry("SharedDouble.set(double)", "any double is a value, NaN and the infinities included"),
            entry("SharedDouble.compareAndSet(double, double)", "any double is a value, NaN and the infinities included"),
            entry("SharedDouble.addAndGet(double)", "any double is a value, NaN and the infinities included"));

    @Test
    void everyPublicEntryPointWithParametersIsSwept() throws Exception {
        Set<String> swept = sweptEntryPoints();
        Set<String> missing = PublicApi.entryPoints().entrySet().stream()
                .filter(member -> member.getValue().getParameterCount() > 0)
                .map(Map.Entry::getKey)
                .filter(name -> !swept.contains(name) && !NOTHING_TO_CHECK.containsKey(name)
                        && !sweptInEveryImplementation(name, swept))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(missing).as("public entry points that the bad-input sweep does not call").isEmpty();
    }

    @Test
    void theSweepAndTheListNameOnlyRealEntryPoints() throws Exception {
        Set<String> api = PublicApi.entryPoints().keySet();
        Set<String> unknown = new TreeSet<>(sweptEntryPoints());
        unknown.addAll(NOTHING_TO_CHECK.keySet());
        unknown.removeAll(api);

        assertThat(unknown).as("names in the sweep that are no public entry point (misspelt, or gone)").isEmpty();
        assertThat(api).as("the public API found by reflection").contains("SharedMemory.get(int)",
                "SharedQueue.Builder.capacity(int)", "WorkQueue(int)", "Worker.join(Duration)");
    }

    /**
     * An interface's method, such as {@code JoinableQueue.put(Object, Duration)}, is swept when it is in each public
     * class that implements the interface.
     */
    private static boolean sweptInEveryImplementation(String name, Set<String> swept) {
        Executable member = PublicApi.entryPoints().get(name);
        Class<?> declaring = member.getDeclaringClass();
        if (!declaring.isInterface()) {
            return false;
        }
        List<Class<?>> implementations = PublicApi.types().stream()
                .filter(type -> !type.isInterface() && declaring.isAssignableFrom(type))
                .collect(Collectors.toList());
        String rest = name.substring(PublicApi.typeName(declaring).length());
        return !implementations.isEmpty() && implementations.stream()
                .allMatch(type -> swept.contains(PublicApi.typeName(type) + rest));
    }

    private static Set<String> sweptEntryPoints() throws Exception {
        List<BadCallCatalog> catalogs = BadCallCatalogs.all();
        try {
            return catalogs.stream().flatMap(catalog -> catalog.calls().stream()).map(BadCall::entryPoint)
                    .collect(Collectors.toCollection(TreeSet::new));
        } finally {
            BadCallCatalogs.closeAll(catalogs);
        }
    }
}
