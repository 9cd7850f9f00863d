/**
 * Tasks on threads or child JVMs started with one call ({@link io.github.multiprocess4j.core.Launch}), and
 * timing them ({@link io.github.multiprocess4j.core.Timed}).
 */
package io.github.multiprocess4j.core;
