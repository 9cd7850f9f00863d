package io.github.multiprocess4j.core.internal.codec;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The classes a class file names: its class constants, and every class in a descriptor or signature among its
 * strings. A superset of what the class can load, which is what matters for sending the classes a task needs.
 *
 * <pre>
 *  class file = magic (0xCAFEBABE), minor (u2), major (u2), constant count (u2), constants 1..count-1, ...
 *  constant   = tag (u1), then by tag: 1 UTF-8 (u2 length, bytes); 3 int, 4 float (4 bytes); 5 long, 6 double
 *               (8 bytes, and take two slots); 7 class, 8 string, 16 method type, 19 module, 20 package (u2);
 *               9, 10, 11 member references, 12 name and type, 17 dynamic, 18 invoke dynamic (4 bytes);
 *               15 method handle (3 bytes)
 * </pre>
 */
final class ClassReferences {

    private ClassReferences() {
    }

    /**
     * The names, in internal form ({@code java/lang/String}), of the classes a class file names.
     *
     * @throws IOException if the bytes are not a class file
     */
    static Set<String> of(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] strings = new String[count];
        int[] classNameIndexes = new int[count];
        int classes = 0;
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1:
                    strings[i] = in.readUTF();
                    break;
                case 7:
                    classNameIndexes[classes++] = in.readUnsignedShort();
                    break;
                case 8: case 16: case 19: case 20:
                    in.readUnsignedShort();
                    break;
                case 15:
                    in.skipBytes(3);
                    break;
                case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                    in.skipBytes(4);
                    break;
                case 5: case 6:
                    in.skipBytes(8);
                    i++;
                    break;
                default:
                    throw new IOException("unknown constant tag " + tag + " at " + i);
            }
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < classes; i++) {
            String name = strings[classNameIndexes[i]];
            if (name != null) {
                addClass(names, name);
            }
        }
        for (String string : strings) {
            if (string != null) {
                addFromDescriptor(names, string);
            }
        }
        return names;
    }

    /** A class constant: a name, or an array descriptor. */
    private static void addClass(Set<String> names, String name) {
        if (name.startsWith("[")) {
            addFromDescriptor(names, name);
        } else {
            names.add(name);
        }
    }

    /** Every {@code Lname;} or {@code Lname<} in a string that may be a descriptor or signature. */
    private static void addFromDescriptor(Set<String> names, String text) {
        int at = 0;
        while ((at = text.indexOf('L', at)) >= 0) {
            int end = at + 1;
            while (end < text.length() && text.charAt(end) != ';' && text.charAt(end) != '<'
                    && text.charAt(end) != '.' && isNamePart(text.charAt(end))) {
                end++;
            }
            if (end < text.length() && end > at + 1 && (text.charAt(end) == ';' || text.charAt(end) == '<')) {
                names.add(text.substring(at + 1, end));
            }
            at = end;
        }
    }

    private static boolean isNamePart(char c) {
        return c == '/' || c == '$' || Character.isJavaIdentifierPart(c);
    }
}
