package io.github.multiprocess4j.queue;

import com.google.common.collect.testing.QueueTestSuiteBuilder;
import com.google.common.collect.testing.TestStringQueueGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.testers.CollectionSpliteratorTester;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.Spliterator;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import junit.framework.TestCase;
import junit.framework.TestSuite;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * Guava's own tests of {@link java.util.Collection} and {@link Queue} implementations (guava-testlib's
 * {@link QueueTestSuiteBuilder}: every collection and queue tester, for every size and every feature claimed) run
 * against {@link WorkQueue}'s {@code BlockingQueue} side, unbounded and bounded. The suites are JUnit 3
 * {@link TestSuite}s; each of their test cases runs here as a JUnit 5 dynamic test. None of them waits.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WorkQueueCollectionSuitesTest {

    @TestFactory
    Stream<DynamicNode> unboundedWorkQueue() {
        return suite("unbounded WorkQueue", elements -> new WorkQueue<>());
    }

    @TestFactory
    Stream<DynamicNode> boundedWorkQueue() {
        return suite("bounded WorkQueue", elements -> new WorkQueue<>(elements + 10));
    }

    /** The suite of a first-in, first-out queue that refuses nulls, made empty by {@code empty} for n elements. */
    private static Stream<DynamicNode> suite(String name, IntFunction<WorkQueue<String>> empty) {
        TestSuite suite = QueueTestSuiteBuilder.using(new TestStringQueueGenerator() {
                    @Override
                    protected Queue<String> create(String[] elements) {
                        WorkQueue<String> queue = empty.apply(elements.length);
                        queue.addAll(Arrays.asList(elements));
                        return queue;
                    }
                })
                .named(name)
                .withFeatures(CollectionFeature.GENERAL_PURPOSE, CollectionFeature.KNOWN_ORDER,
                        CollectionFeature.ALLOWS_NULL_QUERIES, CollectionSize.ANY)
                .suppressing(snapshotSpliterator())
                .createTestSuite();
        return Stream.of(node(suite));
    }

    /**
     * The two testers that expect a mutable collection's spliterator not to say {@link Spliterator#IMMUTABLE}:
     * {@code WorkQueue}'s, as {@code CopyOnWriteArrayList}'s, traverses a snapshot that nothing changes, which is what
     * the characteristic promises (and what its Javadoc and {@code WorkQueueTest} say).
     */
    private static List<Method> snapshotSpliterator() {
        try {
            return List.of(
                    CollectionSpliteratorTester.class.getMethod("testSpliteratorNotImmutable_collectionAllowsAdd"),
                    CollectionSpliteratorTester.class.getMethod("testSpliteratorNotImmutable_collectionAllowsRemove"));
        } catch (NoSuchMethodException e) {
            throw new AssertionError("guava-testlib renamed a tester this suite leaves out", e);
        }
    }

    private static DynamicNode node(junit.framework.Test test) {
        if (test instanceof TestSuite) {
            TestSuite suite = (TestSuite) test;
            return DynamicContainer.dynamicContainer(suite.getName(),
                    Collections.list(suite.tests()).stream().map(WorkQueueCollectionSuitesTest::node));
        }
        TestCase testCase = (TestCase) test;
        return DynamicTest.dynamicTest(testCase.getName(), testCase::runBare);
    }
}
