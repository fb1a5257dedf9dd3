package dev.articlesapi.article;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param heartbeat   interval of the SSE comment that keeps idle connections open
 * @param pollEvery   how often the event log is read even without a NOTIFY (a safety net, e.g. during a listener
 *                    reconnect)
 * @param maxBacklog  batches a subscriber may fall behind before its stream is ended (it resumes with Last-Event-ID)
 * @param retention   how long events are kept
 */
@ConfigurationProperties("articles.events")
record EventProperties(Duration heartbeat, Duration pollEvery, int maxBacklog, Duration retention) {}
