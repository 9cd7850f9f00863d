package app.data;

import java.io.Serializable;

/** A record that tasks return: it comes back by Java serialization, which needs no opens. */
public record Point(int x, int y) implements Serializable {
}
