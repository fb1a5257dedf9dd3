package dev.articlesapi.web;

import java.util.List;

/**
 * One page of a list; {@code count} counts every row that matches the filters, not just
 * this page.
 */
public record Page<T>(List<T> items, long count, int limit, long offset) {
}
