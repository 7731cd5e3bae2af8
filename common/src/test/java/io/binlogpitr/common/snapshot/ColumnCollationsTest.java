package io.binlogpitr.common.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Texts as MySQL 8.0.31 shows them (see SnapshotCollationIT in the agent for the same shapes on a server). */
class ColumnCollationsTest {

    @Test
    void aLoneCollateOfTheTablesOwnCollationIsLeftOut() {
        String shown = "CREATE TABLE `wp_comments` (\n"
                + "  `comment_ID` bigint unsigned NOT NULL AUTO_INCREMENT,\n"
                + "  `comment_author` tinytext COLLATE utf8mb4_unicode_520_ci NOT NULL,\n"
                + "  `comment_author_email` varchar(100) COLLATE utf8mb4_unicode_520_ci NOT NULL DEFAULT '',\n"
                + "  `b` varchar(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL,\n"
                + "  `other` varchar(10) COLLATE utf8mb4_unicode_ci DEFAULT NULL,\n"
                + "  PRIMARY KEY (`comment_ID`),\n"
                + "  KEY `comment_author_email` (`comment_author_email`(10))\n"
                + ") ENGINE=InnoDB AUTO_INCREMENT=2 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci";
        ColumnCollations.Statements ddl = ColumnCollations.of(shown);
        assertThat(ddl.create())
                .isEqualTo(shown.replace("tinytext COLLATE utf8mb4_unicode_520_ci NOT", "tinytext NOT")
                        .replace("varchar(100) COLLATE utf8mb4_unicode_520_ci NOT", "varchar(100) NOT"));
        assertThat(ddl.create())
                .as("a lone COLLATE that is not the table's is not a shape MySQL prints: left as it is")
                .contains("`other` varchar(10) COLLATE utf8mb4_unicode_ci DEFAULT NULL");
        assertThat(ddl.alters()).isEmpty();
    }

    @Test
    void theWordsElsewhereInALineAreNotClauses() {
        String shown = "CREATE TABLE `t` (\n"
                + "  `id` int NOT NULL,\n"
                + "  `e` enum('a COLLATE utf8mb4_unicode_520_ci','b)''') COLLATE utf8mb4_unicode_520_ci NOT NULL,\n"
                + "  `d` varchar(40) COLLATE utf8mb4_unicode_520_ci NOT NULL DEFAULT ' COLLATE utf8mb4_unicode_520_ci'"
                + " COMMENT 'x\\'\n  `y` int COLLATE utf8mb4_unicode_520_ci',\n"
                + "  `odd ``name`` COLLATE` char(3) COLLATE utf8mb4_unicode_520_ci DEFAULT NULL,\n"
                + "  `g` varchar(90) COLLATE utf8mb4_unicode_520_ci GENERATED ALWAYS AS (concat(`d`,_utf8mb4'/'))"
                + " VIRTUAL,\n"
                + "  PRIMARY KEY (`id`)\n"
                + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci COMMENT='\n"
                + "  `z` text COLLATE utf8mb4_unicode_520_ci'";
        String expected = "CREATE TABLE `t` (\n"
                + "  `id` int NOT NULL,\n"
                + "  `e` enum('a COLLATE utf8mb4_unicode_520_ci','b)''') NOT NULL,\n"
                + "  `d` varchar(40) NOT NULL DEFAULT ' COLLATE utf8mb4_unicode_520_ci'"
                + " COMMENT 'x\\'\n  `y` int COLLATE utf8mb4_unicode_520_ci',\n"
                + "  `odd ``name`` COLLATE` char(3) DEFAULT NULL,\n"
                + "  `g` varchar(90) GENERATED ALWAYS AS (concat(`d`,_utf8mb4'/')) VIRTUAL,\n"
                + "  PRIMARY KEY (`id`)\n"
                + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci COMMENT='\n"
                + "  `z` text COLLATE utf8mb4_unicode_520_ci'";
        assertThat(ColumnCollations.of(shown).create()).isEqualTo(expected);
    }

    @Test
    void namedAndPrimaryCollationsAreLeftAsShown() {
        String shown = "CREATE TABLE `t_unicode` (\n"
                + "  `id` int NOT NULL,\n"
                + "  `v` varchar(20) DEFAULT NULL,\n"
                + "  `l` char(2) CHARACTER SET latin1 COLLATE latin1_swedish_ci DEFAULT NULL,\n"
                + "  PRIMARY KEY (`id`)\n"
                + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb3";
        assertThat(ColumnCollations.of(shown)).isEqualTo(new ColumnCollations.Statements(shown, java.util.List.of()));
        String notATable = "CREATE TABLE x AS SELECT 1";
        assertThat(ColumnCollations.of(notATable).create()).isSameAs(notATable);
    }

    @Test
    void aLoneCharacterSetIsMadeByGivingTheTableThatDefaultForAMoment() {
        String shown = "CREATE TABLE `leg``acy` (\n"
                + "  `id` int NOT NULL AUTO_INCREMENT,\n"
                + "  `v` varchar(20) CHARACTER SET latin1 DEFAULT NULL,\n"
                + "  `a` char(4) CHARACTER SET ascii COLLATE ascii_general_ci DEFAULT NULL,\n"
                + "  `w` text CHARACTER SET latin1 NOT NULL COMMENT 'CHARACTER SET x',\n"
                + "  `m` varchar(5) CHARACTER SET utf8mb3 DEFAULT 'x',\n"
                + "  `n` varchar(20) DEFAULT NULL,\n"
                + "  PRIMARY KEY (`id`)\n"
                + ") ENGINE=InnoDB AUTO_INCREMENT=7 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci";
        ColumnCollations.Statements ddl = ColumnCollations.of(shown);
        assertThat(ddl.create()).isEqualTo(shown);
        assertThat(ddl.alters())
                .containsExactly(
                        "ALTER TABLE `leg``acy` DEFAULT CHARACTER SET latin1,"
                                + " MODIFY COLUMN `v` varchar(20) DEFAULT NULL,"
                                + " MODIFY COLUMN `w` text NOT NULL COMMENT 'CHARACTER SET x'",
                        "ALTER TABLE `leg``acy` DEFAULT CHARACTER SET utf8mb3, MODIFY COLUMN `m` varchar(5) DEFAULT 'x'",
                        "ALTER TABLE `leg``acy` DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci");
    }

    /** mtr.enum_set has an ENUM of 300 members (1,828 characters): the column regex once overflowed the stack on it. */
    @Test
    void aLongEnumIsReadWithoutOverflowingTheStack() {
        StringBuilder members = new StringBuilder();
        for (int i = 1; i <= 5000; i++) {
            members.append(i > 1 ? "," : "").append(String.format("'%04d'", i));
        }
        String shown = "CREATE TABLE `enum_set` (\n"
                + "  `e` enum(" + members + ") DEFAULT NULL,\n"
                + "  `it''s` set('a''b','c\\\\d') DEFAULT NULL\n"
                + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
        assertThat(ColumnCollations.of(shown)).isEqualTo(new ColumnCollations.Statements(shown, java.util.List.of()));
    }
}
