package io.github.multiprocess4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.Member;
import io.github.multiprocess4j.core.Task;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Runs a task on one chosen member, as the tests need to (a pool chooses members itself); ends a test's members. */
final class OnMember {

    private OnMember() {
    }

    @SuppressWarnings("unchecked")
    static <T> CompletableFuture<T> call(Cluster cluster, String address, Task<T> task) {
        Member member = cluster.hazelcast().getCluster().getMembers().stream()
                .filter(candidate -> Cluster.address(candidate).equals(address)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no member " + address));
        Future<byte[]> future = cluster.hazelcast().getExecutorService(Hazelcasts.EXECUTOR)
                .submitToMember(new RemoteTask(Codec.encode(task, "a test task")), member);
        return ((CompletionStage<byte[]>) future).toCompletableFuture().thenApply(bytes -> {
            RemoteTask.Outcome outcome = (RemoteTask.Outcome) Codec.decode(bytes, "a test answer");
            if (outcome.failure != null) {
                throw new CompletionException(outcome.failure);
            }
            return (T) outcome.value;
        });
    }

    /** Closes a test's local cluster and checks that every member JVM is gone, killed ones included. */
    static void closeAndCheckGone(LocalCluster local) {
        List<Long> pids = IntStream.range(0, local.size()).mapToObj(local::pid).collect(Collectors.toList());
        local.close();
        assertThat(pids).allMatch(OnMember::gone);
    }

    /** Whether no process with {@code pid} is running. */
    static boolean gone(long pid) {
        return ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true);
    }
}
