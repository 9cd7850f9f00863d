package io.github.multiprocess4j.shm.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Which classes Kryo may write and read, as the user lists them in the spirit of the JDK's serial filter patterns:
 * patterns separated by {@code ;}, each
 * <ul>
 *   <li>{@code com.example.Point}: that class;</li>
 *   <li>{@code com.example.*}: the classes of that package (nested ones included), not of its subpackages;</li>
 *   <li>{@code com.example.**}: the classes of that package and of all its subpackages;</li>
 *   <li>{@code com.example.Point*}: every class whose name starts so;</li>
 *   <li>{@code *}: every class;</li>
 *   <li>any of these after {@code !}: refused.</li>
 * </ul>
 * The first pattern that matches a class decides; a class that none matches is refused. An array is decided by its
 * element class; arrays of primitives are always allowed. Names are binary names, as {@link Class#getName()} gives
 * them ({@code com.example.Outer$Inner}).
 *
 * <p>Immutable and thread-safe.
 */
final class ClassNamePatterns {

    /** How a pattern matches. */
    private enum Kind {
        ANY, PACKAGE, SUBPACKAGES, PREFIX, EXACT
    }

    /** One pattern. */
    private record Rule(boolean allows, Kind kind, String body) {

        boolean matches(String className) {
            switch (kind) {
                case ANY:
                    return true;
                case PACKAGE:
                    return packageOf(className).equals(body);
                case SUBPACKAGES:
                    String pkg = packageOf(className);
                    return pkg.equals(body) || pkg.startsWith(body + ".");
                case PREFIX:
                    return className.startsWith(body);
                default:
                    return className.equals(body);
            }
        }
    }

    private final String text;
    private final List<Rule> rules;

    private ClassNamePatterns(String text, List<Rule> rules) {
        this.text = text;
        this.rules = rules;
    }

    /**
     * Reads a list of patterns.
     *
     * @throws IllegalArgumentException if a pattern is malformed, naming it
     */
    static ClassNamePatterns parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String part : text.split(";", -1)) {
            String pattern = part.trim();
            if (!pattern.isEmpty()) {
                rules.add(rule(pattern));
            }
        }
        return new ClassNamePatterns(text, List.copyOf(rules));
    }

    private static Rule rule(String pattern) {
        boolean allows = !pattern.startsWith("!");
        String body = allows ? pattern : pattern.substring(1).trim();
        Kind kind;
        if (body.equals("*")) {
            kind = Kind.ANY;
            body = "";
        } else if (body.endsWith(".**")) {
            kind = Kind.SUBPACKAGES;
            body = body.substring(0, body.length() - 3);
        } else if (body.endsWith(".*")) {
            kind = Kind.PACKAGE;
            body = body.substring(0, body.length() - 2);
        } else if (body.endsWith("*")) {
            kind = Kind.PREFIX;
            body = body.substring(0, body.length() - 1);
        } else {
            kind = Kind.EXACT;
        }
        if (kind != Kind.ANY && body.isEmpty() || body.contains("*") || body.contains("/") || body.contains("=")
                || body.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("invalid class pattern '" + pattern + "': use a class name, package.*,"
                    + " package.**, a prefix followed by *, or *, each perhaps after !");
        }
        return new Rule(allows, kind, body);
    }

    /**
     * Whether a class may be written and read.
     *
     * @param className a binary class name, or an array class's name ({@code [Lcom.example.Point;})
     */
    boolean allows(String className) {
        String element = elementName(className);
        if (element == null) {
            return true; // an array of primitives
        }
        for (Rule rule : rules) {
            if (rule.matches(element)) {
                return rule.allows();
            }
        }
        return false;
    }

    /** The element class of an array class's name, the name itself otherwise; {@code null} for a primitive one. */
    private static String elementName(String className) {
        int dimensions = 0;
        while (dimensions < className.length() && className.charAt(dimensions) == '[') {
            dimensions++;
        }
        if (dimensions == 0) {
            return className;
        }
        if (className.startsWith("L", dimensions) && className.endsWith(";")) {
            return className.substring(dimensions + 1, className.length() - 1);
        }
        return null;
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    /** The patterns as the user wrote them. */
    @Override
    public String toString() {
        return text;
    }
}
