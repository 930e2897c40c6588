package dev.balda.plugin.log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/** A logger that keeps what it is given: message, level, key-value pairs and the MDC's request id at the time. */
final class RecordingLogger extends AbstractLogger implements LoggingEventAware {
    private static final long serialVersionUID = 1L;

    /** One logged line. */
    record Line(Level level, String message, Map<String, Object> keyValues, String mdcRequestId, String thread) {
    }

    final List<Line> lines = Collections.synchronizedList(new ArrayList<>());

    RecordingLogger() {
        this.name = "recording";
    }

    @Override
    public void log(LoggingEvent event) {
        Map<String, Object> keyValues = new LinkedHashMap<>();
        if (event.getKeyValuePairs() != null) {
            event.getKeyValuePairs().forEach(pair -> keyValues.put(pair.key, pair.value));
        }
        lines.add(new Line(event.getLevel(), MessageFormatter.basicArrayFormat(event.getMessage(), event.getArgumentArray()),
                keyValues, MDC.get("requestId"), Thread.currentThread().getName()));
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
                                               Throwable throwable) {
        lines.add(new Line(level, MessageFormatter.basicArrayFormat(messagePattern, arguments), Map.of(),
                MDC.get("requestId"), Thread.currentThread().getName()));
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
        return false;
    }

    @Override
    public boolean isDebugEnabled() {
        return true;
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
        return true;
    }

    @Override
    public boolean isInfoEnabled() {
        return true;
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
        return true;
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
        return true;
    }
}
