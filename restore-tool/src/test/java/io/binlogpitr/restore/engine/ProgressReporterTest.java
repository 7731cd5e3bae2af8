package io.binlogpitr.restore.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The log lines of a long phase where there is no terminal: one per interval at most, with rate and ETA. */
class ProgressReporterTest {
    private static final long SECOND = 1_000_000_000L;

    private final Logger logger = (Logger) LoggerFactory.getLogger(ProgressReporter.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private long now = 1_000 * SECOND;
    private final ProgressReporter.LogLines reporter = new ProgressReporter.LogLines(Duration.ofSeconds(10), () -> now);

    private Level level;

    @BeforeEach
    void capture() {
        // the tool logs WARN and above unless PITR_LOG_LEVEL says otherwise: these lines are INFO
        level = logger.getLevel();
        logger.setLevel(Level.INFO);
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
        logger.setLevel(level);
    }

    private List<String> logged() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void progressIsLoggedOncePerIntervalWithRateAndEta() {
        reporter.phase("replay 100 transactions", 100);
        now += 5 * SECOND;
        reporter.progress(20, "at u:20");
        now += 5 * SECOND;
        reporter.progress(50, "at u:50");
        now += 1 * SECOND;
        reporter.progress(55, "at u:55");

        assertThat(logged())
                .containsExactly(
                        "replay 100 transactions: starting (100 to do)",
                        "replay 100 transactions: 50 of 100 done, 5/s, ETA 10 s; at u:50");
    }

    @Test
    void anUnknownTotalHasNoEta() {
        reporter.phase("load", 0);
        now += 10 * SECOND;
        reporter.progress(300, "chunk 3");

        assertThat(logged()).containsExactly("load: starting", "load: 300 done, 30/s; chunk 3");
    }

    @Test
    void aPhaseEndsOnceWithItsDuration() {
        reporter.phase("replay", 10);
        now += 20 * SECOND;
        reporter.done();
        reporter.done();

        assertThat(logged()).hasSize(2);
        assertThat(logged().get(1)).startsWith("replay: done in 20").endsWith(" s");
    }
}
