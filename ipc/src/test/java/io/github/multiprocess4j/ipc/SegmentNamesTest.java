package io.github.multiprocess4j.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What a name may be, counting what a structure adds to it for its other files. */
class SegmentNamesTest {

    @Test
    void randomNamesAreLikePythons() {
        assertThat(SegmentNames.random("psm_")).matches("psm_[0-9a-f]{8}");
    }

    @Test
    void theLimitCountsUtf8BytesAndTheLongestSuffix() {
        assertThat(SegmentNames.check("x".repeat(193), "lock", ".owners")).hasSize(193);
        assertThatThrownBy(() -> SegmentNames.check("x".repeat(194), "lock", ".owners"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid lock name").hasMessageContaining("takes 194 bytes in UTF-8, at most 193")
                .hasMessageContaining("(its files add '.owners' to it)");
        assertThatThrownBy(() -> SegmentNames.check("é".repeat(101), "shared memory", ""))
                .hasMessageContaining("takes 202 bytes");
    }

    @Test
    void pathsAndNothingAreRefused() {
        for (String bad : new String[] {"", ".", "..", "a/b", "a\\b", "a\0b"}) {
            assertThatThrownBy(() -> SegmentNames.check(bad, "shared memory", ""))
                    .as("'%s'", bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid shared memory name");
        }
        assertThatThrownBy(() -> SegmentNames.check(null, "shared memory", "")).isInstanceOf(NullPointerException.class);
    }
}
