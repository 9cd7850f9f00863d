package io.github.multiprocess4j.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory check behind the fallback segment directory, and how modes are described. */
class TrustedFilesTest {

    @TempDir
    Path temp;

    @BeforeAll
    static void requirePosix() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "no POSIX file attributes here, so no owner or mode to check");
    }

    @Test
    void aDirectoryOfThisUserThatNoOneElseMayWritePasses() throws Exception {
        Path own = Files.createDirectory(temp.resolve("own"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));

        assertThatCode(() -> TrustedFiles.checkDirectory(own)).doesNotThrowAnyException();
    }

    @Test
    void aDirectoryOthersMayWriteALinkToADirectoryAndAFileAreRefused() throws Exception {
        Path open = Files.createDirectory(temp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path link = Files.createSymbolicLink(temp.resolve("link"), temp);
        Path file = Files.createFile(temp.resolve("file"));

        assertThatThrownBy(() -> TrustedFiles.checkDirectory(open)).isInstanceOf(UntrustedFileException.class)
                .hasMessageContaining(open.toString()).hasMessageContaining("rwxrwxrwx (0777)")
                .hasMessageContaining("group or other users may write");
        assertThatThrownBy(() -> TrustedFiles.checkDirectory(link)).isInstanceOf(UntrustedFileException.class)
                .hasMessageContaining("symbolic link to " + temp);
        assertThatThrownBy(() -> TrustedFiles.checkDirectory(file)).isInstanceOf(UntrustedFileException.class)
                .hasMessageContaining("not a directory");
    }

    @Test
    void modesAreShownSymbolicallyAndInOctal() {
        assertThat(TrustedFiles.describe(PosixFilePermissions.fromString("rw-------"))).isEqualTo("rw------- (0600)");
        assertThat(TrustedFiles.describe(EnumSet.allOf(PosixFilePermission.class))).isEqualTo("rwxrwxrwx (0777)");
        assertThat(TrustedFiles.describe(PosixFilePermissions.fromString("r---w---x"))).isEqualTo("r---w---x (0421)");
    }
}
