package io.github.multiprocess4j.core.internal.startup;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Puts the system property {@code multiprocess4j.cacheDir} back as it was before each test, which may change it. */
final class RestoresCacheDirectory implements BeforeEachCallback, AfterEachCallback {

    private static final String PROPERTY = "multiprocess4j.cacheDir";
    private String configured;

    @Override
    public void beforeEach(ExtensionContext context) {
        configured = System.getProperty(PROPERTY);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (configured == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, configured);
        }
    }
}
