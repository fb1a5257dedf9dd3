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

    /** The position, or -1 when the text is not one. */
    static long parse(String text) {
        if (text == null) {
            return -1;
        }
        int slash = text.indexOf('/');
        if (slash < 1 || slash > 8 || text.length() - slash - 1 < 1 || text.length() - slash - 1 > 8) {
            return -1;
        }
        try {
            long high = Long.parseLong(text, 0, slash, 16);
            long low = Long.parseLong(text, slash + 1, text.length(), 16);
            return high >= 0 && low >= 0 ? (high << 32) | low : -1;
        }
        catch (NumberFormatException e) {
            return -1;
        }
    }

}
