package dev.articlesapi.article;

import dev.articlesapi.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The {@code If-Match} of a write of an article (RFC 9110 13.1.1), parsed; PostgreSQL
 * compares it with the article's version under the article's row lock
 * ({@link ArticleLocks#ARTICLE}), in the write's transaction. {@code conditional} is
 * false without the header and for {@code *} (which asks only that the article exists, as
 * every write of an article does); otherwise the write happens only when the version is
 * one of {@code versions}. If-Match compares strongly: a weak tag ({@code W/"..."}) and a
 * tag that is not an article's ETag never match.
 */
record IfMatch(boolean conditional, List<Long> versions) {

    static final IfMatch NONE = new IfMatch(false, List.of());

    /** One entity tag of a list, with the comma (or the end) after it. */
    private static final Pattern TAG = Pattern.compile("[ \\t]*(W/)?\"([\\x21\\x23-\\x7E\\x80-\\xFF]*)\"[ \\t]*(,|$)");

    private static final Pattern VERSION = Pattern.compile("v([0-9]{1,18})");

    /**
     * The request's If-Match; 428 when it has none and {@code required}; 400 when it is
     * neither {@code *} nor a list of entity tags.
     */
    static IfMatch of(ServerRequest req, boolean required) {
        List<String> values = req.headers().header(HttpHeaders.IF_MATCH);
        if (values.isEmpty()) {
            if (required) {
                throw ApiException.preconditionRequired(
                        "This write must be conditional: send If-Match with the article's ETag (or *)");
            }
            return NONE;
        }
        List<Long> versions = new ArrayList<>();
        for (String value : values) {
            if (value.strip().equals("*")) {
                return NONE;
            }
            parse(value, versions);
        }
        return new IfMatch(true, List.copyOf(versions));
    }

    private static void parse(String value, List<Long> versions) {
        Matcher tag = TAG.matcher(value);
        int at = 0;
        while (at < value.length()) {
            tag.region(at, value.length());
            if (!tag.lookingAt()) {
                throw ApiException.invalid("If-Match", "must be * or a list of entity tags, such as \"v42\"");
            }
            Matcher version = VERSION.matcher(tag.group(2));
            if (tag.group(1) == null && version.matches()) {
                versions.add(Long.parseLong(version.group(1)));
            }
            at = tag.end();
        }
    }

}
