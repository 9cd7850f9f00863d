package io.github.multiprocess4j.queue;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** Gets elements until the queue is shut down and empty; see {@link JoinableQueue#drainingIterator()}. */
final class DrainingIterator<E> implements Iterator<E> {

    private final JoinableQueue<E> queue;
    private E next;
    private boolean ended;

    DrainingIterator(JoinableQueue<E> queue) {
        this.queue = queue;
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (ended) {
            return false;
        }
        try {
            next = queue.get();
            return true;
        } catch (QueueShutDownException e) {
            ended = true;
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = true;
            return false;
        }
    }

    @Override
    public E next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the queue is shut down and empty, or the thread was interrupted");
        }
        E element = next;
        next = null;
        return element;
    }
}
