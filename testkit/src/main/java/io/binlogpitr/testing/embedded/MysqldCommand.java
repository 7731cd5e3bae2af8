package io.binlogpitr.testing.embedded;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code mysqld} command line shared by {@code --initialize-insecure} and a server start. */
final class MysqldCommand {
    private MysqldCommand() {}

    /**
     * {@code mysqld --no-defaults} (which must come first) with the paths of one instance. {@code --user=root} only
     * when running as root: mysqld refuses to run as root without it.
     */
    static List<String> base(MysqlDistribution distribution, Path instanceDir, Path dataDir) {
        Path base = distribution.baseDir();
        List<String> args = new ArrayList<>(List.of(
                distribution.mysqld().toString(),
                "--no-defaults",
                "--basedir=" + base,
                "--datadir=" + dataDir,
                "--lc-messages-dir=" + base.resolve("share"),
                "--tmpdir=" + instanceDir.resolve("tmp"),
                "--log-error=" + instanceDir.resolve("error.log")));
        if ("root".equals(System.getProperty("user.name"))) {
            args.add(2, "--user=root");
        }
        return args;
    }

    /** Runs in the instance directory; stdout and stderr (where the loader names missing libraries) to a file. */
    static ProcessBuilder processBuilder(Path instanceDir, List<String> command) {
        return new ProcessBuilder(command)
                .directory(instanceDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(instanceDir.resolve(StartFailures.OUTPUT).toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }

    static String flag(String name, String value) {
        return value.isEmpty() ? "--" + name : "--" + name + "=" + value;
    }
}
