package io.github.multiprocess4j.cluster;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * One atomic change to a {@link ClusterQueue}'s state, made on the member that owns it (and the same change on its
 * backup): {@code [shutdown level (0 running, 1 shut down, 2 shut down immediately), unfinished tasks]}. Each change
 * is deterministic, so applying it again on the backup gives the same state.
 */
final class QueueStateChange implements EntryProcessor<String, long[], Long> {

    private static final long serialVersionUID = 1L;

    static final long REFUSED = -1;

    enum Kind {
        /** Count one more unfinished task unless shut down: a put's first step; returns REFUSED if shut down. */
        RESERVE,
        /** Take back a reservation whose element never went in. */
        UNRESERVE,
        /** One task done; returns REFUSED if none was unfinished. */
        TASK_DONE,
        /** Shut down ({@code amount} 1) or shut down immediately ({@code amount} 2). */
        SHUTDOWN,
        /** Count {@code amount} dropped elements as done. */
        DROP
    }

    private final Kind kind;
    private final long amount;

    QueueStateChange(Kind kind, long amount) {
        this.kind = kind;
        this.amount = amount;
    }

    @Override
    public Long process(Map.Entry<String, long[]> entry) {
        long[] state = entry.getValue() == null ? new long[2] : entry.getValue().clone();
        long result = 0;
        switch (kind) {
            case RESERVE:
                if (state[0] != 0) {
                    return REFUSED;
                }
                state[1]++;
                break;
            case UNRESERVE:
            case DROP:
                state[1] = Math.max(0, state[1] - (kind == Kind.DROP ? amount : 1));
                break;
            case TASK_DONE:
                if (state[1] == 0) {
                    return REFUSED;
                }
                state[1]--;
                break;
            case SHUTDOWN:
                state[0] = Math.max(state[0], amount);
                break;
            default:
                throw new IllegalStateException("unknown change " + kind);
        }
        entry.setValue(state);
        return result;
    }
}
