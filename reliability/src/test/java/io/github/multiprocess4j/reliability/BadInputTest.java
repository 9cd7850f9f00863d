package io.github.multiprocess4j.reliability;

import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * The reliability issue's sweep: every public entry point called with null, negative, zero and oversize arguments
 * where its types allow them. Each call must be refused with a clear exception that names the problem, or accepted
 * with a sensible result, and nothing already stored may be lost. {@link BadInputCoverageTest} sees to it that no
 * entry point is left out.
 */
class BadInputTest {

    private final List<BadCallCatalog> catalogs = BadCallCatalogs.all();

    /** Each call has a time limit of its own ({@link BadCall}); this one bounds the listing. */
    @TestFactory
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    Stream<DynamicContainer> everyEntryPointWithBadArguments() {
        return catalogs.stream().map(catalog -> dynamicContainer(catalog.getClass().getSimpleName(),
                catalog.calls().stream().map(BadCall::toTest)));
    }

    @AfterEach
    void closeFixtures() throws Exception {
        BadCallCatalogs.closeAll(catalogs);
    }
}
