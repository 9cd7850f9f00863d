package io.github.multiprocess4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** On one local cluster of 3 members: the test that kills a member runs last. */
class ClusterLockAndObjectTest extends ThreeMemberClusterTest {

    @Test
    @Order(1)
    void updatesFromThreeMembersAThousandEachAreExact() throws Exception {
        ClusterObject<Integer> counter = cluster.object("counter", 0);
        ClusterObject<List<Integer>> list = cluster.object("list", new ArrayList<>());
        List<CompletableFuture<Integer>> updaters = new ArrayList<>();
        for (int member = 0; member < 3; member++) {
            int id = member;
            updaters.add(OnMember.call(cluster, local.address(member), () -> {
                for (int i = 0; i < 1_000; i++) {
                    counter.updateAndGet(n -> n + 1);
                }
                list.update(numbers -> numbers.add(id));
                return id;
            }));
        }
        CompletableFuture.allOf(updaters.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
        assertThat(counter.read()).isEqualTo(3_000);
        assertThat(list.read()).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(cluster.object("counter", -1).read()).as("an existing object keeps its value").isEqualTo(3_000);
        counter.write(7);
        assertThat(counter.updateAndGet(n -> n * 6)).isEqualTo(42);
    }

    @Test
    @Order(1)
    void theLockExcludesThreadsOnEveryMember() throws Exception {
        ClusterLock lock = cluster.lock("exclusion");
        ClusterObject<Integer> unguarded = cluster.object("unguarded", 0);
        List<CompletableFuture<Integer>> workers = new ArrayList<>();
        for (int member = 0; member < 3; member++) {
            workers.add(OnMember.call(cluster, local.address(member), () -> {
                for (int i = 0; i < 100; i++) {
                    try (ClusterLock.Held held = lock.hold()) {
                        unguarded.write(unguarded.read() + 1); // a read-modify-write over the network: the lock makes it safe
                    }
                }
                return 0;
            }));
        }
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
        assertThat(unguarded.read()).isEqualTo(300);
        assertThat(lock.isLocked()).isFalse();
        assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
        assertThatThrownBy(lock::newCondition).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @Order(2)
    void whenTheHoldersMemberIsKilledAWaiterOnAnotherMemberGetsTheLock() throws Exception {
        ClusterLock lock = cluster.lock("failover");
        ClusterObject<Boolean> held = cluster.object("failover-held", false);
        long holderPid = local.pid(1);
        OnMember.call(cluster, local.address(1), () -> {
            lock.lock();
            held.write(true);
            Thread.sleep(600_000);
            return 0;
        });
        while (!held.read()) {
            Thread.sleep(10);
        }
        CompletableFuture<long[]> waiter = OnMember.call(cluster, local.address(2), () -> {
            boolean got = lock.tryLock(60, TimeUnit.SECONDS);
            long at = System.currentTimeMillis();
            boolean holderAlive = !OnMember.gone(holderPid);
            if (got) {
                lock.unlock();
            }
            return new long[] {got ? 1 : 0, at, holderAlive ? 1 : 0};
        });
        Thread.sleep(500);
        assertThat(waiter).as("nobody gets the lock while its holder lives").isNotDone();
        assertThat(lock.tryLock(Duration.ZERO)).isFalse();
        long killedAt = System.currentTimeMillis();
        local.kill(1);
        long[] outcome = waiter.get(60, TimeUnit.SECONDS);
        long failoverMillis = outcome[1] - killedAt;
        System.out.printf("lock failover: the waiter on another member held the lock %d ms after its holder's member"
                + " was killed (SIGKILL)%n", failoverMillis);
        assertThat(outcome[0]).as("the waiter got the lock").isEqualTo(1);
        assertThat(outcome[2]).as("the holder's JVM was gone when the waiter got the lock").isZero();
        assertThat(failoverMillis).isLessThan(LocalCluster.FAILURE_DETECTION.toMillis() + 5_000);
    }
}
