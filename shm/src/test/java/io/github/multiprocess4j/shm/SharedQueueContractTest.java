package io.github.multiprocess4j.shm;

import io.github.multiprocess4j.queue.JoinableQueue;
import io.github.multiprocess4j.queue.JoinableQueueContract;

/**
 * {@link SharedQueue} keeps the whole {@link JoinableQueue} contract, used from the threads of one JVM; its own tests
 * add other processes. An "unbounded" queue here is one with room for every element a test puts at once.
 */
class SharedQueueContractTest extends JoinableQueueContract {

    @Override
    protected JoinableQueue<Integer> newQueue(Capacity capacity) {
        return SharedQueue.builder().capacity(capacity.elements()).maxElementBytes(16).create();
    }

    @Override
    protected void release(JoinableQueue<Integer> queue) {
        ((SharedQueue<Integer>) queue).close();
    }
}
