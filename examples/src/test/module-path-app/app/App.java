package app;

import app.data.Point;
import app.data.Tally;
import app.fast.FastPath;
import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.ProcessPool;
import io.github.multiprocess4j.core.Worker;
import io.github.multiprocess4j.shm.SharedMemory;
import io.github.multiprocess4j.shm.SharedObject;
import io.github.multiprocess4j.shm.SharedQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs what a module-path application does with the library, each step printing one line. With the argument
 * {@code quick} it runs the first step, and tells whether its child read its arguments from a file.
 */
public final class App {

    private App() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("squares " + Launch.processes(3, i -> i * i));
        if (args.length > 0 && args[0].equals("quick")) {
            System.out.println("child's arguments from a file: " + Launch.processes(1, () -> ProcessHandle.current()
                    .info().arguments().map(List::of).orElse(List.of()).stream().anyMatch(a -> a.startsWith("@"))));
            printChildren();
            return;
        }
        System.out.println("child modules " + Launch.processes(1,
                () -> App.class.getModule().getName() + " " + Launch.class.getModule().getName()));

        List<String> segments = new ArrayList<>();
        try (ProcessPool pool = ProcessPool.create(1)) {
            System.out.println("pool " + pool.submit(() -> 6 * 7).get());
        }

        try (SharedQueue<String> queue = SharedQueue.create(64 * 1024)) {
            segments.add(queue.name());
            Worker<Integer> consumer = Launch.process(() -> {
                int taken = 0;
                while (!queue.get(Duration.ofMinutes(1)).equals("stop")) {
                    queue.taskDone();
                    taken++;
                }
                queue.taskDone();
                return taken;
            });
            for (int i = 0; i < 5; i++) {
                queue.put("item " + i);
            }
            queue.put("stop");
            queue.join();
            System.out.println("queue consumed " + consumer.result());
        }

        try (SharedMemory memory = SharedMemory.create(64)) {
            segments.add(memory.name());
            Launch.processes(4, i -> {
                memory.put(i, 10 + i);
                return null;
            });
            System.out.println("shared memory " + List.of(memory.get(0), memory.get(1), memory.get(2), memory.get(3)));
        }

        System.out.println("fast path " + FastPath.run());
        System.out.println("records " + Launch.processes(2, i -> new Point(i, 2 * i)));

        try (SharedObject<Tally> tally = SharedObject.create(4096, new Tally())) {
            segments.add(tally.name());
            Launch.processes(2, i -> {
                tally.update(t -> t.add("child " + i));
                return null;
            });
            System.out.println("shared object " + tally.read().toString().replaceAll("child \\d", "child"));
        }

        try (SharedObject<Object> refused = SharedObject.create(4096, (Object) "nothing yet")) {
            segments.add(refused.name());
            refused.write(new Unopened());
            System.out.println("kryo without opens: written");
        } catch (IllegalArgumentException e) {
            System.out.println("kryo without opens: " + e.getMessage());
        }
        System.out.println("segments " + String.join(" ", segments));
        printChildren();
        System.out.println("done");
    }

    /** The JVMs this one started that still run: none should outlive it. */
    private static void printChildren() {
        System.out.println("child JVMs " + ProcessHandle.current().descendants()
                .filter(process -> process.info().command().orElse("").endsWith("java"))
                .map(process -> String.valueOf(process.pid())).collect(Collectors.joining(" ")));
    }

    /** Private state in a package that is not open to Kryo. */
    static final class Unopened {
        private final int hidden = 1;

        @Override
        public String toString() {
            return "Unopened " + hidden;
        }
    }
}
