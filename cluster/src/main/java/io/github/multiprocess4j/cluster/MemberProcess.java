package io.github.multiprocess4j.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.github.multiprocess4j.core.Task;
import java.io.ObjectInputFilter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The body of a member JVM, started by {@link LocalCluster} through {@code Launch.process} (the configuration,
 * cluster name included, travels over the child's standard input with the task) or by {@link ClusterMember}'s
 * {@code main}: runs a member until it shuts down.
 */
final class MemberProcess implements Task<String> {

    private static final long serialVersionUID = 1L;

    /** JDK-wide limits for any Java deserialization in a member JVM that sets none of its own. */
    static final String LIMITS = "maxdepth=" + Codec.MAX_DEPTH + ";maxarray=16777216;maxrefs=16777216";

    private final String clusterName;
    private final List<String> addresses;
    private final int port;
    private final List<String> allowedClassPrefixes;
    private final long failureDetectionSeconds;

    MemberProcess(String clusterName, List<String> addresses, int port, List<String> allowedClassPrefixes,
            long failureDetectionSeconds) {
        this.clusterName = clusterName;
        this.addresses = List.copyOf(addresses);
        this.port = port;
        this.allowedClassPrefixes = List.copyOf(allowedClassPrefixes);
        this.failureDetectionSeconds = failureDetectionSeconds;
    }

    /** A member of a local cluster: loopback only, quiet logs. */
    @Override
    public String call() throws InterruptedException {
        Hazelcasts.quietLogging();
        ClusterConfig config = ClusterConfig.member(clusterName, addresses.toArray(String[]::new))
                .withInterface("127.0.0.1").withPort(port)
                .withAllowedClasses(allowedClassPrefixes.toArray(String[]::new))
                .withFailureDetection(Duration.ofSeconds(failureDetectionSeconds))
                // how long to keep trying a listed member that does not answer: on loopback, refusals are immediate
                .withConnectTimeout(Duration.ofSeconds(2));
        run(config);
        return "member on port " + port + " stopped";
    }

    /** Runs a member with {@code config} until it shuts down (SIGTERM runs Hazelcast's shutdown hook). */
    static void run(ClusterConfig config) throws InterruptedException {
        limitDeserialization();
        HazelcastInstance member = Hazelcast.newHazelcastInstance(Hazelcasts.member(config));
        CountDownLatch stopped = new CountDownLatch(1);
        member.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                stopped.countDown();
            }
        });
        String id = Hazelcasts.clusterId(config.clusterName());
        Instances.register(id, member);
        if (!member.getLifecycleService().isRunning()) {
            stopped.countDown();
        }
        stopped.await();
        Instances.unregister(id, member);
    }

    private static void limitDeserialization() {
        if (ObjectInputFilter.Config.getSerialFilter() == null) {
            ObjectInputFilter.Config.setSerialFilter(ObjectInputFilter.Config.createFilter(LIMITS));
        }
    }
}
