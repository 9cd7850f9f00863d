/**
 * Tasks on threads or in child JVMs started with one call, process pools, and timing them.
 *
 * <p>A child of an application on the module path is started on the same module path, with the same root modules
 * and module options; this module's {@code ChildMain} is its main class. A lambda written in a named module is sent
 * the fast way only if its package is open to this module, and by Java serialization (which needs no access)
 * otherwise.
 */
module io.github.multiprocess4j.core {
    exports io.github.multiprocess4j.core;

    requires java.management;
}
