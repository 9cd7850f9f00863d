package io.github.multiprocess4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.multiprocess4j.core.testing.Eventually;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An application run as Maven's {@code exec:java} runs one: in a class loader of its own, on a thread of a thread
 * group of its own, whose threads the host waits for (and warns about) once {@code main} returns. The library's
 * threads must all be gone by then, or soon after.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ThreadLifetimeTest {

    @Test
    void anAppInAnIsolatedClassLoaderLeavesNoThreadOfTheLibraryBehind() throws Exception {
        ThreadGroup group = new ThreadGroup("isolated-app");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (URLClassLoader isolated = new URLClassLoader(classPath(), ClassLoader.getPlatformClassLoader())) {
            Method main = isolated.loadClass(IsolatedApp.class.getName()).getMethod("main", String[].class);
            Thread app = new Thread(group, () -> {
                try {
                    main.invoke(null, (Object) new String[0]);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    failure.set(e);
                }
            }, "isolated-app-main");
            app.setContextClassLoader(isolated);
            app.start();
            app.join();

            assertThat(failure.get()).as("the app's failure").isNull();
            boolean none = Eventually.within(Duration.ofSeconds(2), () -> threadsOf(group).isEmpty());
            assertThat(none).as("threads left in the app's group: %s", threadsOf(group)).isTrue();
        }
    }

    private static URL[] classPath() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Paths.get(entry).toUri().toURL());
        }
        return urls.toArray(new URL[0]);
    }

    private static List<String> threadsOf(ThreadGroup group) {
        Thread[] threads = new Thread[group.activeCount() + 16];
        int count = group.enumerate(threads);
        return Arrays.stream(threads, 0, count).filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.toList());
    }

    /** The application: a launch, a pool, a timed task, as an app's {@code main} would. */
    public static final class IsolatedApp {
        private IsolatedApp() {
        }

        public static void main(String[] args) throws Exception {
            if (!Launch.processes(2, i -> i * i).equals(List.of(0, 1))) {
                throw new AssertionError("wrong launch results");
            }
            try (ProcessPool pool = ProcessPool.create(1)) {
                if (pool.submit(() -> 42).get() != 42) {
                    throw new AssertionError("wrong pool result");
                }
            }
            Launch.with(Launch.options().timeout(Duration.ofMinutes(1)).build()).processes(1, () -> "timed");
        }
    }
}
