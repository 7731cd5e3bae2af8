package io.binlogpitr.restore.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The differential fuzzer against a real MySQL replica ({@link FuzzRun}). In the suite: a short run with a fixed
 * seed over the feature classes that pass today ({@link Feature#PASSING}). {@code bin/pitr-fuzz} runs this same
 * test with {@code -Dfuzz.seed}, {@code -Dfuzz.minutes}, {@code -Dfuzz.features}; on a mismatch the failure names the
 * seed, the point, the object and the first differing rows, and the run's repository is kept.
 */
class FuzzIT {
    @Test
    void ourRestoresEqualAMysqlReplicaAtEveryPoint() throws Exception {
        long seed = Long.getLong("fuzz.seed", 20261203L);
        double minutes = Double.parseDouble(System.getProperty("fuzz.minutes", "0"));
        Set<Feature> features = Feature.parse(System.getProperty("fuzz.features", "default"));
        int rounds = minutes > 0 ? Integer.MAX_VALUE : Integer.getInteger("fuzz.rounds", 3);
        Duration length = Duration.ofSeconds(Integer.getInteger("fuzz.round.seconds", 6));
        Duration duration = Duration.ofSeconds((long) (minutes * 60));
        if (Boolean.getBoolean("fuzz.each")) {
            eachClassAlone(seed, duration, rounds, length, features);
            return;
        }
        runOnce(new FuzzRun.Options(seed, duration, rounds, length, features, workDir(seed)));
    }

    /**
     * {@code -Dfuzz.each=true}: each asked feature class not in {@link Feature#PASSING}, alone on top of those, one
     * run each; prints which pass and how each other fails, then fails if any did.
     */
    private static void eachClassAlone(long seed, Duration duration, int rounds, Duration length, Set<Feature> asked)
            throws IOException {
        List<String> failed = new ArrayList<>();
        for (Feature extra : asked) {
            if (Feature.PASSING.contains(extra)) {
                continue;
            }
            Set<Feature> features = EnumSet.copyOf(Feature.PASSING);
            features.add(extra);
            try {
                runOnce(new FuzzRun.Options(seed, duration, rounds, length, features, workDir(seed)));
                System.out.println("fuzz: class " + extra + " PASSED");
            } catch (Exception | AssertionError e) {
                String message = String.valueOf(e.getMessage());
                System.out.println(
                        "fuzz: class " + extra + " FAILED: " + e.getClass().getSimpleName() + ": "
                                + message.lines().limit(60).collect(Collectors.joining("\n    ")));
                failed.add(extra.name());
            }
        }
        assertThat(failed)
                .as("feature classes that fail alone on top of " + Feature.PASSING)
                .isEmpty();
    }

    private static Path workDir(long seed) throws IOException {
        Path base = Path.of(System.getProperty("fuzz.work", "target/fuzz")).toAbsolutePath();
        Files.createDirectories(base);
        return Files.createTempDirectory(base, "seed-" + seed + "-");
    }

    private static void runOnce(FuzzRun.Options options) throws Exception {
        long seed = options.seed();
        Set<Feature> features = options.features();
        Path work = options.work();
        System.out.println("fuzz: seed " + seed + ", features " + features + ", work " + work);
        FuzzRun.Outcome outcome = new FuzzRun(options).run();
        outcome.checks().forEach(c -> System.out.println("fuzz: " + c));
        System.out.println("fuzz: seed " + seed + " passed: " + outcome.points() + " restore points, "
                + outcome.transactions() + " writer transactions (" + outcome.refused() + " refused by the server)");
        assertThat(outcome.points()).isPositive();
        assertThat(outcome.transactions())
                .as("the writers committed transactions")
                .isPositive();
        if (!Boolean.getBoolean("fuzz.keep")) {
            delete(work);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
