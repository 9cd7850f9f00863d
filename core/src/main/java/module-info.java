/**
 * Tasks on threads or in child JVMs started with one call, process pools, and timing them.
 *
 * <p>A child of an application on the module path is started on the same module path, with the same root modules
 * and module options; its main class is this module's {@code ChildMain}, in a package that is not exported (a main
 * class needs no export). A lambda written in a named module is sent the fast way only if its package is open to
 * this module, and by Java serialization (which needs no access) otherwise.
 *
 * <p>Only the API package is exported: the channel to child JVMs, the encoding and the start-up live in packages of
 * their own under {@code io.github.multiprocess4j.core.internal}. The one exception is what every pool shares
 * (waiting on several tasks at once, the imap streams), exported to the cluster module alone for its
 * {@code ClusterPool}.
 */
module io.github.multiprocess4j.core {
    exports io.github.multiprocess4j.core;
    // not an API: ClusterPool waits on its tasks and streams its imap as ProcessPool does
    exports io.github.multiprocess4j.core.internal.pool to io.github.multiprocess4j.cluster;

    requires io.github.multiprocess4j.ipc;
    requires java.management;
}
