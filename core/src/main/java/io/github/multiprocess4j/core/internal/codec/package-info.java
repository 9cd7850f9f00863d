/**
 * The encoding of what crosses between a parent and its child JVMs: tasks, results and failures
 * ({@link io.github.multiprocess4j.core.internal.codec.ValueCodec},
 * {@link io.github.multiprocess4j.core.internal.codec.Failures}), serializable lambdas taken apart and rebuilt,
 * classes defined only in memory sent by value, and the filter every value read from another process passes.
 * Depends on nothing of this library but its public task and exception types. Not exported.
 */
package io.github.multiprocess4j.core.internal.codec;
