package io.binlogpitr.common.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The fences of STYLE.md for common; a broken one names what to do instead. */
class PackageFencesTest {
    private static final JavaClasses COMMON = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.binlogpitr.common");

    @Test
    void onlyTheJournalTouchesChronicle() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.binlogpitr.common.journal..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("net.openhft..")
                .because("the journal is the one place that knows the storage; use JournalWriter/JournalReader")
                .check(COMMON);
    }

    @Test
    void onlyTheDdlResolverAndTheSchemaHistoryTouchTheGrammar() {
        noClasses()
                .that()
                .resideOutsideOfPackages("io.binlogpitr.common.ddl..", "io.binlogpitr.common.schema..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.debezium..", "org.antlr..")
                .because("what a statement names comes from DdlObjects.resolve, how it changes a table from the schema"
                        + " history; keep the parse tree behind them")
                .check(COMMON);
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
                .check(COMMON);
    }

    @Test
    void theProductNeverUsesTheTestKitTheQuickStartOrTheBenchmarks() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.binlogpitr.testing..", "io.binlogpitr.quickstart..", "io.binlogpitr.bench..")
                .because("they never ship (ProductJarIT checks the jar): a real MySQL for a test comes from the"
                        + " testkit module at test scope, a benchmark goes in the bench module")
                .check(COMMON);
    }
}
