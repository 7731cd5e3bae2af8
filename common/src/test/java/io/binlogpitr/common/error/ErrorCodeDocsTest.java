package io.binlogpitr.common.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Every error code a user can see has its section and its summary row in docs/reference/errors.md. */
class ErrorCodeDocsTest {
    @Test
    void everyCodeIsDocumented() throws Exception {
        String docs = Files.readString(Path.of("..", "docs", "reference", "errors.md"));
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(docs)
                    .as("errors.md documents %s", code)
                    .contains("### " + code.name() + "\n")
                    .contains("| [" + code.name() + "](#" + code.name().toLowerCase(Locale.ROOT) + ") | "
                            + code.exitCode() + " |");
        }
    }
}
