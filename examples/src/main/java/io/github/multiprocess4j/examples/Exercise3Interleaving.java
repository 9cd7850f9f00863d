package io.github.multiprocess4j.examples;

import static io.github.multiprocess4j.examples.Notebook.notice;

import io.github.multiprocess4j.core.Launch;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Exercise 3: ten processes each write five UUIDs to one file, one write per UUID and a pause between them, then
 * a newline. Nothing orders the writes, so lines from different processes interleave.
 */
final class Exercise3Interleaving implements Example {

    static final int PROCESSES = 10;
    static final int UUIDS_PER_LINE = 5;

    @Override
    public String name() {
        return "exercise3";
    }

    @Override
    public String title() {
        return "exercise 3: ten processes write lines of UUIDs to one file, unguarded";
    }

    @Override
    public void run() throws Exception {
        Path file = Files.createTempFile("exercise3-", ".txt");
        try {
            notice("Each process appends '<uuid>,' five times, pausing between writes, then a newline.");
            String path = file.toString();
            Launch.processes(PROCESSES, () -> writeLine(path));
            List<String> lines = Files.readAllLines(file);
            lines.forEach(System.out::println);
            notice("Lines holding exactly " + UUIDS_PER_LINE + " UUIDs: " + cleanLines(lines) + " of " + lines.size()
                    + ". The others are where writes from different processes interleaved.");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Appends one line of UUIDs, one write each; shared by exercises 3 and 4. */
    static void writeLine(String path) throws IOException, InterruptedException {
        try (FileOutputStream out = new FileOutputStream(path, true)) {
            for (int i = 0; i < UUIDS_PER_LINE; i++) {
                out.write((UUID.randomUUID() + ",").getBytes(StandardCharsets.UTF_8));
                Thread.sleep(5);
            }
            out.write('\n');
        }
    }

    /** How many lines hold exactly five UUIDs. */
    static long cleanLines(List<String> lines) {
        return lines.stream().filter(line -> line.matches("([0-9a-f-]{36},){" + UUIDS_PER_LINE + "}")).count();
    }
}
