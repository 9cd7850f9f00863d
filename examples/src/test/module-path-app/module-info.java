/**
 * A small application on the module path, as a user would write one: it requires the library's modules and opens
 * nothing to them. Its lambdas in {@code app} cross to child JVMs all the same; those in {@code app.fast} take the
 * faster way that an {@code opens} to the library allows; the objects it keeps in shared memory are in a package
 * open to Kryo, which builds them by reflection.
 */
module app {
    requires io.github.multiprocess4j.core;
    requires io.github.multiprocess4j.shm;

    opens app.fast to io.github.multiprocess4j.core;
    opens app.data to com.esotericsoftware.kryo;
}
