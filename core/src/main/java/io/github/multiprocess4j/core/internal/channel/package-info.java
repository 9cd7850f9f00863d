/**
 * The channel between a parent and its child JVMs: the child's main class, the parent's view of one child
 * ({@link io.github.multiprocess4j.core.internal.channel.ChildProcess}: tasks over its standard input, answers over
 * the result server's socket from a pool's worker or in a private file from a child that runs one task, output
 * forwarded line by line), the framing and payloads both ends share, and the
 * daemon threads of this I/O. Starts children through the start-up package and encodes through the codec; not
 * exported.
 */
package io.github.multiprocess4j.core.internal.channel;
