package app.fast;

import io.github.multiprocess4j.core.Launch;
import java.util.List;

/** Lambdas of a package open to the library: sent as their parts and rebuilt without Java serialization. */
public final class FastPath {

    private FastPath() {
    }

    public static List<String> run() throws InterruptedException {
        String prefix = "fast-";
        return Launch.processes(2, i -> prefix + i);
    }
}
