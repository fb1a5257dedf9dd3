package dev.articlesapi.web;

/** Input strings are trimmed before they are validated or stored. */
public final class Text {

    private Text() {
    }

    public static String trim(String s) {
        return s == null ? null : s.strip();
    }

}
