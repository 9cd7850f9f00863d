package io.github.multiprocess4j.core.internal.channel;

import io.github.multiprocess4j.core.Task;
import io.github.multiprocess4j.core.internal.codec.ValueCodec;
import io.github.multiprocess4j.core.internal.startup.TrainingRun;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The task a child trains a start-up cache with: a lambda of this library, sent and answered as an application's
 * task is (token, task, a lambda called directly, a result written to a file), so that what such a child loads and
 * links is what the cache holds. Immutable and thread-safe.
 */
final class TrainingTask implements TrainingRun {

    static final TrainingTask INSTANCE = new TrainingTask();

    private static final Task<String> TASK = () -> "trained";

    private TrainingTask() {
    }

    @Override
    public List<String> mainArguments(Path answerFile) {
        return List.of(answerFile.toString(), ChildMain.ONCE);
    }

    @Override
    public byte[] input() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
            DataOutputStream out = new DataOutputStream(bytes);
            Frames.write(out, Frames.HELLO, ResultServer.newToken());
            Frames.write(out, Frames.TASK, Messages.task(0, 0, ValueCodec.encodeTask(TASK)));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to memory", e);
        }
    }
}
