package dev.articlesapi.article;

import dev.articlesapi.user.PublicUser;
import java.time.Instant;

/** An article joined with its author: one row of the details query. */
record ArticleHead(long id, String title, String content, Instant createdAt, Instant updatedAt, PublicUser author) {}
