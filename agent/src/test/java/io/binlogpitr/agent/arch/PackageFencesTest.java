package io.binlogpitr.agent.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The fences of STYLE.md for the agent; a broken one names what to do instead. */
class PackageFencesTest {
    private static final JavaClasses AGENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.binlogpitr.agent");

    @Test
    void onlyTheStreamTouchesTheBinlogConnector() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.binlogpitr.agent.stream..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.github.shyiko..")
                .because("the connector is only a transport, fenced in the stream package; use BinlogStreamer")
                .check(AGENT);
    }

    @Test
    void nothingPrintsOutsideTheCommandLine() {
        noClasses()
                .that()
                .resideOutsideOfPackage("..cli..")
                .should()
                .accessField(System.class, "out")
                .orShould()
                .accessField(System.class, "err")
                .because("log through slf4j, or return values for a command to print")
                .check(AGENT);
    }

    @Test
    void chronicleStaysInsideTheJournal() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("net.openhft..")
                .because("the journal package of common is the one place that knows the storage")
                .check(AGENT);
    }

    @Test
    void metricsAndTheHttpServerStayInTheHttpPackage() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.binlogpitr.agent.http..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.micrometer..", "io.prometheus..", "com.sun.net.httpserver..")
                .because("counters live in plain classes (StreamStats, SnapshotStats, LagRecorder); the http"
                        + " package reads them into Micrometer when scraped")
                .check(AGENT);
    }

    @Test
    void theProductNeverUsesTheTestKitTheQuickStartOrTheBenchmarks() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.binlogpitr.testing..", "io.binlogpitr.quickstart..", "io.binlogpitr.bench..")
                .because("they never ship (ProductJarIT checks the jar): a real MySQL for a test comes from the"
                        + " testkit module at test scope, a benchmark goes in the bench module")
                .check(AGENT);
    }
}
