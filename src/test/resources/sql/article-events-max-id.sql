SELECT COALESCE(max(id), 0) AS max FROM article_events
