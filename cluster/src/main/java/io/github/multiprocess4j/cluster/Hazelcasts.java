package io.github.multiprocess4j.cluster;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hazelcast configurations with this module's network hygiene: TCP/IP join to the listed addresses only (multicast
 * and auto-detection off), members bound to one interface, phone-home off, the cluster name kept out of log lines,
 * and Hazelcast's own Java deserialization limited to the allowed class-name prefixes.
 */
final class Hazelcasts {

    /** The executor every {@link ClusterPool} submits to. */
    static final String EXECUTOR = "multiprocess4j.pool";
    /** The map whose per-key locks are {@link ClusterLock}s. */
    static final String LOCKS = "multiprocess4j.locks";
    /** The map holding {@link ClusterObject}s' values. */
    static final String OBJECTS = "multiprocess4j.objects";
    /** The map holding each {@link ClusterQueue}'s shutdown state and count of unfinished tasks. */
    static final String QUEUE_STATES = "multiprocess4j.queues";
    /** The prefix of each {@link ClusterQueue}'s {@code IQueue}. */
    static final String QUEUE_PREFIX = "multiprocess4j.queue.";

    /**
     * The loggers that print the cluster name at INFO whatever the properties say: "Cluster name: ..." when a
     * member starts, "Trying to connect to cluster: ..." when a client does. Kept so that their level stays set.
     */
    private static final List<Logger> NAME_LOGGERS = List.of(Logger.getLogger("com.hazelcast.system"),
            Logger.getLogger("com.hazelcast.client.impl.connection"));
    /** Kept so that the level set on it is not lost when the logger is collected. */
    private static final Logger HAZELCAST_LOGGER = Logger.getLogger("com.hazelcast");
    /** Says at WARNING, on every start, that Hazelcast was given no --add-opens; it works without them. */
    private static final Logger MODULE_ACCESS_LOGGER = Logger.getLogger("com.hazelcast.instance.impl.HazelcastInstanceFactory");

    private Hazelcasts() {
    }

    static Config member(ClusterConfig settings) {
        Config config = new Config();
        config.setClusterName(settings.clusterName());
        common(settings, config::setProperty);
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        settings.failureDetection().ifPresent(timeout -> {
            long seconds = Math.max(1, timeout.toSeconds());
            config.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(seconds));
            config.setProperty("hazelcast.heartbeat.interval.seconds", Long.toString(Math.max(1, seconds / 5)));
        });
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface(settings.bindAddress());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(new ArrayList<>(settings.addresses()))
                .setConnectionTimeoutSeconds(Math.max(1, (int) Math.min(30, settings.connectTimeout().toSeconds())));
        config.getJetConfig().setEnabled(false);
        config.getSerializationConfig().setJavaSerializationFilterConfig(filter(settings));
        config.addExecutorConfig(new ExecutorConfig(EXECUTOR, Math.max(2, Runtime.getRuntime().availableProcessors())));
        return config;
    }

    static ClientConfig client(ClusterConfig settings) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(settings.clusterName());
        common(settings, config::setProperty);
        config.getNetworkConfig().setAddresses(new ArrayList<>(settings.addresses()));
        // no probing of cloud metadata services for members: the listed addresses only
        config.getNetworkConfig().getAutoDetectionConfig().setEnabled(false);
        config.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(settings.connectTimeout().toMillis())
                .setInitialBackoffMillis(100).setMaxBackoffMillis(1_000);
        config.getSerializationConfig().setJavaSerializationFilterConfig(filter(settings));
        return config;
    }

    private interface PropertySetter {
        Object set(String name, String value);
    }

    private static void common(ClusterConfig settings, PropertySetter properties) {
        properties.set("hazelcast.phone.home.enabled", "false");
        // Hazelcast puts "[address] [cluster name] [version]" before each log line unless told not to; the name is
        // the cluster's secret.
        properties.set("hazelcast.logging.details.enabled", "false");
        for (Logger logger : NAME_LOGGERS) {
            if (logger.getLevel() == null || logger.getLevel().intValue() < Level.WARNING.intValue()) {
                logger.setLevel(Level.WARNING);
            }
        }
        Codec.allow(settings.allowedClassPrefixes());
    }

    private static JavaSerializationFilterConfig filter(ClusterConfig settings) {
        JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig();
        filter.setDefaultsDisabled(false);
        List<String> prefixes = new ArrayList<>(Codec.DEFAULT_PREFIXES);
        prefixes.addAll(settings.allowedClassPrefixes());
        filter.getWhitelist().addPrefixes(prefixes.toArray(String[]::new));
        return filter;
    }

    /** Hazelcast logs warnings and errors only, in this JVM: for local members and the tour. */
    static void quietLogging() {
        HAZELCAST_LOGGER.setLevel(Level.WARNING);
        MODULE_ACCESS_LOGGER.setLevel(Level.SEVERE);
    }

    /** A name for the cluster that can be written down: not the cluster name, which is its secret. */
    static String clusterId(String clusterName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("multiprocess4j cluster " + clusterName).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
