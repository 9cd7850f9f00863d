package io.github.multiprocess4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Cluster#join} as a member, in this JVM, on 127.0.0.1: what an application embedding a member does. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClusterJoinTest {

    @Test
    void aMemberJoinedHereServesAClientAndLeavesOnClose() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String name = "test-" + HexFormat.of().formatHex(secret);
        String address = "127.0.0.1:" + port;
        Cluster member = Cluster.join(ClusterConfig.member(name, address).withPort(port));
        try {
            assertThat(member.isMember()).isTrue();
            assertThat(member.members()).containsExactly(address);
            try (Cluster client = Cluster.join(ClusterConfig.client(name, address));
                    ClusterPool pool = client.pool()) {
                assertThat(client.isMember()).isFalse();
                assertThat(pool.map(List.of(1, 2, 3), x -> x * 10)).containsExactly(10, 20, 30);
                assertThat(client.toString()).contains("client", address).doesNotContain(name);
            }
        } finally {
            member.close();
        }
        assertThat(member.hazelcast().getLifecycleService().isRunning()).isFalse();
    }
}
