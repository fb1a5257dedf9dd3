package dev.articlesapi.db;

/**
 * A PostgreSQL WAL position ({@code pg_lsn}) as a number, and its text form
 * ({@code 16/B374D848}: the high and low 32 bits in hexadecimal).
 */
final class Lsn {

    private Lsn() {
    }

    static String format(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
    }

    /**
     * The position, or -1 when the text is not one (1-8 hex digits, /, 1-8 hex digits).
     */
    static long parse(String text) {
        if (text == null) {
            return -1;
        }
        int slash = text.indexOf('/');
        long high = hex(text, 0, slash);
        long low = hex(text, slash + 1, text.length());
        return high < 0 || low < 0 ? -1 : (high << 32) | low;
    }

    /**
     * The hex digits from {@code from} to {@code to} as a number; -1 unless 1 to 8 of
     * them.
     */
    private static long hex(String text, int from, int to) {
        if (from < 0 || to - from < 1 || to - from > 8) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

}
