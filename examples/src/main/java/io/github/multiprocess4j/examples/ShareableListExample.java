package io.github.multiprocess4j.examples;

import static io.github.multiprocess4j.examples.Notebook.notice;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.shm.ShareableList;

/** The tour's ShareableList section: a list in shared memory, laid out exactly as Python lays it out. */
final class ShareableListExample implements Example {

    @Override
    public String name() {
        return "shareable-list";
    }

    @Override
    public String title() {
        return "ShareableList: a fixed-length list in shared memory that Python opens too";
    }

    @Override
    public void run() throws Exception {
        try (ShareableList list = ShareableList.create("spam", 3.14159, 123456, 0)) {
            notice("Created in Java; printed as Python prints it. Python opens it with ShareableList(name=...).");
            System.out.println(list);

            notice("To open it from Python 3.8 or later, so that Python's resource tracker does not unlink it when"
                    + " Python exits:");
            System.out.println("from multiprocessing import resource_tracker");
            System.out.println("from multiprocessing.shared_memory import ShareableList");
            System.out.println("shared = ShareableList(name='" + list.name() + "')");
            System.out.println("resource_tracker.unregister(shared.shm._name, \"shared_memory\")");

            notice("A child process changes two items; the parent sees the changes.");
            Launch.processes(1, () -> {
                list.set(0, "eggs");
                list.set(3, 42);
                return null;
            });
            System.out.println(list);
            System.out.println("list.get(3) = " + list.get(3) + ", size " + list.size() + ", indexOf(\"eggs\") = "
                    + list.indexOf("eggs"));

            notice("As in Python, a string cannot outgrow the slot it was created with.");
            try {
                list.set(0, "a string far longer than spam");
            } catch (IllegalArgumentException e) {
                System.out.println("refused: " + e.getMessage());
            }
        }
    }
}
