/**
 * What the library's pools share whatever their workers are: waiting on several of their tasks' futures at once,
 * for {@code invokeAll}, {@code invokeAny}, a fail-fast {@code map} and a launch
 * ({@link io.github.multiprocess4j.core.internal.pool.TaskFutures}), and the lazy, windowed streams of
 * {@code imap} and {@code imapUnordered} ({@link io.github.multiprocess4j.core.internal.pool.MapStream}). Exported
 * to the cluster module only, whose {@code ClusterPool} implements the same {@code TaskPool} as core's
 * {@code ProcessPool}; not an API.
 */
package io.github.multiprocess4j.core.internal.pool;
