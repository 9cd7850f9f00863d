package io.github.multiprocess4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.multiprocess4j.core.internal.channel.ChildMain;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LaunchProcessesTest {

    @Test
    void eachProcessIsANewJvm() throws Exception {
        List<Long> pids = Launch.processes(5, () -> ProcessHandle.current().pid());

        assertThat(pids).hasSize(5).doesNotHaveDuplicates().doesNotContain(ProcessHandle.current().pid());
    }

    @Test
    void indexedResultsComeBackInIndexOrder() throws Exception {
        assertThat(Launch.processes(4, i -> i * i)).containsExactly(0, 1, 4, 9);
    }

    @Test
    void capturedValuesTravelToTheChild() throws Exception {
        String greeting = "hello";
        int[] numbers = {1, 2, 3};

        assertThat(Launch.processes(2, i -> greeting + " " + i + " " + Arrays.stream(numbers).sum()))
                .containsExactly("hello 0 6", "hello 1 6");
    }

    @Test
    void capturedLambdasObjectsAndPlainTasksTravelToo() throws Exception {
        Task<Integer> inner = () -> 21;
        List<Integer> list = new java.util.ArrayList<>(List.of(1, 2, 3));
        List<Integer> sameList = list;

        assertThat(Launch.processes(1, () -> inner.call() * 2)).containsExactly(42);
        assertThat(Launch.processes(1, () -> {
            sameList.add(4);
            return "x" + list.size();
        })).as("references between captures stay shared").containsExactly("x4");
        assertThat(Launch.processes(2, new ChildTasks.Greeting("hi"))).containsExactly("hi from a child", "hi from a child");
        assertThat(list).as("the parent's list is untouched").containsExactly(1, 2, 3);
    }

    @Test
    void largeTasksAndResultsCrossWhole() throws Exception {
        byte[] megabyte = new byte[1 << 20];
        new java.util.Random(7).nextBytes(megabyte);
        int expected = Arrays.hashCode(megabyte);

        List<Integer> hashes = Launch.processes(2, () -> Arrays.hashCode(megabyte));
        List<byte[]> echoed = Launch.processes(1, () -> megabyte);

        assertThat(hashes).containsExactly(expected, expected);
        assertThat(echoed.get(0)).isEqualTo(megabyte);
    }

    @Test
    void resultsOfEveryKindComeBack() throws Exception {
        assertThat(Launch.processes(1, () -> List.of(1, "two", 3.0))).singleElement().isEqualTo(List.of(1, "two", 3.0));
        assertThat(Launch.processes(1, () -> null)).containsExactly((Object) null);
        assertThat(Launch.processes(1, () -> 'c')).containsExactly('c');
        assertThat(Launch.processes(1, () -> "\u00e9\u4e2d\ud83d\ude00")).containsExactly("\u00e9\u4e2d\ud83d\ude00");
        Task<String> returned = Launch.processes(1, () -> (Task<String>) () -> "made in a child").get(0);
        assertThat(returned.call()).isEqualTo("made in a child");
    }

    @Test
    void aThrowingChildSurfacesWithItsClassMessageAndStackFrames() throws Exception {
        LaunchException failure = catchThrowableOfType(LaunchException.class,
                () -> Launch.processes(3, i -> ChildTasks.failIfOne(i)));

        assertThat(failure.failures()).hasSize(1);
        TaskFailedException only = failure.failures().get(0);
        assertThat(only.index()).isEqualTo(1);
        assertThat(only.exitCode()).hasValue(ChildMain.EXIT_TASK_FAILED);
        assertThat(only.getMessage()).contains("process-1", "pid " + only.pid(),
                "java.lang.IllegalStateException: boom");
        assertThat(only.getCause()).isExactlyInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(only.getCause().getStackTrace()[0].getMethodName()).isEqualTo("failIfOne");
        assertThat(only.getCause().getStackTrace()).extracting(StackTraceElement::getClassName)
                .contains(ChildMain.class.getName());
        assertThat(failure.results()).containsExactly(0, null, 2);
        assertThat(failure.failed(1)).isTrue();
        assertThat(failure.failed(0)).isFalse();
    }

    @Test
    void anExceptionThatCannotBeSerializedArrivesAsARemoteCopy() throws Exception {
        Worker<Object> worker = Launch.process(() -> {
            throw new ChildTasks.UnserializableException("no way back");
        });

        TaskFailedException failure = catchThrowableOfType(TaskFailedException.class, worker::result);

        assertThat(failure.getCause()).isInstanceOf(RemoteTaskException.class)
                .hasMessage("no way back")
                .hasToString(ChildTasks.UnserializableException.class.getName() + ": no way back");
        assertThat(((RemoteTaskException) failure.getCause()).remoteClassName())
                .isEqualTo(ChildTasks.UnserializableException.class.getName());
    }

    @Test
    void aResultThatCannotBeSerializedFailsWithAClearMessage() throws Exception {
        Worker<Object> worker = Launch.process(() -> new Object());

        assertThatThrownBy(worker::result).isInstanceOf(TaskFailedException.class)
                .hasRootCauseMessage("java.lang.Object")
                .cause().hasMessageContaining("result cannot be sent back", "java.lang.Object");
    }

    @Test
    void outputThatLooksLikeProtocolIsJustOutput() throws Exception {
        LaunchOptions capture = Launch.options().output(Output.CAPTURE).build();
        Worker<String> worker = Launch.with(capture).process(() -> ChildTasks.printProtocolLookalikes());

        assertThat(worker.result()).isEqualTo("real result");
        assertThat(worker.output()).contains("RESULT 42", "\u0003\u0000\u0000\u0000\u0008", "no newline at the end");
    }

    @Test
    void inheritedOutputIsForwardedWholeLines() throws Exception {
        String output = StdoutCapture.during(() -> Launch.processes(3, i -> ChildTasks.printLines(i, 200)));

        String[] lines = output.split("\n");
        assertThat(lines).hasSize(600).allMatch(line -> line.matches("child [0-2] line \\d+ x{100}"));
    }

    @Test
    void discardedOutputIsNotForwarded() throws Exception {
        LaunchOptions discard = Launch.options().output(Output.DISCARD).build();

        String output = StdoutCapture.during(() -> Launch.with(discard).processes(1, i -> ChildTasks.printLines(i, 3)));

        assertThat(output).isEmpty();
    }

    @Test
    void aTaskCapturingSomethingUnserializableIsRefusedBeforeAnyChildStarts() {
        Thread notSerializable = new Thread(() -> { });

        assertThatThrownBy(() -> Launch.processes(2, () -> notSerializable.getName()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Thread", "not Serializable", "captured value 1",
                        "LaunchProcessesTest");
        assertThat(ProcessHandle.current().children().count()).isZero();
    }

    @Test
    void aTaskCapturingItsEnclosingInstanceIsExplained() {
        assertThatThrownBy(() -> Launch.process(() -> toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("enclosing instance", LaunchProcessesTest.class.getName());
    }

    @Test
    void systemPropertiesAndJvmArgumentsReachTheChild() throws Exception {
        LaunchOptions options = Launch.options().jvmArgs("-Dmultiprocess4j.test=yes", "-Xmx100m").build();

        List<String> values = Launch.with(options).processes(1, () -> System.getProperty("multiprocess4j.test")
                + " " + (Runtime.getRuntime().maxMemory() <= 100L << 20));

        assertThat(values).containsExactly("yes true");
    }

    @Test
    void staticStateIsNotShared() throws Exception {
        ChildTasks.STATIC_LIST.clear();

        Launch.processes(3, i -> ChildTasks.STATIC_LIST.add("from child " + i));

        assertThat(ChildTasks.STATIC_LIST).isEmpty();
    }

    @Test
    void namesComeFromTheOptions() throws Exception {
        LaunchOptions named = Launch.options().name("calc").build();

        LaunchException failure = catchThrowableOfType(LaunchException.class,
                () -> Launch.with(named).processes(2, i -> ChildTasks.failIfOne(i)));

        assertThat(failure.failures().get(0).workerName()).isEqualTo("calc-1");
    }

    @Test
    void aWorkerCanBeStartedAndJoinedLater() throws Exception {
        Worker<Integer> worker = Launch.process(() -> {
            Thread.sleep(300);
            return 7;
        });

        assertThat(worker.isAlive()).isTrue();
        assertThat(worker.exitCode()).isEmpty();
        assertThat(worker.join(Duration.ofMillis(10))).isFalse();
        worker.join();
        assertThat(worker.isAlive()).isFalse();
        assertThat(worker.exitCode()).hasValue(0);
        assertThat(worker.result()).isEqualTo(7);
        assertThat(worker.pid()).isNotEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void badArgumentsAreRefusedClearly() {
        assertThatThrownBy(() -> Launch.processes(0, () -> 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n must be at least 1, got 0");
        assertThatThrownBy(() -> Launch.processes(-3, i -> i)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n must be at least 1, got -3");
        // regression: Integer.MAX_VALUE failed with an OutOfMemoryError, sizing a list for the children
        assertThatThrownBy(() -> Launch.processes(Integer.MAX_VALUE, () -> 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n must be at most 32768");
        assertThatThrownBy(() -> Launch.processes(2, (Task<Integer>) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("task");
        assertThatThrownBy(() -> Launch.with(null).processes(2, () -> 1)).isInstanceOf(NullPointerException.class)
                .hasMessage("options");
        assertThatThrownBy(() -> Launch.process((VoidTask) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("task");
        assertThat(ProcessHandle.current().children().count()).isZero();
    }

    @Test
    void aLauncherWithOptionsRefusesBadArgumentsByName() {
        assertThatThrownBy(() -> Launch.with(null)).isInstanceOf(NullPointerException.class).hasMessage("options");
        Launcher named = Launch.with(Launch.options().name("bad").build());

        assertThatThrownBy(() -> named.processes(0, () -> 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n must be at least 1, got 0");
        assertThatThrownBy(() -> named.processes(Launch.MAX_WORKERS + 1, i -> i))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n must be at most 32768 (Launch.MAX_WORKERS), got 32769");
        assertThatThrownBy(() -> named.threads(-1, () -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n must be at least 1, got -1");
        assertThatThrownBy(() -> named.processes(2, (IndexedTask<Integer>) null))
                .isInstanceOf(NullPointerException.class).hasMessage("task");
        assertThatThrownBy(() -> named.process((Task<Integer>) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("task");
        assertThatThrownBy(() -> named.thread((VoidTask) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("task");
        assertThat(named.options().name()).hasValue("bad");
        assertThat(ProcessHandle.current().children().count()).isZero();
    }
}
