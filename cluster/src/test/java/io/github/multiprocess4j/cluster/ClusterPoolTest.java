package io.github.multiprocess4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.multiprocess4j.core.Completed;
import io.github.multiprocess4j.core.MapTask;
import io.github.multiprocess4j.core.ProcessPool;
import io.github.multiprocess4j.core.Task;
import io.github.multiprocess4j.core.TaskPool;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/** One local cluster of 3 members for the class; the test that kills a member runs last. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterPoolTest {

    private static LocalCluster local;
    private static Cluster cluster;
    private static ClusterPool pool;

    @BeforeAll
    static void startThreeMembers() throws InterruptedException {
        local = LocalCluster.start(3);
        cluster = local.join();
        pool = cluster.pool();
    }

    @AfterAll
    static void stopEveryMember() {
        pool.close();
        OnMember.closeAndCheckGone(local);
    }

    @Test
    @Order(1)
    void tasksRunOnTheMembersNotHere() throws Exception {
        long here = ProcessHandle.current().pid();
        List<Long> pids = pool.map(List.of(1, 2, 3, 4, 5, 6), item -> ProcessHandle.current().pid());
        assertThat(pids).hasSize(6).doesNotContain(here);
        assertThat(pids.stream().distinct().count()).isEqualTo(3);
        assertThat(pool.submit(() -> 6 * 7).get()).isEqualTo(42);
        assertThat(pool.submit(() -> { }).get()).isNull();
    }

    @Test
    @Order(1)
    void invokeAllAndInvokeAny() throws Exception {
        List<Task<String>> tasks = List.of(() -> "a", () -> "b", () -> "c");
        List<CompletableFuture<String>> futures = pool.invokeAll(tasks);
        assertThat(futures).extracting(CompletableFuture::join).containsExactly("a", "b", "c");
        assertThat(pool.invokeAny(List.<Task<String>>of(() -> {
            throw new IllegalStateException("no");
        }, () -> "yes"))).isEqualTo("yes");
    }

    @Test
    @Order(1)
    void aTaskThatThrowsFailsWithItsExceptionAndIsNotRetried() {
        long retriedBefore = pool.retriedTasks();
        CompletableFuture<Integer> future = pool.submit(() -> Integer.parseInt("forty-two"));
        assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(ClusterTaskFailedException.class)
                .hasMessageContaining("NumberFormatException").hasMessageContaining("127.0.0.1:")
                .cause().isInstanceOf(NumberFormatException.class);
        assertThat(pool.retriedTasks()).isEqualTo(retriedBefore);
        assertThatThrownBy(() -> pool.map(List.of(1, 0, 2), x -> 10 / x))
                .isInstanceOf(ClusterTaskFailedException.class).hasMessageContaining("item 1")
                .satisfies(e -> assertThat(((ClusterTaskFailedException) e).index()).isEqualTo(1));
    }

    @Test
    @Order(1)
    void aTaskThatCannotBeSerializedIsRefusedBeforeAnythingIsSent() {
        Thread notSerializable = new Thread(() -> { });
        assertThatThrownBy(() -> pool.submit(() -> notSerializable.getName()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Thread")
                .hasMessageContaining("not serializable");
        assertThatThrownBy(() -> pool.map(List.of(new Object()), item -> 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
        assertThat(pool.toString()).contains("0 tasks outstanding");
    }

    @Test
    @Order(1)
    void oneUnserializableItemOrTaskAmongGoodOnesSendsNoneOfThem() {
        // Had the good ones been sent, they would still be outstanding, sleeping on a member, when the call returns.
        assertThatThrownBy(() -> pool.map(List.of(1, 2, new Object(), 4), item -> {
            Thread.sleep(60_000);
            return 0;
        }, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
        Thread notSerializable = new Thread(() -> { });
        List<Task<String>> tasks = List.of(() -> {
            Thread.sleep(60_000);
            return "slept";
        }, notSerializable::getName);
        assertThatThrownBy(() -> pool.invokeAll(tasks)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Thread");
        assertThatThrownBy(() -> pool.invokeAny(tasks)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Thread");
        assertThat(pool.toString()).contains("0 tasks outstanding");
    }

    @Test
    @Order(1)
    void theSameUserCodeGivesTheSameResultsOnAProcessPoolAndAClusterPool() throws Exception {
        List<Integer> items = IntStream.range(0, 20).boxed().collect(Collectors.toList());
        List<String> onProcesses;
        try (ProcessPool processes = ProcessPool.create(2)) {
            onProcesses = Fingerprints.of(processes, items);
        }
        assertThat(Fingerprints.of(pool, items)).isEqualTo(onProcesses).hasSize(20)
                .startsWith("0:0", "1:" + Integer.toHexString(Integer.rotateLeft(0x9E3779B9, 7)));
    }

    @Test
    @Order(1)
    void imapStreamsInOrderAndFailsAfterTheResultsBeforeTheFailedItem() {
        List<Integer> items = IntStream.range(0, 50).boxed().collect(Collectors.toList());
        for (int chunkSize : new int[] {1, 3}) {
            try (Stream<Integer> squares = pool.imap(items, x -> x * x, chunkSize)) {
                assertThat(squares).containsExactlyElementsOf(
                        items.stream().map(x -> x * x).collect(Collectors.toList()));
            }
        }
        List<Integer> got = new ArrayList<>();
        try (Stream<Integer> quotients = pool.imap(List.of(1, 2, 0, 4), x -> 12 / x)) {
            assertThatThrownBy(() -> quotients.forEach(got::add)).isInstanceOf(ClusterTaskFailedException.class)
                    .hasMessageContaining("item 2").cause().isInstanceOf(ArithmeticException.class);
        }
        assertThat(got).containsExactly(12, 6);
    }

    @Test
    @Order(1)
    void imapUnorderedHandsOnAQuickItemBeforeASlowOneAndClosingEarlyCancelsTheRest() throws Exception {
        // item 0 is held on its member until item 1's result has been handed on here: no timing involved
        ClusterObject<Boolean> overtaken = cluster.object("overtaken", false);
        try (Stream<Completed<String>> results = pool.imapUnordered(List.of(0, 1), item -> {
            for (int waits = 0; item == 0 && !overtaken.read() && waits < 6_000; waits++) {
                Thread.sleep(10);
            }
            return "item " + item;
        })) {
            Iterator<Completed<String>> iterator = results.iterator();
            assertThat(iterator.next()).isEqualTo(new Completed<>(1, "item 1"));
            overtaken.write(true);
            assertThat(iterator.next()).isEqualTo(new Completed<>(0, "item 0"));
            assertThat(iterator.hasNext()).isFalse();
        }

        // one quick item, then a hundred that sleep: the stream reads only a window of them, and closing it after the
        // first result cancels the rest, interrupting those already running on the members
        ClusterObject<Integer> interrupted = cluster.object("interrupted", 0);
        AtomicInteger read = new AtomicInteger();
        Iterable<Integer> counted = () -> IntStream.range(0, 101).boxed().peek(i -> read.incrementAndGet()).iterator();
        try (Stream<Completed<Integer>> results = pool.imapUnordered(counted, item -> {
            if (item > 0) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.updateAndGet(n -> n + 1);
                    throw e;
                }
            }
            return item;
        })) {
            assertThat(results.findFirst()).contains(new Completed<>(0, 0));
        }
        assertThat(read.get()).as("items read").isLessThan(101);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!pool.toString().contains("[0 tasks outstanding") && System.nanoTime() < deadline) {
            Thread.sleep(10); // a cancelled task leaves the count in the thread that completes it, maybe another
        }
        assertThat(pool.toString()).contains("[0 tasks outstanding");
        while (interrupted.read() == 0) {
            Thread.sleep(10);
        }
    }

    /** User code written once against the interface both pools implement. */
    static final class Fingerprints {
        static List<String> of(TaskPool pool, List<Integer> items) throws InterruptedException {
            MapTask<Integer, String> function = Fingerprints::of;
            List<String> automatic = pool.map(items, function);
            assertThat(pool.map(items, function, 7)).isEqualTo(automatic);
            List<String> oneByOne = new ArrayList<>();
            for (CompletableFuture<String> answer : pool.invokeAll(items.stream()
                    .map(item -> (Task<String>) () -> of(item)).collect(Collectors.toList()))) {
                oneByOne.add(answer.join());
            }
            assertThat(oneByOne).isEqualTo(automatic);
            try (Stream<String> streamed = pool.imap(items, function, 3);
                    Stream<Completed<String>> unordered = pool.imapUnordered(items, function)) {
                assertThat(streamed.collect(Collectors.toList())).isEqualTo(automatic);
                assertThat(unordered.sorted(Comparator.comparingLong(Completed::index)).map(Completed::value)
                        .collect(Collectors.toList())).isEqualTo(automatic);
            }
            return automatic;
        }

        static String of(int item) {
            return item + ":" + Integer.toHexString(Integer.rotateLeft(item * 0x9E3779B9, 7));
        }
    }

    @Test
    @Order(2)
    void aThousandTasksFinishInOrderWhileAMemberIsKilledMidway() throws Exception {
        ClusterObject<Integer> progress = cluster.object("progress", 0);
        List<Integer> items = IntStream.range(0, 1_000).boxed().collect(Collectors.toList());
        CompletableFuture<List<Long>> results = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.map(items, i -> {
                    Thread.sleep(10);
                    progress.updateAndGet(n -> n + 1);
                    return (long) i * i;
                });
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (progress.read() < 300) {
            assertThat(results).isNotDone();
            Thread.sleep(10);
        }
        // A pool that never retries, with one long task on each member (a new pool goes round the members from the
        // first): the one on the member killed fails, naming it.
        ClusterPool noRetries = cluster.pool(0);
        List<CompletableFuture<String>> sleepers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sleepers.add(noRetries.submit(() -> {
                Thread.sleep(60_000);
                return "slept";
            }));
        }
        long start = System.nanoTime();
        local.kill(2);
        assertThatThrownBy(() -> CompletableFuture.anyOf(sleepers.toArray(CompletableFuture[]::new))
                .get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(ClusterTaskFailedException.class)
                .hasMessageContaining("lost with member " + local.address(2))
                .hasMessageContaining("retried at most 0 times")
                .satisfies(e -> {
                    ClusterTaskFailedException lost = (ClusterTaskFailedException) e;
                    assertThat(lost.member()).isEqualTo(local.address(2));
                    assertThat(lost.memberLost()).isTrue();
                    assertThat(lost.attempts()).isEqualTo(1);
                });
        assertThat(noRetries.shutdownNow()).as("the sleepers on the living members, cancelled").hasSize(2);
        assertThat(noRetries.retriedTasks()).isZero();
        List<Long> squares = results.get(90, TimeUnit.SECONDS);
        List<Long> expected = new ArrayList<>();
        items.forEach(i -> expected.add((long) i * i));
        assertThat(squares).isEqualTo(expected);
        long retried = pool.retriedTasks();
        assertThat(retried).as("the tasks sent to the killed member and unanswered, each retried once")
                .isBetween(1L, 700L);
        assertThat(pool.toString()).contains(retried + " retried");
        System.out.printf("map of 1000 tasks with member 2 killed after %d done: all in order, %d tasks retried, "
                + "%d ms from the kill to the last result%n", 300, retried,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
}
