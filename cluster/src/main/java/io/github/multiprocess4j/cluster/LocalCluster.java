package io.github.multiprocess4j.cluster;

import io.github.multiprocess4j.core.Launch;
import io.github.multiprocess4j.core.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A cluster of member JVMs on this machine, for development, tests and the tour: each member is a child JVM with the
 * application's class path, started through {@code Launch.process}, listening on {@code 127.0.0.1} only (no packet
 * leaves the loopback interface). The cluster gets a random 128-bit name, its secret, which reaches the members over
 * their standard input, never their command line.
 *
 * <pre>{@code
 * try (LocalCluster local = LocalCluster.start(2);
 *      Cluster cluster = local.join();
 *      ClusterPool pool = cluster.pool()) {
 *     pool.map(List.of(1, 2, 3), x -> x * x);
 * }
 * }</pre>
 *
 * <p>Members declare a silent member dead after 20 s (a killed one is noticed as soon as its connections close).
 * Hazelcast's log is reduced to errors and warnings, in the members and in this JVM. {@link #close()} kills every
 * member at once and waits for them to be gone; the members also exit if this JVM dies. Thread-safety: every method
 * may be called from any thread.
 */
public final class LocalCluster implements AutoCloseable {

    /** How long members may stay silent before the others declare them dead. */
    static final Duration FAILURE_DETECTION = Duration.ofSeconds(20);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String clusterName;
    private final List<String> addresses;
    private final List<String> allowed;
    private final List<Worker<String>> members = new ArrayList<>();
    private final List<Cluster> joined = new CopyOnWriteArrayList<>();

    private LocalCluster(String clusterName, List<String> addresses, List<String> allowed) {
        this.clusterName = clusterName;
        this.addresses = addresses;
        this.allowed = allowed;
    }

    /**
     * Starts {@code members} member JVMs on this machine and waits until they form one cluster.
     *
     * @param members how many, from 1 to 16
     * @param allowedClassPrefixes class-name prefixes the members accept besides {@code java.},
     *     {@code io.github.multiprocess4j.} and {@code com.hazelcast.} (see
     *     {@link ClusterConfig#withAllowedClasses(String...)})
     * @return the running cluster; close it to end every member
     * @throws IllegalArgumentException if {@code members} is out of range
     * @throws IllegalStateException if the members did not form a cluster within 90 s, or one of them died; then
     *     none is left running
     * @throws InterruptedException if the calling thread is interrupted; then none is left running
     */
    public static LocalCluster start(int members, String... allowedClassPrefixes) throws InterruptedException {
        if (members < 1 || members > 16) {
            throw new IllegalArgumentException("members must be from 1 to 16, got " + members);
        }
        List<String> addresses = new ArrayList<>();
        List<Integer> ports = freePorts(members);
        ports.forEach(port -> addresses.add("127.0.0.1:" + port));
        byte[] secret = new byte[16];
        RANDOM.nextBytes(secret);
        LocalCluster cluster = new LocalCluster("multiprocess4j-" + HexFormat.of().formatHex(secret),
                List.copyOf(addresses), List.of(allowedClassPrefixes));
        Hazelcasts.quietLogging();
        boolean started = false;
        try {
            cluster.startMembers(ports);
            started = true;
            return cluster;
        } finally {
            if (!started) {
                cluster.close();
            }
        }
    }

    private void startMembers(List<Integer> ports) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        // The first member alone, knowing only itself so that it does not wait for the others; then the others one
        // at a time, each joining the cluster before the next starts: on a loaded machine, members joining at once
        // made the master lose track of one.
        members.add(Launch.process(member(ports.get(0), List.of(addresses.get(0)))));
        awaitListening(0, ports.get(0), deadline);
        try (Cluster probe = Cluster.join(clientConfig(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))))) {
            for (int i = 1; i < ports.size(); i++) {
                members.add(Launch.process(member(ports.get(i), addresses)));
                awaitMembers(probe, i + 1, deadline);
            }
        }
    }

    private void awaitMembers(Cluster probe, int count, long deadline) throws InterruptedException {
        while (probe.hazelcast().getCluster().getMembers().size() < count) {
            checkAlive();
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the " + addresses.size() + " local members did not form one cluster"
                        + " within " + START_TIMEOUT.toSeconds() + " s; members now: " + probe.members());
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private MemberProcess member(int port, List<String> known) {
        return new MemberProcess(clusterName, known, port, allowed, FAILURE_DETECTION.toSeconds());
    }

    private void awaitListening(int index, int port, long deadline) throws InterruptedException {
        while (true) {
            checkAlive();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("local member " + index + " did not listen on port " + port
                            + " within " + START_TIMEOUT.toSeconds() + " s");
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
    }

    private void checkAlive() throws InterruptedException {
        for (int i = 0; i < members.size(); i++) {
            Worker<String> member = members.get(i);
            if (!member.isAlive()) {
                try {
                    member.result();
                } catch (RuntimeException e) {
                    throw new IllegalStateException("local member " + i + " (" + addresses.get(i) + ") died while"
                            + " starting: " + e.getMessage(), e);
                }
                throw new IllegalStateException("local member " + i + " (" + addresses.get(i) + ") stopped while"
                        + " starting");
            }
        }
    }

    /**
     * Joins this cluster as a client; the membership is closed with the cluster.
     *
     * @return a client of this cluster
     */
    public Cluster join() {
        Cluster cluster = Cluster.join(clientConfig(Duration.ofSeconds(30)));
        joined.add(cluster);
        return cluster;
    }

    private ClusterConfig clientConfig(Duration connectTimeout) {
        return ClusterConfig.client(clusterName, addresses.toArray(String[]::new))
                .withAllowedClasses(allowed.toArray(String[]::new)).withConnectTimeout(connectTimeout);
    }

    /**
     * How many members were started.
     *
     * @return the count, killed ones included
     */
    public int size() {
        return addresses.size();
    }

    /**
     * The address of member {@code index}.
     *
     * @param index from 0 to {@code size() - 1}
     * @return {@code 127.0.0.1:port}
     */
    public String address(int index) {
        return addresses.get(index);
    }

    /**
     * The process id of member {@code index}.
     *
     * @param index from 0 to {@code size() - 1}
     * @return its pid
     */
    public long pid(int index) {
        return members.get(index).pid();
    }

    /**
     * Whether member {@code index}'s JVM is still running.
     *
     * @param index from 0 to {@code size() - 1}
     * @return {@code true} until it has exited
     */
    public boolean isAlive(int index) {
        return members.get(index).isAlive();
    }

    /**
     * Kills member {@code index} with SIGKILL, as a crash would, and waits until its JVM is gone. The others notice
     * when its connections close, or at the latest after 20 s of silence.
     *
     * @param index from 0 to {@code size() - 1}
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public void kill(int index) throws InterruptedException {
        Worker<String> member = members.get(index);
        member.kill();
        member.join();
    }

    /**
     * Closes every {@link #join() membership}, kills every member JVM and waits until all are gone. The cluster's
     * data is lost. Doing it again does nothing.
     */
    @Override
    public void close() {
        joined.forEach(Cluster::close);
        joined.clear();
        members.forEach(Worker::kill);
        boolean interrupted = false;
        for (Worker<String> member : members) {
            while (true) {
                try {
                    member.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Names the members, never the cluster name (the cluster's secret). */
    @Override
    public String toString() {
        return "LocalCluster" + addresses;
    }

    private static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
            }
            List<Integer> ports = new ArrayList<>();
            sockets.forEach(socket -> ports.add(socket.getLocalPort()));
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback interface", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // nothing was sent on it
                }
            }
        }
    }
}
