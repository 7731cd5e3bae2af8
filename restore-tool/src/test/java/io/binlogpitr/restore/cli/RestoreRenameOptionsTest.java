package io.binlogpitr.restore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.binlogpitr.common.cli.ToolRunner;
import io.binlogpitr.common.repository.RepositoryLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --rename-db} that names one database twice, or two databases onto one, is refused before anything is read
 * or connected (exit 2): the last rename silently won before, and two databases would have been merged into one.
 */
class RestoreRenameOptionsTest {
    @TempDir
    Path dir;

    private String[] restore(String... renames) {
        Path repo = RepositoryLayout.createOrOpen(dir.resolve("repo")).root();
        String[] base = {
            "restore",
            "--repo",
            repo.toString(),
            "--target",
            "127.0.0.1:1",
            "--target-user",
            "u",
            "--to-gtid",
            "3e11fa47-71ca-11e1-9e33-c80aa9429562:5"
        };
        String[] args = new String[base.length + renames.length * 2];
        System.arraycopy(base, 0, args, 0, base.length);
        for (int i = 0; i < renames.length; i++) {
            args[base.length + 2 * i] = "--rename-db";
            args[base.length + 2 * i + 1] = renames[i];
        }
        return args;
    }

    private String[] run(String... args) {
        PrintStream savedErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = ToolRunner.execute(new RestoreMain(), args);
            return new String[] {String.valueOf(code), err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(savedErr);
        }
    }

    @Test
    void oneDatabaseRenamedTwiceIsRefused() {
        String[] r = run(restore("shop=shop_a", "shop=shop_b"));
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1])
                .contains("error[USAGE]: --rename-db renames shop twice: to shop_a and to shop_b")
                .contains("HINT: give one --rename-db per database");
    }

    @Test
    void twoDatabasesRenamedOntoOneAreRefused() {
        String[] r = run(restore("shop=side", "crm=side"));
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).contains("error[USAGE]: --rename-db renames both shop and crm to side");
    }

    @Test
    void theSameRenameGivenTwiceIsNoConflict() {
        String[] r = run(restore("shop=side", "shop=side"));
        assertThat(r[1]).doesNotContain("--rename-db renames"); // fails later: the repository has no journal
    }
}
