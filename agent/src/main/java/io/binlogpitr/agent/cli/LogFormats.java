package io.binlogpitr.agent.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import io.binlogpitr.agent.config.AgentConfig;
import io.binlogpitr.common.error.ErrorCode;
import io.binlogpitr.common.error.PitrException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log format: logback.xml writes text lines to stderr; {@code logging.format: json} (or the environment
 * variable {@code PITR_LOG_FORMAT=json}, which wins) swaps that appender for one writing one JSON object per line
 * with logback's own {@link JsonEncoder}.
 */
final class LogFormats {
    static final String ENV = "PITR_LOG_FORMAT";
    /** The appender of logback.xml. */
    private static final String TEXT_APPENDER = "STDERR";

    private LogFormats() {}

    static AgentConfig.LogFormat choose(AgentConfig.LogFormat configured, String env) {
        if (env == null || env.isBlank()) {
            return configured;
        }
        return switch (env.trim().toLowerCase(Locale.ROOT)) {
            case "text" -> AgentConfig.LogFormat.TEXT;
            case "json" -> AgentConfig.LogFormat.JSON;
            default -> throw new PitrException(
                    ErrorCode.USAGE,
                    "environment variable " + ENV + " is '" + env + "', expected text or json",
                    "unset it to use logging.format of agent.yml");
        };
    }

    static void apply(AgentConfig.LogFormat format) {
        if (format != AgentConfig.LogFormat.JSON
                || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> text = root.getAppender(TEXT_APPENDER);
        if (text == null) {
            return; // already switched, or a test's logback configuration
        }
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithContext(false);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        ConsoleAppender<ILoggingEvent> json = new ConsoleAppender<>();
        json.setContext(context);
        json.setName("STDERR_JSON");
        json.setTarget("System.err");
        json.setEncoder(encoder);
        json.start();
        root.addAppender(json);
        root.detachAppender(text);
        text.stop();
    }
}
