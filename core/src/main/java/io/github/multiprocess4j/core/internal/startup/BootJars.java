package io.github.multiprocess4j.core.internal.startup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Spring Boot executable jars (and wars) as plain files that a child JVM can have on its class path.
 *
 * <p>Boot's launcher runs the application in a class loader whose URLs point into the archive:
 * {@code jar:nested:/app.jar/!BOOT-INF/lib/x.jar!/} since Boot 3.2, {@code jar:file:/app.jar!/BOOT-INF/lib/x.jar!/}
 * before. No other JVM can be given those on {@code -cp}. So the archive's {@code BOOT-INF/} (a war's
 * {@code WEB-INF/}) is unpacked once into the {@link CacheDirectory}, as {@code boot-<digest>} named after the
 * SHA-256 of the archive, and each such URL stands for the file of the same entry name there: the classes directory
 * and the library jars, in the order of the launcher's class loader (which follows {@code BOOT-INF/classpath.idx}).
 * A child then starts as from {@code java -cp}, and Boot's classes are not needed at all, at compile time or in the
 * child.
 *
 * <p>Why unpack rather than start children through the archive's own {@code PropertiesLauncher} with
 * {@code -Dloader.main}: that child would load Boot's launcher, open the archive and its nested jars through Boot's
 * own jar support, and only then {@code ChildMain}: more work in every child, where the unpacked copy makes a child
 * what it would be on {@code java -cp}. Measured (the deployment module's {@code StartupMeasurement}, 2 busy shared
 * cores, JDK 17 and 25, medians of 15-20): a JVM started through {@code PropertiesLauncher} took 3-4x as long as one
 * started from the same jars unpacked (about 250 ms more), while 5 children of a Boot jar took 1.10x the time of 5 of
 * the same application on {@code java -cp} (the median of eight runs, which ranged from 0.77x to 1.56x with the
 * machine's load) and 3-7 % more CPU time. The price of unpacking is paid once per archive: hashing it when the first
 * child of a JVM starts, and copying it once per machine and user.
 *
 * <p>Unpacking writes to a fresh private directory beside the copy's name and renames it into place in one step, so
 * a JVM that unpacks the same archive at the same time sees either no copy or a whole one; the slower drops its own.
 * A copy is used only if it is a directory of this user that nobody else can write ({@link PrivateFiles}). When the
 * cache directory cannot be used (unwritable, another user's) or unpacking there fails, the archive is unpacked
 * into a private temporary directory of this JVM, deleted when it exits, and one line on standard error says why.
 * Copies of archives that are no longer used stay in the cache until deleted by hand.
 *
 * <p>Thread-safe. Each archive is unpacked at most once per JVM; if that fails, the failure is kept and every later
 * use reports it.
 */
final class BootJars {

    /** The parts of an archive that its launcher puts on the class path. */
    private static final List<String> UNPACKED_PREFIXES = List.of("BOOT-INF/", "WEB-INF/");
    /** Hex digits of the archive's SHA-256 in the copy's name: 128 bits. */
    private static final int DIGEST_CHARS = 32;
    /** Half-unpacked copies of JVMs that died while unpacking are removed after this long. */
    private static final long LEFTOVER_MILLIS = TimeUnit.HOURS.toMillis(1);
    private static final FileAttribute<?>[] PRIVATE = PrivateFiles.checked()
            ? new FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
            : new FileAttribute<?>[0];

    /** Per archive (absolute, normalized): its unpacked copy, or the {@link IOException} that prevented it. */
    private static final Map<Path, Object> UNPACKED = new ConcurrentHashMap<>();

    private BootJars() {
    }

    /** An entry of an archive that a Boot launcher's URL names. */
    static final class Nested {
        final Path archive;
        /** The entry's name, without a trailing slash: {@code BOOT-INF/classes}, {@code BOOT-INF/lib/x.jar}. */
        final String entry;

        Nested(Path archive, String entry) {
            this.archive = archive.toAbsolutePath().normalize();
            this.entry = entry;
        }
    }

    /**
     * The archive and entry that a class path URL of a Boot launcher names, in either form.
     *
     * @return {@code null} if the URL is not one: not nested, or not under {@code BOOT-INF/} or {@code WEB-INF/}
     */
    static Nested parse(URL url) {
        String text = url.toString();
        boolean jar = text.startsWith("jar:");
        if (jar) {
            text = text.substring("jar:".length());
        }
        if (text.endsWith("!/")) {
            text = text.substring(0, text.length() - 2);
        }
        try {
            if (text.startsWith("nested:")) {
                String location = decode(text.substring("nested:".length()));
                int separator = location.lastIndexOf("/!");
                return separator < 0 ? null
                        : nested(Paths.get(location.substring(0, separator)), location.substring(separator + 2));
            }
            int separator = text.indexOf("!/");
            if (jar && text.startsWith("file:") && separator > 0) {
                return nested(Paths.get(new URI(text.substring(0, separator))),
                        decode(text.substring(separator + 2)));
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            // not a location on this file system
        }
        return null;
    }

    private static Nested nested(Path archive, String entry) {
        String name = entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry;
        boolean unpacked = UNPACKED_PREFIXES.stream().anyMatch(name::startsWith);
        return unpacked && isSafe(name) ? new Nested(archive, name) : null;
    }

    /** Percent-decoding as URIs have it: a {@code +} stays a plus. */
    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * The file that a Boot launcher's URL stands for in the archive's unpacked copy, unpacking it if this JVM has
     * not yet.
     *
     * @return the file or directory, or {@code null} if the URL is not a Boot launcher's
     * @throws IOException if it is one, but the archive cannot be unpacked; the message says why
     */
    static Path toFile(URL url) throws IOException {
        Nested nested = parse(url);
        return nested == null ? null : unpacked(nested.archive).resolve(nested.entry);
    }

    /** Whether {@code jar} is an archive whose copy this JVM uses: it has no place on a child's class path itself. */
    static boolean isUnpacked(Path jar) {
        return UNPACKED.get(jar.toAbsolutePath().normalize()) instanceof Path;
    }

    private static Path unpacked(Path archive) throws IOException {
        Object copy = UNPACKED.computeIfAbsent(archive, BootJars::unpackSomewhere);
        if (copy instanceof IOException) {
            throw new IOException(((IOException) copy).getMessage(), (IOException) copy);
        }
        return (Path) copy;
    }

    /** Unpacks into the cache directory, else into a temporary directory; gives the copy or the failure. */
    private static Object unpackSomewhere(Path archive) {
        String cacheProblem;
        try {
            return unpack(archive, usableCacheDirectory());
        } catch (IOException | RuntimeException e) {
            cacheProblem = e.getMessage();
        }
        try {
            Path temporary = Files.createTempDirectory("multiprocess4j-boot-", PRIVATE);
            Runtime.getRuntime().addShutdownHook(
                    new Thread(() -> deleteQuietly(temporary), "multiprocess4j-delete-unpacked"));
            Path copy = unpack(archive, temporary);
            System.err.println("multiprocess4j: unpacked " + archive + " for child JVMs into " + temporary
                    + " for this JVM only, as the cache directory cannot be used: " + cacheProblem);
            return copy;
        } catch (IOException | RuntimeException e) {
            return new IOException("cannot unpack the Spring Boot archive " + archive + " for child JVMs: "
                    + cacheProblem + "; nor into a temporary directory: " + e.getMessage(), e);
        }
    }

    private static Path usableCacheDirectory() throws IOException {
        Path directory = CacheDirectory.create(CacheDirectory.location());
        String untrusted = PrivateFiles.whyUntrusted(directory, true);
        if (untrusted != null) {
            throw new IOException(untrusted);
        }
        if (!Files.isWritable(directory)) {
            throw new IOException(directory + " cannot be written");
        }
        return directory;
    }

    /**
     * Unpacks an archive's {@code BOOT-INF/} and {@code WEB-INF/} into {@code directory}, unless a copy of the same
     * content is there already.
     *
     * @return the copy: a directory holding the unpacked entries under their own names
     * @throws IOException if the archive cannot be read or unpacked, or the copy there cannot be trusted
     */
    static Path unpack(Path archive, Path directory) throws IOException {
        String digest = sha256(archive).substring(0, DIGEST_CHARS);
        Path copy = directory.resolve("boot-" + digest);
        if (!Files.exists(copy, LinkOption.NOFOLLOW_LINKS)) {
            deleteLeftovers(directory);
            Path partial = Files.createTempDirectory(directory, "boot-" + digest + ".partial-", PRIVATE);
            try {
                extract(archive, partial);
                Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.isDirectory(copy, LinkOption.NOFOLLOW_LINKS)) {
                    throw e;
                }
                // another JVM put its copy in place first: that one is as good
            } finally {
                deleteQuietly(partial);
            }
        }
        String untrusted = PrivateFiles.whyUntrusted(copy, true);
        if (untrusted != null) {
            throw new IOException("its unpacked copy is not used: " + untrusted);
        }
        return copy;
    }

    private static void extract(Path archive, Path target) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (UNPACKED_PREFIXES.stream().noneMatch(name::startsWith)) {
                    continue;
                }
                if (!isSafe(name)) {
                    throw new IOException(archive + " holds an entry named " + name + ", which would leave its copy");
                }
                Path file = target.resolve(name);
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else {
                    Files.createDirectories(file.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, file);
                    }
                }
            }
        }
    }

    /** An entry name that stays inside the directory it is unpacked into. */
    private static boolean isSafe(String name) {
        if (name.startsWith("/") || name.contains("\\")) {
            return false;
        }
        for (String part : name.split("/", -1)) {
            if (part.equals("..") || part.equals(".")) {
                return false;
            }
        }
        return true;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Half-unpacked copies of JVMs that died while unpacking, after an hour. */
    private static void deleteLeftovers(Path directory) throws IOException {
        long cutoff = System.currentTimeMillis() - LEFTOVER_MILLIS;
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(file -> file.getFileName().toString().matches("boot-[0-9a-f]+\\.partial-.*"))
                    .filter(file -> {
                        try {
                            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis() < cutoff;
                        } catch (IOException e) {
                            return false;
                        }
                    }).forEach(BootJars::deleteQuietly);
        }
    }

    /** Deletes a file or a directory with everything in it, as far as it can; symbolic links are not followed. */
    static void deleteQuietly(Path path) {
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException | UncheckedIOException e) {
            // what is left does no harm: a copy is used only once it is whole
        }
    }
}
