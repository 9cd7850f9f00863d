package io.github.multiprocess4j.cluster;

import com.hazelcast.cluster.Member;
import io.github.multiprocess4j.core.Task;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

/** Runs a task on one chosen member, as the tests need to (a pool chooses members itself). */
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

    /** Whether no process with {@code pid} is running. */
    static boolean gone(long pid) {
        return ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true);
    }
}
