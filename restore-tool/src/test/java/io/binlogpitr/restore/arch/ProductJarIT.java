package io.binlogpitr.restore.arch;

import io.binlogpitr.common.arch.ProductJar;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** pitr-restore.jar holds only the product: no test kit, quick start, benchmark, MySQL tarball or Maven lookup. */
class ProductJarIT {
    @Test
    void holdsOnlyTheProduct() throws Exception {
        ProductJar.check(Path.of("target", "pitr-restore.jar"));
    }
}
