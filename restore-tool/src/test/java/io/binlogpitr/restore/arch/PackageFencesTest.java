package io.binlogpitr.restore.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The fences of STYLE.md for the restore tool; a broken one names what to do instead. */
class PackageFencesTest {
    private static final JavaClasses RESTORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.binlogpitr.restore");

    @Test
    void theToolNeverUsesTheAgent() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.binlogpitr.agent..")
                .because("the restore tool runs where no agent is installed; what both need lives in common")
                .check(RESTORE);
    }

    @Test
    void theProductNeverUsesTheTestKitTheQuickStartOrTheBenchmarks() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.binlogpitr.testing..", "io.binlogpitr.quickstart..", "io.binlogpitr.bench..")
                .because("they never ship (ProductJarIT checks the jar): a real MySQL for a test comes from the"
                        + " testkit module at test scope, a benchmark goes in the bench module")
                .check(RESTORE);
    }
}
