package io.github.multiprocess4j.queue;

/** {@link WorkQueue} keeps the whole {@link JoinableQueue} contract. */
class WorkQueueContractTest extends JoinableQueueContract {

    @Override
    protected JoinableQueue<Integer> newQueue(Capacity capacity) {
        return capacity.isBounded() ? new WorkQueue<>(capacity.elements()) : new WorkQueue<>();
    }
}
