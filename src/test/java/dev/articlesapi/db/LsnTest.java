package dev.articlesapi.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** WAL positions as PostgreSQL writes them, in the Read-After cookie and header. */
class LsnTest {

    @Test
    void formatsAndParsesPostgresTextForm() {
        assertThat(Lsn.format(0x16B374D848L)).isEqualTo("16/B374D848");
        assertThat(Lsn.parse("16/B374D848")).isEqualTo(0x16B374D848L);
        assertThat(Lsn.parse("0/3a1c2b8")).isEqualTo(0x3A1C2B8L);
        assertThat(Lsn.parse(Lsn.format(0xFFFFFFFFFFFFFFFL))).isEqualTo(0xFFFFFFFFFFFFFFFL);
        assertThat(Lsn.format(0)).isEqualTo("0/0");
    }

    @Test
    void somethingElseIsNoPosition() {
        for (String bad : new String[] { null, "", "/", "0/", "/1", "123", "G/1", "1/G", "123456789/1", "1/123456789",
                "-1/1", "1/-1", "1/+1", " 1/1" }) {
            assertThat(Lsn.parse(bad)).as(String.valueOf(bad)).isEqualTo(-1);
        }
    }

}
