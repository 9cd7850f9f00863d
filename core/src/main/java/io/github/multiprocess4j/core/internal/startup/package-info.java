/**
 * How a child JVM starts: its command line (the parent's {@code java}, class path or module path, inherited
 * arguments), the start-up archive, Spring Boot jars unpacked for children, the trust checks on what is reused from
 * the cache directory, and whether a child could load a task at all, decided before any starts
 * ({@link io.github.multiprocess4j.core.internal.startup.ChildJvm},
 * {@link io.github.multiprocess4j.core.internal.startup.Reachability}). Uses the codec; not exported.
 */
package io.github.multiprocess4j.core.internal.startup;
