package io.github.multiprocess4j.core.internal.startup;

import java.nio.file.Path;
import java.util.List;

/**
 * A child run only to train a start-up cache ({@link AotCache}): what it is told in place of an application's task,
 * whose code must not run twice. The channel, which knows what a child reads, supplies it.
 */
public interface TrainingRun {

    /**
     * The child's main arguments.
     *
     * @param answerFile a private file the child may answer in, deleted afterwards
     * @return the arguments
     */
    List<String> mainArguments(Path answerFile);

    /**
     * What to write to the child's standard input, which is then kept open until it exits.
     *
     * @return the bytes
     */
    byte[] input();
}
