package io.github.multiprocess4j.examples;

/** One section of the tour, or one of its exercises, runnable on its own. */
interface Example {

    /** The short name the tour runner accepts, such as {@code threading}. */
    String name();

    /** One line saying what the section shows. */
    String title();

    void run() throws Exception;
}
