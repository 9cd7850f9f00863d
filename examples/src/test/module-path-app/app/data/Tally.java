package app.data;

import java.util.ArrayList;
import java.util.List;

/** A mutable object with private fields, kept in a SharedObject: Kryo sets its fields by reflection. */
public final class Tally {
    private int count;
    private final List<String> who = new ArrayList<>();

    public Tally add(String name) {
        count++;
        who.add(name);
        return this;
    }

    @Override
    public String toString() {
        return "Tally " + count + " " + who;
    }
}
