package io.github.multiprocess4j.examples;

import static io.github.multiprocess4j.examples.Notebook.notice;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.LaunchOptions;
import io.github.multiprocess4j.core.Timed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The tour's multiprocessing section: processes for CPU work, and globals that are not shared. */
final class MultiprocessingExample implements Example {

    /** The tour's global list: each process appends to its own copy. */
    static final List<Integer> GLOBAL_LIST = new ArrayList<>();

    @Override
    public String name() {
        return "multiprocessing";
    }

    @Override
    public String title() {
        return "processes: CPU work in child JVMs, and statics that are not shared";
    }

    @Override
    public void run() throws Exception {
        notice("Each process is a new JVM with its own pid.");
        System.out.println("parent pid " + ProcessHandle.current().pid() + ", children "
                + Launch.processes(5, () -> ProcessHandle.current().pid()));

        int cores = Runtime.getRuntime().availableProcessors();
        notice("5 processes of do_calculation: on " + cores + " cores, about 5/" + cores
                + " of the time of 5 in a row, plus each JVM's start-up.");
        Timed.print("do_calculation", Notebook::doCalculation);
        Timed.print("5 processes of do_calculation", () -> Launch.processes(5, () -> Notebook.doCalculation()));

        notice("Statics are not shared: each child appends to its own copy, the parent's list stays empty.");
        List<Integer> sizes = Launch.processes(3, i -> {
            GLOBAL_LIST.add(i);
            return GLOBAL_LIST.size();
        });
        System.out.println("list sizes seen by the children: " + sizes + "; in the parent: " + GLOBAL_LIST);

        notice("Options for the children (JVM arguments, a time limit, output, names) go in one way: Launch.with.");
        LaunchOptions small = Launch.options().jvmArgs("-Xmx64m").timeout(Duration.ofMinutes(1)).name("small")
                .build();
        System.out.println("heap limits of the children, MiB: "
                + Launch.with(small).processes(2, () -> Runtime.getRuntime().maxMemory() >> 20));
    }
}
