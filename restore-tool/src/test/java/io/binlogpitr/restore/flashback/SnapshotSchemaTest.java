package io.binlogpitr.restore.flashback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Foreign keys and generated columns read from MySQL 8.0's SHOW CREATE TABLE text, as snapshots record it. */
class SnapshotSchemaTest {
    private static final String PROJECTS = "CREATE TABLE `dept_projects` (\n"
            + "  `id` int NOT NULL,\n"
            + "  `dept_no` char(4) DEFAULT NULL,\n"
            + "  `name` varchar(60) NOT NULL,\n"
            + "  `created` timestamp NULL DEFAULT CURRENT_TIMESTAMP,\n"
            + "  `total` decimal(12,2) GENERATED ALWAYS AS ((`id` * 2)) STORED,\n"
            + "  `Customer` varchar(40) GENERATED ALWAYS AS"
            + " (json_unquote(json_extract(`doc`,_utf8mb4'$.customer'))) VIRTUAL,\n"
            + "  PRIMARY KEY (`id`),\n"
            + "  KEY `dept_no` (`dept_no`),\n"
            + "  CONSTRAINT `dept_projects_ibfk_1` FOREIGN KEY (`dept_no`) REFERENCES `departments` (`dept_no`)"
            + " ON DELETE SET NULL ON UPDATE CASCADE,\n"
            + "  CONSTRAINT `fk``odd` FOREIGN KEY (`a`, `b`) REFERENCES `hr`.`salaries` (`emp_no`, `from_date`),\n"
            + "  CONSTRAINT `owner` FOREIGN KEY (`id`) REFERENCES `owners` (`id`) ON DELETE CASCADE\n"
            + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci";

    @Test
    void foreignKeysWithTheirActionsColumnsAndParentDatabase() {
        List<ForeignKey> keys = SnapshotSchema.foreignKeys("shop", "dept_projects", PROJECTS);
        assertThat(keys)
                .containsExactly(
                        new ForeignKey(
                                "dept_projects_ibfk_1",
                                "shop",
                                "dept_projects",
                                List.of("dept_no"),
                                "shop",
                                "departments",
                                List.of("dept_no"),
                                ForeignKey.Action.SET_NULL,
                                ForeignKey.Action.CASCADE),
                        new ForeignKey(
                                "fk`odd",
                                "shop",
                                "dept_projects",
                                List.of("a", "b"),
                                "hr",
                                "salaries",
                                List.of("emp_no", "from_date"),
                                ForeignKey.Action.RESTRICT,
                                ForeignKey.Action.RESTRICT),
                        new ForeignKey(
                                "owner",
                                "shop",
                                "dept_projects",
                                List.of("id"),
                                "shop",
                                "owners",
                                List.of("id"),
                                ForeignKey.Action.CASCADE,
                                ForeignKey.Action.RESTRICT));
        assertThat(keys.get(0).changesChildrenOn(true)).isTrue();
        assertThat(keys.get(1).changesChildrenOn(true)).isFalse();
        assertThat(keys.get(2).changesChildrenOn(false)).isFalse();
    }

    @Test
    void generatedColumnsAreTheStoredAndVirtualOnesNotExpressionDefaults() {
        assertThat(SnapshotSchema.generatedColumns(PROJECTS)).containsExactlyInAnyOrder("total", "customer");
    }

    @Test
    void enumAndSetMembersAsMysqlShowsThemQuotesBackslashesAndNewlinesIncluded() {
        // as MySQL 8.0.31 shows ENUM('x\\y','it''s','q"z','nl\nx','tab<TAB>x','','sp ') and a latin1 SET
        String create = "CREATE TABLE `e` (\n"
                + "  `id` int NOT NULL,\n"
                + "  `a` enum('x\\\\y','it''s','q\"z','nl\\nx','tab\tx','','sp') DEFAULT NULL,\n"
                + "  `S``et` set('a','b\\\\c','d''e') CHARACTER SET latin1 COLLATE latin1_swedish_ci DEFAULT NULL,\n"
                + "  `note` varchar(10) DEFAULT 'enum(''a'')',\n"
                + "  `bad` enum('a\\qb') DEFAULT NULL,\n"
                + "  PRIMARY KEY (`id`)\n"
                + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci";
        var members = SnapshotSchema.enumSetMembers(create);
        assertThat(members.keySet()).containsExactlyInAnyOrder("a", "s`et", "bad");
        assertThat(members.get("a"))
                .isEqualTo(new SnapshotSchema.Members(
                        false, List.of("x\\y", "it's", "q\"z", "nl\nx", "tab\tx", "", "sp"), null));
        assertThat(members.get("s`et")).isEqualTo(new SnapshotSchema.Members(true, List.of("a", "b\\c", "d'e"), null));
        assertThat(members.get("bad").members())
                .as("an escape MySQL does not write: never guessed")
                .isNull();
        assertThat(members.get("bad").unreadable()).contains("\\q");
    }
}
