package io.github.multiprocess4j.cluster;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * One local cluster of 3 members for a test class, joined as a client; every member JVM is gone when the class ends.
 * Tests run in their {@code @Order}, so that one that kills a member can run last.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ThreeMemberClusterTest {

    static LocalCluster local;
    static Cluster cluster;

    @BeforeAll
    static void startThreeMembers() throws InterruptedException {
        local = LocalCluster.start(3);
        cluster = local.join();
    }

    @AfterAll
    static void stopEveryMember() {
        OnMember.closeAndCheckGone(local);
    }
}
