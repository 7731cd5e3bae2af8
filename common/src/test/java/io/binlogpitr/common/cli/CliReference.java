package io.binlogpitr.common.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Compares a picocli command tree with docs/reference/cli.md. Each tool's test walks its own tree (the tree is
 * walked, not listed, so a command added later is checked as soon as it exists). A command is documented by a
 * heading {@code ## pitr-restore} / {@code ### pitr-restore list}; every name of every option must appear in its
 * section, and the {@code --help} text pasted there must be the one the command prints.
 */
public final class CliReference {
    public static final Path CLI_MD = Path.of("..", "docs", "reference", "cli.md");

    private final List<String> lines;

    private CliReference(List<String> lines) {
        this.lines = lines;
    }

    public static CliReference read() throws IOException {
        return new CliReference(Files.readAllLines(CLI_MD));
    }

    /** The root command and every (non-hidden) subcommand below it, depth first. */
    public static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);
        return all;
    }

    private static void collect(CommandLine cl, List<CommandLine> all) {
        if (cl.getCommandSpec().usageMessage().hidden()) {
            return;
        }
        all.add(cl);
        cl.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, all));
    }

    /** The lines under the heading "#... QUALIFIED NAME" up to the next heading of the same or a higher level. */
    public String section(CommandLine command) {
        String name = command.getCommandSpec().qualifiedName();
        int start = -1;
        int level = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hashes = headingLevel(line);
            if (start < 0 && hashes > 0 && line.substring(hashes).strip().equals(name)) {
                start = i;
                level = hashes;
            } else if (start >= 0 && hashes > 0 && hashes <= level) {
                return String.join("\n", lines.subList(start, i));
            }
        }
        return start < 0 ? null : String.join("\n", lines.subList(start, lines.size()));
    }

    private static int headingLevel(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == '#') {
            n++;
        }
        return n > 0 && n < line.length() && line.charAt(n) == ' ' ? n : 0;
    }

    /** Problems found for one command: a missing section, option names absent from it, a stale --help paste. */
    public List<String> problems(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        String name = spec.qualifiedName();
        String section = section(command);
        List<String> problems = new ArrayList<>();
        if (section == null) {
            problems.add("cli.md has no heading '" + name + "' (add a section with its --help output)");
            return problems;
        }
        // exclude fenced and prose text that merely contains a longer option: --to must not match --to-gtid
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            for (String optionName : option.names()) {
                Pattern token = Pattern.compile("(?<![\\w-])" + Pattern.quote(optionName) + "(?![\\w-])");
                if (!token.matcher(section).find()) {
                    problems.add("'" + name + "': option " + optionName + " is not in its section of cli.md");
                }
            }
        }
        String usage = command.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing();
        if (!section.contains(usage)) {
            problems.add("'" + name + "': the --help text in cli.md differs from the command's; paste the output of '"
                    + name + " --help':\n" + usage);
        }
        return problems;
    }
}
