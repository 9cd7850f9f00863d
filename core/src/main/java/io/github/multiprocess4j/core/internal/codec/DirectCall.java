package io.github.multiprocess4j.core.internal.codec;

import io.github.multiprocess4j.core.IndexedTask;
import io.github.multiprocess4j.core.Task;
import io.github.multiprocess4j.core.VoidTask;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * A task lambda called through its implementation method, without making the lambda: what a child that runs one task
 * does instead of {@link Lambdas#rebuild}, whose lambda factory spins a class at run time (loading and running the
 * JDK's class-file writer in the interpreter, several milliseconds of a child's start-up).
 *
 * <p>It is the same call: a lambda's body cannot refer to the lambda object (its {@code this} is the enclosing
 * instance), so calling its implementation with the captured values and the call's arguments is all the lambda would
 * do. Arguments and results are adapted by reflection, which boxes, unboxes and widens as the lambda factory does.
 * Only lambdas of {@link Task}, {@link VoidTask} and {@link IndexedTask} whose implementation is a method or
 * constructor of the class that wrote them qualify; for the rest {@link #of} gives {@code null} and the lambda is
 * rebuilt. Should reflection refuse the arguments after all, the call falls back to the rebuilt lambda, before any of
 * the task's code has run.
 *
 * <p>Not thread-safe: a child calls its one task once, on its main thread.
 */
public final class DirectCall {

    private static final String TASK = Task.class.getName().replace('.', '/');
    private static final String VOID_TASK = VoidTask.class.getName().replace('.', '/');
    private static final String INDEXED_TASK = IndexedTask.class.getName().replace('.', '/');

    private final SerializedLambda lambda;
    private final Class<?> capturing;
    private final Executable implementation;
    private final boolean indexed;
    private final boolean returnsNothing;

    private DirectCall(SerializedLambda lambda, Class<?> capturing, Executable implementation, boolean indexed,
            boolean returnsNothing) {
        this.lambda = lambda;
        this.capturing = capturing;
        this.implementation = implementation;
        this.indexed = indexed;
        this.returnsNothing = returnsNothing;
    }

    /**
     * The direct call of a lambda, if it qualifies.
     *
     * @param lambda the lambda's parts, its captured values read
     * @param capturing the class that wrote it, already checked against the filter
     * @return the call, or {@code null} if the lambda has to be rebuilt
     */
    static DirectCall of(SerializedLambda lambda, Class<?> capturing) {
        String face = lambda.getFunctionalInterfaceClass();
        boolean indexed = face.equals(INDEXED_TASK);
        if (!face.equals(TASK) && !face.equals(VOID_TASK) && !indexed
                || !lambda.getImplClass().equals(lambda.getCapturingClass())) {
            return null;
        }
        Executable implementation = find(capturing, lambda.getImplMethodKind(), lambda.getImplMethodName(),
                lambda.getImplMethodSignature());
        if (implementation == null || !implementation.trySetAccessible()) {
            return null;
        }
        return new DirectCall(lambda, capturing, implementation, indexed, face.equals(VOID_TASK));
    }

    /** The method or constructor a lambda's parts name, or {@code null} for a kind this class does not call. */
    private static Executable find(Class<?> owner, int kind, String name, String signature) {
        boolean constructor = kind == MethodHandleInfo.REF_newInvokeSpecial;
        if (!constructor && kind != MethodHandleInfo.REF_invokeStatic && kind != MethodHandleInfo.REF_invokeVirtual
                && kind != MethodHandleInfo.REF_invokeSpecial && kind != MethodHandleInfo.REF_invokeInterface) {
            return null;
        }
        Executable[] candidates = constructor ? owner.getDeclaredConstructors() : owner.getDeclaredMethods();
        for (Executable candidate : candidates) {
            if ((constructor || candidate.getName().equals(name)) && signature.equals(descriptor(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    private static String descriptor(Executable executable) {
        StringBuilder text = new StringBuilder().append('(');
        for (Class<?> parameter : executable.getParameterTypes()) {
            text.append(parameter.descriptorString());
        }
        text.append(')');
        return text.append(executable instanceof Method ? ((Method) executable).getReturnType().descriptorString()
                : "V").toString();
    }

    /**
     * Runs the task: calls the implementation with the captured values, then the index if the task takes one.
     *
     * @param index the task's index, for an {@link IndexedTask}
     * @return what the task returned; {@code null} for a {@link VoidTask}
     * @throws Throwable whatever the task threw, as it threw it
     */
    public Object call(int index) throws Throwable {
        Object[] arguments = new Object[lambda.getCapturedArgCount() + (indexed ? 1 : 0)];
        for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
            arguments[i] = lambda.getCapturedArg(i);
        }
        if (indexed) {
            arguments[arguments.length - 1] = index;
        }
        Object result;
        try {
            result = invoke(arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } catch (IllegalArgumentException | ReflectiveOperationException e) {
            return callRebuilt(index);
        }
        return returnsNothing ? null : result;
    }

    private Object invoke(Object[] arguments) throws ReflectiveOperationException {
        if (implementation instanceof Constructor) {
            return ((Constructor<?>) implementation).newInstance(arguments);
        }
        Method method = (Method) implementation;
        if (lambda.getImplMethodKind() == MethodHandleInfo.REF_invokeStatic) {
            return method.invoke(null, arguments);
        }
        if (arguments.length == 0) {
            throw new IllegalArgumentException("no receiver for " + method);
        }
        return method.invoke(arguments[0], Arrays.copyOfRange(arguments, 1, arguments.length));
    }

    /** The task as the lambda it was, for the arguments reflection would not take. */
    private Object callRebuilt(int index) throws Exception {
        Object task = Lambdas.rebuild(lambda, capturing);
        if (indexed) {
            return ((IndexedTask<?>) task).call(index);
        }
        if (returnsNothing) {
            ((VoidTask) task).run();
            return null;
        }
        return ((Task<?>) task).call();
    }
}
