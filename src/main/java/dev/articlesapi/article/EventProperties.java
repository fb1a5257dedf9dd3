package dev.articlesapi.article;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param heartbeat interval of the SSE comment that keeps idle connections open
 * @param pollEvery how often the event log is read even without a NOTIFY (a safety net,
 * e.g. during a listener reconnect)
 * @param maxBacklog batches a subscriber may fall behind before its stream is ended (it
 * resumes with Last-Event-ID)
 * @param retention how long events are kept for Last-Event-ID resumption
 * ({@code EVENTS_RETENTION})
 * @param pruneEvery how often events older than the retention are deleted
 */
@Validated
@ConfigurationProperties("articles.events")
record EventProperties(@NotNull Duration heartbeat, @NotNull Duration pollEvery, @Positive int maxBacklog,
        @NotNull Duration retention, @NotNull Duration pruneEvery) {
}
