-- The live event log. A change and its event row commit together; ids are handed out under a
-- transaction-scoped advisory lock, so they become visible in id order and readers never skip one.
CREATE TABLE article_events (
    id         bigserial CONSTRAINT article_events_pkey PRIMARY KEY,
    type       text NOT NULL CONSTRAINT article_events_type_check
                   CHECK (type IN ('article-created', 'article-updated', 'article-deleted')),
    article_id bigint NOT NULL,
    payload    json NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX article_events_created_at_idx ON article_events (created_at);
