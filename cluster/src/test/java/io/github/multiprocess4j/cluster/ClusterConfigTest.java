package io.github.multiprocess4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Bad input and the module's security rules, without a cluster. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ClusterConfigTest {

    @Test
    void anUnreachableClusterFailsWithAClearMessageInBoundedTime() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ClusterConfig config = ClusterConfig.client("no-such-cluster", "127.0.0.1:" + port)
                .withConnectTimeout(Duration.ofSeconds(2));
        long start = System.nanoTime();
        assertThatThrownBy(() -> Cluster.join(config)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not reach the cluster at [127.0.0.1:" + port + "]")
                .hasMessageContaining("2000 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void theClusterNameStaysOutOfHazelcastsLog() throws IOException {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger hazelcast = java.util.logging.Logger.getLogger("com.hazelcast");
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (isLoggable(record)) {
                    lines.add(record.getLoggerName() + " " + record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Level level = hazelcast.getLevel();
        hazelcast.setLevel(java.util.logging.Level.INFO);
        hazelcast.addHandler(capture);
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = socket.getLocalPort();
            socket.close();
            assertThatThrownBy(() -> Cluster.join(ClusterConfig.client("the-secret-name-42", "127.0.0.1:" + port)
                    .withConnectTimeout(Duration.ofSeconds(1)))).isInstanceOf(IllegalStateException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("the-secret-name-42"));
        } finally {
            hazelcast.removeHandler(capture);
            hazelcast.setLevel(level);
        }
        assertThat(lines).isNotEmpty().noneMatch(line -> line.contains("the-secret-name-42"));
    }

    @Test
    void theClusterNameNeverShows() {
        ClusterConfig config = ClusterConfig.member("s3cret-name", "127.0.0.1:5701");
        assertThat(config.toString()).doesNotContain("s3cret");
        assertThat(Hazelcasts.clusterId("s3cret-name")).hasSize(16).doesNotContain("s3cret");
        assertThat(Hazelcasts.member(config).getProperty("hazelcast.logging.details.enabled")).isEqualTo("false");
    }

    @Test
    void everyConfigurationKeepsToTheListedAddresses() {
        var member = Hazelcasts.member(ClusterConfig.member("n", "127.0.0.1:5701").withPort(5702));
        var join = member.getNetworkConfig().getJoin();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5701");
        assertThat(member.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
        assertThat(member.getNetworkConfig().isPortAutoIncrement()).isFalse();
        assertThat(member.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(member.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
        var client = Hazelcasts.client(ClusterConfig.client("n", "127.0.0.1:5701"));
        assertThat(client.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(client.getNetworkConfig().getAddresses()).containsExactly("127.0.0.1:5701");
        assertThat(client.getNetworkConfig().getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(client.getNetworkConfig().isAutoDetectionEnabled()).isFalse();
    }

    @Test
    void anAddressThatIsNotHostAndPortIsRefusedNamingIt() {
        for (String bad : List.of("127.0.0.1", "127.0.0.1:", ":5701", "127.0.0.1:0", "127.0.0.1:65536",
                "127.0.0.1:port", "::1:5701")) {
            assertThatThrownBy(() -> ClusterConfig.client("n", "127.0.0.1:5701", bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"" + bad + "\"")
                    .hasMessageContaining("host:port");
            assertThatThrownBy(() -> ClusterConfig.member("n", bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(ClusterConfig.client("n", "[::1]:5701", "127.0.0.1:65535").addresses())
                .containsExactly("[::1]:5701", "127.0.0.1:65535");
        assertThatThrownBy(() -> ClusterConfig.client("n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one member address");
    }

    @Test
    void classesOutsideTheAllowListAreRefusedBeforeTheyAreLoaded() throws Exception {
        byte[] foreign = Codec.encode(new javax.management.ObjectName("outside:allowed=prefixes"), "a value");
        assertThatThrownBy(() -> Codec.decode(foreign, "a value")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refused").hasMessageContaining("allowed class-name prefixes");
        assertThat(Codec.decode(Codec.encode(List.of(1, "two"), "a value"), "a value")).isEqualTo(List.of(1, "two"));
    }

    @Test
    void deepNestingIsRefused() {
        List<Object> nested = new ArrayList<>();
        List<Object> inner = nested;
        for (int i = 0; i < Codec.MAX_DEPTH + 10; i++) {
            List<Object> next = new ArrayList<>();
            inner.add(next);
            inner = next;
        }
        byte[] bytes = Codec.encode(nested, "a value");
        assertThatThrownBy(() -> Codec.decode(bytes, "a value")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMembersNameComesFromStandardInputOrAPrivateFileNeverAnArgument(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> ClusterMember.parse(new String[] {"--name", "x", "--members", "a:1"}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never an argument");
        Path open = Files.writeString(dir.resolve("open"), "the-name\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> ClusterMember.readNameFile(open)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rw-r--r--");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-------"));
        assertThat(ClusterMember.readNameFile(open)).isEqualTo("the-name");
        ClusterConfig config = ClusterMember.parse(new String[] {"--members", "127.0.0.1:5701,127.0.0.1:5702",
            "--port", "5702", "--allow", "com.example."}, "n");
        assertThat(config.addresses()).containsExactly("127.0.0.1:5701", "127.0.0.1:5702");
        assertThat(config.allowedClassPrefixes()).containsExactly("com.example.");
    }
}
