package io.github.multiprocess4j.cluster;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How to reach a cluster: its name, the addresses of its members, and whether this JVM joins as a member (holding
 * data and running tasks) or as a client (only using them). Immutable; each {@code with...} method returns a copy.
 *
 * <pre>{@code
 * Cluster cluster = Cluster.join(ClusterConfig.client(secretName, "10.0.0.5:5701", "10.0.0.6:5701"));
 * }</pre>
 *
 * <p>Whatever the settings, discovery is by TCP/IP to the listed addresses only (multicast and every other
 * discovery off) and Hazelcast's phone-home is off. The cluster name is the only thing that keeps a stranger who can
 * reach the members' port out of the cluster (the community edition has no authentication and no TLS): make it long
 * and random, keep it out of command lines, file names and logs, and keep the port reachable only by machines you
 * trust (see the project's SECURITY.md).
 */
public final class ClusterConfig {

    /** Hazelcast's default member port. */
    public static final int DEFAULT_PORT = 5701;

    private final boolean member;
    private final String clusterName;
    private final List<String> addresses;
    private final String bindAddress;
    private final int port;
    private final List<String> allowedClassPrefixes;
    private final Duration connectTimeout;
    private final Duration failureDetection;

    private ClusterConfig(boolean member, String clusterName, List<String> addresses, String bindAddress, int port,
            List<String> allowedClassPrefixes, Duration connectTimeout, Duration failureDetection) {
        this.member = member;
        this.clusterName = clusterName;
        this.addresses = List.copyOf(addresses);
        this.bindAddress = bindAddress;
        this.port = port;
        this.allowedClassPrefixes = List.copyOf(allowedClassPrefixes);
        this.connectTimeout = connectTimeout;
        this.failureDetection = failureDetection;
    }

    /**
     * Joins as a client: this JVM uses the cluster's pools, queues, locks and objects but holds no data and runs no
     * tasks. A lock it holds is released when it disconnects (after Hazelcast's client clean-up delay).
     *
     * @param clusterName the cluster's name, its shared secret
     * @param memberAddresses {@code host:port} of one or more members
     * @return the configuration
     * @throws IllegalArgumentException if the name is blank, no address is given, or one is not {@code host:port}
     */
    public static ClusterConfig client(String clusterName, String... memberAddresses) {
        return new ClusterConfig(false, checkName(clusterName), checkAddresses(memberAddresses), null, DEFAULT_PORT,
                List.of(), Duration.ofSeconds(30), null);
    }

    /**
     * Joins as a member: this JVM holds a share of the data and runs tasks. It listens on
     * {@link #withInterface(String) one interface} and {@link #withPort(int) one port}.
     *
     * @param clusterName the cluster's name, its shared secret
     * @param memberAddresses {@code host:port} of the members to join, this one's own among them or not
     * @return the configuration
     * @throws IllegalArgumentException if the name is blank, no address is given, or one is not {@code host:port}
     */
    public static ClusterConfig member(String clusterName, String... memberAddresses) {
        return new ClusterConfig(true, checkName(clusterName), checkAddresses(memberAddresses), "127.0.0.1",
                DEFAULT_PORT, List.of(), Duration.ofSeconds(30), null);
    }

    /**
     * The interface a member listens on, and only that one: {@code 127.0.0.1} (the default) keeps the cluster on
     * this machine.
     *
     * @param address an IP address of this machine
     * @return a copy with that interface
     * @throws IllegalStateException if this configuration is a client's
     */
    public ClusterConfig withInterface(String address) {
        requireMember("an interface");
        return new ClusterConfig(member, clusterName, addresses, requireNonNull(address, "address"), port,
                allowedClassPrefixes, connectTimeout, failureDetection);
    }

    /**
     * The port a member listens on (default {@value #DEFAULT_PORT}); it does not move to another if taken.
     *
     * @param port from 1 to 65535
     * @return a copy with that port
     * @throws IllegalArgumentException if the port is out of range
     * @throws IllegalStateException if this configuration is a client's
     */
    public ClusterConfig withPort(int port) {
        requireMember("a port");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be from 1 to 65535, got " + port);
        }
        return new ClusterConfig(member, clusterName, addresses, bindAddress, port, allowedClassPrefixes,
                connectTimeout, failureDetection);
    }

    /**
     * Class-name prefixes, such as {@code com.example.}, whose classes may travel as tasks, results, queue elements
     * and shared values, in addition to {@code java.}, {@code io.github.multiprocess4j.} and {@code com.hazelcast.}.
     * Every member and client must allow the same; a class no prefix covers is refused when read, before it is
     * loaded.
     *
     * @param prefixes the prefixes to add
     * @return a copy that allows them too
     */
    public ClusterConfig withAllowedClasses(String... prefixes) {
        List<String> all = new ArrayList<>(allowedClassPrefixes);
        for (String prefix : prefixes) {
            if (requireNonNull(prefix, "prefix").isBlank()) {
                throw new IllegalArgumentException("a class-name prefix must not be blank");
            }
            all.add(prefix);
        }
        return new ClusterConfig(member, clusterName, addresses, bindAddress, port, all, connectTimeout,
                failureDetection);
    }

    /**
     * How long {@link Cluster#join(ClusterConfig)} tries to reach the cluster before it fails (default 30 s).
     *
     * @param timeout positive
     * @return a copy with that limit
     */
    public ClusterConfig withConnectTimeout(Duration timeout) {
        return new ClusterConfig(member, clusterName, addresses, bindAddress, port, allowedClassPrefixes,
                checkPositive(timeout), failureDetection);
    }

    /**
     * How long a member may stay silent before the others declare it dead, releasing its locks and retrying its
     * tasks elsewhere (Hazelcast's default, 60 s, when not set). A member whose process dies is usually noticed
     * sooner, when its connections close. Shorter means faster failover and more false alarms on a busy network.
     *
     * @param timeout at least one second
     * @return a copy with that limit
     */
    public ClusterConfig withFailureDetection(Duration timeout) {
        if (checkPositive(timeout).compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("failure detection must be at least 1 s, got " + timeout);
        }
        return new ClusterConfig(member, clusterName, addresses, bindAddress, port, allowedClassPrefixes,
                connectTimeout, timeout);
    }

    /**
     * Whether this JVM joins as a member.
     *
     * @return {@code true} for a member, {@code false} for a client
     */
    public boolean isMember() {
        return member;
    }

    /**
     * The members' addresses this configuration names.
     *
     * @return {@code host:port} strings
     */
    public List<String> addresses() {
        return addresses;
    }

    String clusterName() {
        return clusterName;
    }

    String bindAddress() {
        return bindAddress;
    }

    int port() {
        return port;
    }

    List<String> allowedClassPrefixes() {
        return allowedClassPrefixes;
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    Optional<Duration> failureDetection() {
        return Optional.ofNullable(failureDetection);
    }

    /** Never shows the cluster name, which is the cluster's secret. */
    @Override
    public String toString() {
        return (member ? "member of " : "client of ") + addresses
                + (member ? " listening on " + bindAddress + ":" + port : "");
    }

    private void requireMember(String what) {
        if (!member) {
            throw new IllegalStateException("only a member listens on " + what + "; this is a client's configuration");
        }
    }

    private static String checkName(String clusterName) {
        if (requireNonNull(clusterName, "clusterName").isBlank()) {
            throw new IllegalArgumentException("the cluster name must not be blank");
        }
        return clusterName;
    }

    private static List<String> checkAddresses(String... addresses) {
        if (addresses.length == 0) {
            throw new IllegalArgumentException("name at least one member address, host:port");
        }
        for (String address : addresses) {
            checkAddress(requireNonNull(address, "address"));
        }
        return List.of(addresses);
    }

    /** {@code host:port}, or {@code [v6 address]:port}, with a port from 1 to 65535. */
    private static void checkAddress(String address) {
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? "" : address.substring(0, colon);
        int port;
        try {
            port = colon < 0 ? -1 : Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        boolean v6WithoutBrackets = host.contains(":") && !(host.startsWith("[") && host.endsWith("]"));
        if (host.isBlank() || v6WithoutBrackets || port < 1 || port > 65_535) {
            throw new IllegalArgumentException("a member address is host:port (an IPv6 host in brackets) with a port"
                    + " from 1 to 65535, got \"" + address + "\"");
        }
    }

    private static Duration checkPositive(Duration timeout) {
        if (requireNonNull(timeout, "timeout").isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the time must be positive, got " + timeout);
        }
        return timeout;
    }
}
