package io.github.multiprocess4j.core;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a task travels to a child JVM.
 *
 * <pre>
 *  OBJECT | the task, Java-serialized
 *  LAMBDA | capturing class | functional interface: class, method, signature | implementation: kind, class,
 *         | method, signature | instantiated type | captured count (int) | captured values ({@link ValueCodec});
 *         | captures that are not simple values travel together, as one serialized Object[]
 * </pre>
 *
 * <p>A serializable lambda is rebuilt in the child from its {@link SerializedLambda} parts by its capturing
 * class's own {@code $deserializeLambda$} method, exactly as Java serialization would, but without creating an
 * {@code ObjectInputStream} when it captures only simple values (see {@link ValueCodec} for why that matters).
 * Lambdas whose capturing class is in a package not open to this library go the Java-serialization way.
 */
final class TaskCodec {

    private static final byte OBJECT = 1;
    private static final byte LAMBDA = 2;

    private TaskCodec() {
    }

    /**
     * Encodes a task in the parent.
     *
     * @throws IllegalArgumentException if the task or what it captures cannot be serialized, naming the culprit
     */
    static byte[] encode(Object task) {
        Optional<SerializedLambda> lambda = CaptureInspector.serializedLambda(task)
                .filter(parts -> canRebuild(task, parts));
        if (lambda.isEmpty()) {
            byte[] serialized = Serialization.serializeTask(task);
            byte[] encoded = new byte[serialized.length + 1];
            encoded[0] = OBJECT;
            System.arraycopy(serialized, 0, encoded, 1, serialized.length);
            return encoded;
        }
        try {
            return encodeLambda(task, lambda.get());
        } catch (IOException e) {
            throw new IllegalArgumentException("the task cannot be sent to a child process: " + e, e);
        }
    }

    private static byte[] encodeLambda(Object task, SerializedLambda lambda) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(LAMBDA);
        out.writeUTF(lambda.getCapturingClass());
        out.writeUTF(lambda.getFunctionalInterfaceClass());
        out.writeUTF(lambda.getFunctionalInterfaceMethodName());
        out.writeUTF(lambda.getFunctionalInterfaceMethodSignature());
        out.writeInt(lambda.getImplMethodKind());
        out.writeUTF(lambda.getImplClass());
        out.writeUTF(lambda.getImplMethodName());
        out.writeUTF(lambda.getImplMethodSignature());
        out.writeUTF(lambda.getInstantiatedMethodType());
        List<Object> complex = new ArrayList<>();
        for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
            Object captured = lambda.getCapturedArg(i);
            if (!ValueCodec.isSimple(captured)) {
                complex.add(captured);
            }
        }
        out.writeInt(lambda.getCapturedArgCount());
        for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
            Object captured = lambda.getCapturedArg(i);
            boolean simple = ValueCodec.isSimple(captured);
            out.writeBoolean(simple);
            if (simple) {
                ValueCodec.write(out, captured);
            }
        }
        out.writeBoolean(!complex.isEmpty());
        if (!complex.isEmpty()) {
            // one blob for all of them keeps shared references shared, as Java serialization would
            ValueCodec.writeSerialized(out, Serialization.serializeTaskPart(task, complex.toArray()));
        }
        out.flush();
        return bytes.toByteArray();
    }

    /** Rebuilding calls a private method of the capturing class, which its package must allow. */
    private static boolean canRebuild(Object task, SerializedLambda lambda) {
        try {
            Class<?> capturing = Class.forName(lambda.getCapturingClass().replace('/', '.'), false,
                    task.getClass().getClassLoader());
            return capturing.getModule().isOpen(capturing.getPackageName(), TaskCodec.class.getModule());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Decodes a task in the child. */
    static Object decode(byte[] payload, int offset) throws Exception {
        if (payload[offset] == OBJECT) {
            return Serialization.deserialize(payload, offset + 1, null);
        }
        if (payload[offset] != LAMBDA) {
            throw new StreamCorruptedException("unknown task encoding " + payload[offset]);
        }
        DataInputStream in = new DataInputStream(
                new java.io.ByteArrayInputStream(payload, offset + 1, payload.length - offset - 1));
        Class<?> capturing = Class.forName(in.readUTF().replace('/', '.'), false,
                ClassLoader.getSystemClassLoader());
        String interfaceClass = in.readUTF();
        String interfaceMethod = in.readUTF();
        String interfaceSignature = in.readUTF();
        int implKind = in.readInt();
        String implClass = in.readUTF();
        String implMethod = in.readUTF();
        String implSignature = in.readUTF();
        String instantiatedType = in.readUTF();
        Object[] captured = new Object[in.readInt()];
        boolean[] simple = new boolean[captured.length];
        for (int i = 0; i < captured.length; i++) {
            simple[i] = in.readBoolean();
            captured[i] = simple[i] ? ValueCodec.read(in, null) : null;
        }
        if (in.readBoolean()) {
            Object[] complex = (Object[]) ValueCodec.read(in, null);
            int next = 0;
            for (int i = 0; i < captured.length; i++) {
                if (!simple[i]) {
                    captured[i] = complex[next++];
                }
            }
        }
        SerializedLambda lambda = new SerializedLambda(capturing, interfaceClass, interfaceMethod,
                interfaceSignature, implKind, implClass, implMethod, implSignature, instantiatedType, captured);
        Method rebuild = capturing.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
        rebuild.setAccessible(true);
        try {
            return rebuild.invoke(null, lambda);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }
}
