package dev.articlesapi.support;

import java.util.List;

/**
 * The contract's Page: {@code count} counts every row that matches the filter, not just
 * this page.
 */
public record Page<T>(List<T> items, long count, int limit, long offset) {
}
