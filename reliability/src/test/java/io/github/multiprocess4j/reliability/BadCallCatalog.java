package io.github.multiprocess4j.reliability;

import java.util.List;

/** The bad calls of some entry points, with the fixtures they use. */
interface BadCallCatalog extends AutoCloseable {

    /**
     * The calls. Listing them opens nothing: their fixtures open when a call first uses them.
     *
     * @return the calls, each with what must come of it
     */
    List<BadCall> calls();

    /** Closes the fixtures the calls opened. */
    @Override
    void close() throws Exception;
}
