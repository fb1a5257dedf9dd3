package dev.articlesapi.web;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;

/**
 * One log line per request, from the same observation that times requests for the
 * metrics: method, route pattern (never the raw path or query, which may carry values),
 * status and duration. Headers, cookies and bodies are never logged.
 */
@Component
class RequestLog implements ObservationHandler<ServerRequestObservationContext> {

    private static final Logger log = LoggerFactory.getLogger("dev.articlesapi.request");

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof ServerRequestObservationContext;
    }

    @Override
    public void onStart(ServerRequestObservationContext context) {
        context.put(RequestLog.class, System.nanoTime());
    }

    @Override
    public void onStop(ServerRequestObservationContext context) {
        if (!log.isInfoEnabled()) {
            return;
        }
        Long start = context.get(RequestLog.class);
        long micros = start == null ? -1 : (System.nanoTime() - start) / 1000;
        String route = context.getPathPattern() == null ? "(no route)" : context.getPathPattern();
        var status = context.getResponse() == null ? null : context.getResponse().getStatusCode();
        log.info("{} {} {} {}.{}ms", context.getCarrier().getMethod(), route,
                status == null ? "-" : Integer.toString(status.value()), micros / 1000, (micros % 1000) / 100);
    }

}
