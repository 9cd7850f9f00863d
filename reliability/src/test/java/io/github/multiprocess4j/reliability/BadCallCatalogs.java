package io.github.multiprocess4j.reliability;

import java.util.List;

/** Every catalog of the sweep. */
final class BadCallCatalogs {

    private BadCallCatalogs() {
    }

    /** A fresh instance of each catalog, none of their fixtures open yet. */
    static List<BadCallCatalog> all() {
        return List.of(new LaunchBadCalls(), new WorkerBadCalls(), new TimedBadCalls(), new ProcessPoolBadCalls(),
                new SharedMemoryBadCalls(), new ProcessLockBadCalls(), new SharedObjectBadCalls(),
                new ShareableListBadCalls(), new OversizeSegmentBadCalls(), new WorkQueueBadCalls(),
                new SharedQueueBadCalls(), new UntrustedFileBadCalls(), new HostilePayloadBadCalls(),
                new SharedNumbersBadCalls(), new SynchronizerBadCalls(), new ConditionBadCalls());
    }

    /** Closes every catalog, even when one fails to, and throws the first failure with the others suppressed. */
    static void closeAll(List<BadCallCatalog> catalogs) throws Exception {
        Exception first = null;
        for (BadCallCatalog catalog : catalogs) {
            try {
                catalog.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
