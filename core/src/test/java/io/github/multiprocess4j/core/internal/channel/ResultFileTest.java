package io.github.multiprocess4j.core.internal.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.multiprocess4j.core.internal.codec.ValueCodec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The answer file of a child that runs one task: private, and read only when whole and carrying the token. */
class ResultFileTest {

    private static final byte[] TOKEN = ResultServer.newToken();

    @Test
    void aWholeAnswerWithTheTokenIsReadAndTheFileDeleted() throws Exception {
        ResultFile file = ResultFile.next();
        Path path = Paths.get(file.path());
        Files.write(path, frames(TOKEN, Frames.RESULT, Messages.result(0, ValueCodec.encode("value"))));

        Answer answer = file.readAndDelete(TOKEN);

        assertThat(answer.isFailure()).isFalse();
        assertThat(answer.value(null)).isEqualTo("value");
        assertThat(path).doesNotExist();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path.getParent())))
                .as("the directory of answer files").isEqualTo("rwx------");
    }

    @Test
    void noFileIsNoAnswer() throws Exception {
        assertThat(ResultFile.next().readAndDelete(TOKEN)).isNull();
    }

    @Test
    void anotherTokenATruncatedAnswerOrASecondOneAreRefused() throws Exception {
        byte[] whole = frames(TOKEN, Frames.RESULT, Messages.result(0, ValueCodec.encode("value")));
        byte[] otherToken = frames(ResultServer.newToken(), Frames.RESULT, Messages.result(0, ValueCodec.encode("x")));
        byte[] twice = new byte[whole.length * 2 - (1 + Integer.BYTES + TOKEN.length)];
        System.arraycopy(whole, 0, twice, 0, whole.length);
        System.arraycopy(whole, 1 + Integer.BYTES + TOKEN.length, twice, whole.length,
                whole.length - 1 - Integer.BYTES - TOKEN.length);

        for (byte[] bytes : new byte[][] {otherToken, Arrays.copyOf(whole, whole.length - 1), twice,
                Arrays.copyOf(whole, 1 + Integer.BYTES + TOKEN.length)}) {
            assertThatThrownBy(() -> ResultFile.parse(bytes, TOKEN)).isInstanceOf(IOException.class);
        }
        assertThatThrownBy(() -> ResultFile.parse(otherToken, TOKEN)).isInstanceOf(StreamCorruptedException.class)
                .hasMessageContaining("token");
    }

    private static byte[] frames(byte[] token, byte type, byte[] payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        Frames.write(out, Frames.HELLO, token);
        Frames.write(out, type, payload);
        return bytes.toByteArray();
    }
}
