package io.github.multiprocess4j.ipc;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The header every layout of the library starts with: what attaching checks before it trusts anything else. */
class SegmentHeaderTest {

    private static final int MAGIC = 0x54534554;

    @TempDir
    Path temp;

    private MappedSegment segment;

    @BeforeEach
    void map() throws Exception {
        try (FileChannel channel = TrustedFiles.createNew(temp.resolve("hdr"))) {
            segment = MappedSegment.map(channel, 32, "hdr");
        }
    }

    @Test
    void aPublishedHeaderOfTheRightVersionPasses() {
        SegmentHeader.writeVersion(segment, 3);
        SegmentHeader.publish(segment, MAGIC);

        assertThatCode(() -> SegmentHeader.check(segment, "Test", 32, MAGIC, 3)).doesNotThrowAnyException();
    }

    @Test
    void eachWrongFieldIsNamed() {
        assertThatThrownBy(() -> SegmentHeader.check(segment, "Test", 33, MAGIC, 3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("shared memory 'hdr' is not a Test: it has only 32 bytes");
        assertThatThrownBy(() -> SegmentHeader.check(segment, "Test", 32, MAGIC, 3))
                .as("a magic number still 0 after the creator's grace period")
                .hasMessageContaining("its magic number is 0x00000000, not 0x54534554");
        SegmentHeader.publish(segment, MAGIC);
        SegmentHeader.writeVersion(segment, 9);
        assertThatThrownBy(() -> SegmentHeader.check(segment, "Test", 32, MAGIC, 3))
                .hasMessageContaining("its layout version is 9, this library reads 3");
    }
}
