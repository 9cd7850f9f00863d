package io.github.multiprocess4j.shm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The allow-list's patterns, in the spirit of the JDK's serial filter. */
class ClassNamePatternsTest {

    @Test
    void eachKindOfPatternMatchesWhatItSays() {
        ClassNamePatterns patterns = ClassNamePatterns.parse(
                "com.example.Point; com.example.api.*; com.example.model.**; org.acme.Tool*");

        assertThat(patterns.allows("com.example.Point")).isTrue();
        assertThat(patterns.allows("com.example.Points")).as("exact only").isFalse();
        assertThat(patterns.allows("com.example.api.Request")).isTrue();
        assertThat(patterns.allows("com.example.api.Request$Body")).as("nested classes are in the package").isTrue();
        assertThat(patterns.allows("com.example.api.v2.Request")).as("not a subpackage").isFalse();
        assertThat(patterns.allows("com.example.model.Order")).isTrue();
        assertThat(patterns.allows("com.example.model.deep.Line")).isTrue();
        assertThat(patterns.allows("com.example.modelling.Line")).as("a package, not a prefix").isFalse();
        assertThat(patterns.allows("org.acme.ToolBox")).isTrue();
        assertThat(patterns.allows("java.lang.Runtime")).as("nothing matches: refused").isFalse();
        assertThat(patterns).hasToString("com.example.Point; com.example.api.*; com.example.model.**; org.acme.Tool*");
    }

    @Test
    void theFirstMatchDecidesAndStarMatchesEverything() {
        ClassNamePatterns denyList = ClassNamePatterns.parse("!com.evil.**;*");

        assertThat(denyList.allows("com.evil.Gadget")).isFalse();
        assertThat(denyList.allows("com.evil.sub.Gadget")).isFalse();
        assertThat(denyList.allows("com.example.Point")).isTrue();
        assertThat(ClassNamePatterns.parse("com.example.*;!com.example.Secret").allows("com.example.Secret"))
                .as("allowed by the first").isTrue();
    }

    @Test
    void arraysAreDecidedByTheirElementClassAndPrimitiveArraysAlwaysGo() {
        ClassNamePatterns patterns = ClassNamePatterns.parse("com.example.*");

        assertThat(patterns.allows("[Lcom.example.Point;")).isTrue();
        assertThat(patterns.allows("[[Lcom.example.Point;")).isTrue();
        assertThat(patterns.allows("[Ljava.lang.Object;")).isFalse();
        assertThat(patterns.allows("[I")).isTrue();
        assertThat(patterns.allows("[[B")).isTrue();
    }

    @Test
    void malformedPatternsAreRefusedNamingThem() {
        for (String bad : new String[] {"com.*.Point", "java.base/java.lang.*", "maxdepth=5", "!", ".*", "a b"}) {
            assertThatThrownBy(() -> ClassNamePatterns.parse("com.example.*;" + bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'");
        }
    }
}
