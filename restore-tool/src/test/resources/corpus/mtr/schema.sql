-- Table shapes MySQL's own regression suites (mysql-test) exercise in row-based replication and in their type,
-- charset, index and partitioning tests: written here from what each test checks, not copied. The test files
-- each table draws on are named above it and listed in ../README.md. Every statement is one MySQL 8.0.31 accepts
-- and its own replica applies.

-- rpl_row_colSize.test (every type whose table-map metadata carries a size), type_bit.test, type_year.test,
-- type_temporal_fractional.test, type_newdecimal.test: the widest and the odd members of each type family
CREATE TABLE all_types (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  b1 BIT(1) NULL, b12 BIT(12) NULL, b64 BIT(64) NOT NULL DEFAULT b'0',
  ti TINYINT NULL, tiu TINYINT UNSIGNED NULL, si SMALLINT NULL, siu SMALLINT UNSIGNED NULL,
  mi MEDIUMINT NULL, miu MEDIUMINT UNSIGNED NULL, i INT NULL, bi BIGINT NULL, biu BIGINT UNSIGNED NULL,
  f FLOAT NULL, f74 FLOAT(7,4) NULL, f47 FLOAT(47) NULL, d DOUBLE NULL,
  dec_65_30 DECIMAL(65,30) NULL, dec_20_10 DECIMAL(20,10) NULL, num_27_18 NUMERIC(27,18) NULL,
  dec_10_0u DECIMAL(10,0) UNSIGNED NULL, dec_5_5 DECIMAL(5,5) NULL,
  y YEAR NULL, dt DATE NULL, t0 TIME NULL, t3 TIME(3) NULL, t6 TIME(6) NULL,
  dt0 DATETIME NULL, dt2 DATETIME(2) NULL, dt6 DATETIME(6) NULL, ts0 TIMESTAMP NULL, ts6 TIMESTAMP(6) NULL,
  c20 CHAR(20) NULL, vc2000 VARCHAR(2000) NULL, tt TINYTEXT NULL, tx TEXT NULL, mt MEDIUMTEXT NULL, lt LONGTEXT NULL,
  tb TINYBLOB NULL, bl BLOB NULL, mb MEDIUMBLOB NULL, lb LONGBLOB NULL, j JSON NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- type_binary.test: BINARY pads with 0x00 (0x01 and 0x0100 are one key), VARBINARY keeps trailing 0x00 and 0x20
-- (0x41, 0x4100 and 0x4120 are three); the binlog stores BINARY(n) without its trailing zero bytes
CREATE TABLE binary_pad (
  k BINARY(2) NOT NULL, vk VARBINARY(4) NOT NULL, b3 BINARY(3) NULL, b16 BINARY(16) NULL, vb20 VARBINARY(20) NULL,
  cbin CHAR(4) CHARACTER SET binary NULL, note VARCHAR(20) NULL,
  PRIMARY KEY (k), UNIQUE KEY uq_vk (vk)
) ENGINE=InnoDB;
CREATE TABLE varbinary_key (
  vk VARBINARY(8) NOT NULL, bk BINARY(4) NOT NULL DEFAULT '', v INT NULL,
  PRIMARY KEY (vk, bk)
) ENGINE=InnoDB;

-- rpl_row_colSize.test (an ENUM of 300 members takes 2 bytes, a SET of 64 members 8), type_enum.test:
-- members with quotes, commas and accents, in a latin1 column too
CREATE TABLE enum_set (
  id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT,
  e300 ENUM(
    '001', '002', '003', '004', '005', '006', '007', '008', '009', '010', '011', '012', '013', '014', '015',
    '016', '017', '018', '019', '020', '021', '022', '023', '024', '025', '026', '027', '028', '029', '030',
    '031', '032', '033', '034', '035', '036', '037', '038', '039', '040', '041', '042', '043', '044', '045',
    '046', '047', '048', '049', '050', '051', '052', '053', '054', '055', '056', '057', '058', '059', '060',
    '061', '062', '063', '064', '065', '066', '067', '068', '069', '070', '071', '072', '073', '074', '075',
    '076', '077', '078', '079', '080', '081', '082', '083', '084', '085', '086', '087', '088', '089', '090',
    '091', '092', '093', '094', '095', '096', '097', '098', '099', '100', '101', '102', '103', '104', '105',
    '106', '107', '108', '109', '110', '111', '112', '113', '114', '115', '116', '117', '118', '119', '120',
    '121', '122', '123', '124', '125', '126', '127', '128', '129', '130', '131', '132', '133', '134', '135',
    '136', '137', '138', '139', '140', '141', '142', '143', '144', '145', '146', '147', '148', '149', '150',
    '151', '152', '153', '154', '155', '156', '157', '158', '159', '160', '161', '162', '163', '164', '165',
    '166', '167', '168', '169', '170', '171', '172', '173', '174', '175', '176', '177', '178', '179', '180',
    '181', '182', '183', '184', '185', '186', '187', '188', '189', '190', '191', '192', '193', '194', '195',
    '196', '197', '198', '199', '200', '201', '202', '203', '204', '205', '206', '207', '208', '209', '210',
    '211', '212', '213', '214', '215', '216', '217', '218', '219', '220', '221', '222', '223', '224', '225',
    '226', '227', '228', '229', '230', '231', '232', '233', '234', '235', '236', '237', '238', '239', '240',
    '241', '242', '243', '244', '245', '246', '247', '248', '249', '250', '251', '252', '253', '254', '255',
    '256', '257', '258', '259', '260', '261', '262', '263', '264', '265', '266', '267', '268', '269', '270',
    '271', '272', '273', '274', '275', '276', '277', '278', '279', '280', '281', '282', '283', '284', '285',
    '286', '287', '288', '289', '290', '291', '292', '293', '294', '295', '296', '297', '298', '299', '300'
  ) NULL,
  s64 SET(
    's00', 's01', 's02', 's03', 's04', 's05', 's06', 's07', 's08', 's09', 's10', 's11', 's12', 's13', 's14',
    's15', 's16', 's17', 's18', 's19', 's20', 's21', 's22', 's23', 's24', 's25', 's26', 's27', 's28', 's29',
    's30', 's31', 's32', 's33', 's34', 's35', 's36', 's37', 's38', 's39', 's40', 's41', 's42', 's43', 's44',
    's45', 's46', 's47', 's48', 's49', 's50', 's51', 's52', 's53', 's54', 's55', 's56', 's57', 's58', 's59',
    's60', 's61', 's62', 's63'
  ) NULL,
  e_odd ENUM('it''s', 'a,b', 'back\\slash', ' lead', 'ü-latin1') CHARACTER SET latin1 NULL,
  s_small SET('a', 'b', 'c') NOT NULL DEFAULT 'a,c',
  e_default ENUM('x', 'y', 'z') NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- ctype_latin1_de.test, ctype_utf16.test, ctype_cp1251.test, ctype_collate.test, and extra/rpl_tests/rpl_row_basic.test
-- BUG#37426 (a CHAR column of more than 255 bytes has a two-byte length in the table map)
CREATE TABLE charsets (
  id INT NOT NULL,
  l1_de VARCHAR(40) CHARACTER SET latin1 COLLATE latin1_german2_ci NULL,
  l1_bin CHAR(10) CHARACTER SET latin1 COLLATE latin1_bin NULL,
  u8_cs VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_as_cs NULL,
  u8_bin VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  u3 VARCHAR(40) CHARACTER SET utf8mb3 NULL,
  u16 VARCHAR(20) CHARACTER SET utf16 NULL, u32 CHAR(5) CHARACTER SET utf32 NULL,
  cp1251 VARCHAR(20) CHARACTER SET cp1251 NULL, sjis VARCHAR(20) CHARACTER SET sjis NULL,
  bin VARCHAR(20) CHARACTER SET binary NULL,
  c86_u3 CHAR(86) CHARACTER SET utf8mb3 NULL, c255_u4 CHAR(255) CHARACTER SET utf8mb4 NULL,
  tx_latin1 TEXT CHARACTER SET latin1 NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=latin1;

-- extra/rpl_tests/rpl_row_basic.test (t3: a primary key over several columns between others), ctype_collate.test:
-- a composite key over strings of three collations, one case- and accent-insensitive
CREATE TABLE string_pk (
  c1 CHAR(1) NULL, lang VARCHAR(10) COLLATE utf8mb4_0900_ai_ci NOT NULL, c2 CHAR(1) NULL,
  code CHAR(3) CHARACTER SET latin1 NOT NULL, tag VARBINARY(8) NOT NULL, label VARCHAR(60) NULL,
  PRIMARY KEY (lang, code, tag)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- gcol suite (gcol_keys_innodb.test, gcol_supported_sql_funcs_innodb.test, rpl_gcol.test): STORED and VIRTUAL
-- columns, JSON extraction, an index on a virtual column
CREATE TABLE gcol (
  id INT NOT NULL AUTO_INCREMENT,
  a INT NULL, b INT NULL, doc JSON NULL,
  s_sum BIGINT AS (a + b) STORED,
  v_prod BIGINT AS (a * b) VIRTUAL,
  v_s VARCHAR(64) AS (doc->>'$.s') VIRTUAL,
  s_k INT AS (doc->'$.k') STORED,
  v_label VARCHAR(40) AS (CONCAT_WS('-', a, b)) VIRTUAL,
  PRIMARY KEY (id), KEY ix_v_s (v_s), KEY ix_s_sum (s_sum), KEY ix_v_prod_a (v_prod, a)
) ENGINE=InnoDB;

-- functional_index.test, invisible_indexes.test: functional key parts (hidden generated columns the binlog does not
-- carry), a descending and an invisible index. Not here: rpl_multi_valued_index.test's multi-valued index
-- (CAST(f1->'$.tags' AS UNSIGNED ARRAY)): with one, CHECKSUM TABLE gives a different sum on each call over the same
-- unchanged rows (MySQL 8.0.31), so no checksum comparison of that table can hold (see ../README.md)
CREATE TABLE func_idx (
  id INT NOT NULL AUTO_INCREMENT,
  int_col INT NULL, string_col VARCHAR(255) NULL, f1 JSON NULL,
  PRIMARY KEY (id),
  INDEX int_func_index ((ABS(int_col))),
  INDEX string_func_index ((SUBSTRING(string_col, 1, 2))),
  INDEX combined_index ((int_col + int_col), string_col),
  INDEX json_name ((CAST(f1->>'$.s' AS CHAR(30) CHARACTER SET utf8mb4) COLLATE utf8mb4_bin)),
  INDEX desc_idx (int_col DESC, string_col(10)),
  INDEX invisible_idx (string_col) INVISIBLE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- invisible_columns.test (WL#10905): an INVISIBLE auto-increment key, INVISIBLE columns with defaults, and an
-- INVISIBLE generated column
CREATE TABLE invisible (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT INVISIBLE,
  first_name VARCHAR(40) NOT NULL, last_name VARCHAR(40) NULL,
  created TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) INVISIBLE,
  flags TINYINT NOT NULL DEFAULT 7 INVISIBLE,
  name_len INT AS (CHAR_LENGTH(first_name)) VIRTUAL INVISIBLE,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The manual's "Generated Invisible Primary Keys" (8.0.30+; the rpl suite tests it too): a table created without a
-- key under sql_generate_invisible_primary_key gets an INVISIBLE my_row_id key
SET SESSION sql_generate_invisible_primary_key = ON;
CREATE TABLE gipk (f1 INT NULL, f2 VARCHAR(20) NULL, f3 DOUBLE NULL) ENGINE=InnoDB;
SET SESSION sql_generate_invisible_primary_key = OFF;

-- partition_column.test (RANGE COLUMNS over a tuple, LIST COLUMNS), partition_list.test, partition_innodb.test
-- (KEY over a string key, RANGE with HASH subpartitions)
CREATE TABLE part_range_columns (
  id INT NOT NULL, d DATE NOT NULL, region VARCHAR(8) NOT NULL, amount DECIMAL(12,2) NULL,
  PRIMARY KEY (id, d, region)
) ENGINE=InnoDB
PARTITION BY RANGE COLUMNS (d, region) (
  PARTITION p_old VALUES LESS THAN ('1990-01-01', 'm'),
  PARTITION p_1990 VALUES LESS THAN ('2000-01-01', MAXVALUE),
  PARTITION p_2000 VALUES LESS THAN ('2020-01-01', 'm'),
  PARTITION p_rest VALUES LESS THAN (MAXVALUE, MAXVALUE)
);
CREATE TABLE part_list (
  id INT NOT NULL AUTO_INCREMENT, store TINYINT UNSIGNED NOT NULL, sold DATETIME NULL, qty SMALLINT NULL,
  PRIMARY KEY (id, store)
) ENGINE=InnoDB
PARTITION BY LIST (store) (
  PARTITION p_store_0 VALUES IN (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24),
  PARTITION p_store_1 VALUES IN (25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49),
  PARTITION p_store_2 VALUES IN (50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74),
  PARTITION p_store_3 VALUES IN (75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99)
);
CREATE TABLE part_list_columns (
  country CHAR(2) NOT NULL, city VARCHAR(30) NOT NULL, pop INT UNSIGNED NULL,
  PRIMARY KEY (country, city)
) ENGINE=InnoDB
PARTITION BY LIST COLUMNS (country) (
  PARTITION p_dach VALUES IN ('DE', 'AT', 'CH'),
  PARTITION p_nordic VALUES IN ('SE', 'NO', 'DK', 'FI', 'IS'),
  PARTITION p_other VALUES IN ('FR', 'IT', 'ES', 'PT', 'NL', 'BE', 'PL', 'JP', 'US')
);
CREATE TABLE part_key (
  code VARCHAR(32) NOT NULL, payload VARBINARY(64) NULL, seen TIMESTAMP(6) NULL,
  PRIMARY KEY (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
PARTITION BY KEY (code) PARTITIONS 4;
CREATE TABLE part_sub (
  id INT NOT NULL, purchased DATE NOT NULL, item VARCHAR(30) NULL,
  PRIMARY KEY (id, purchased)
) ENGINE=InnoDB
PARTITION BY RANGE (YEAR(purchased))
SUBPARTITION BY HASH (TO_DAYS(purchased)) SUBPARTITIONS 2 (
  PARTITION p0 VALUES LESS THAN (1990),
  PARTITION p1 VALUES LESS THAN (2000),
  PARTITION p2 VALUES LESS THAN MAXVALUE
);

-- check_constraints.test (WL#929): column and table constraints, named and generated names, NOT ENFORCED
CREATE TABLE checks (
  id INT NOT NULL,
  c1 INT NULL CHECK (c1 > 10),
  c2 INT NULL CONSTRAINT c2_positive CHECK (c2 > 0),
  c3 INT NULL,
  c4 VARCHAR(10) NULL CHECK (c4 <> ''),
  CONSTRAINT c3_below_c1 CHECK (c3 < c1 * 100),
  CONSTRAINT never_checked CHECK (c2 < 0) NOT ENFORCED,
  PRIMARY KEY (id)
) ENGINE=InnoDB;

-- default_as_expr.test (WL#9418): DEFAULT (expr) of every kind, a BINARY(16) UUID key among them
CREATE TABLE defaults_expr (
  id BINARY(16) NOT NULL DEFAULT (UUID_TO_BIN(UUID())),
  n INT NULL DEFAULT (FLOOR(RAND() * 100)),
  due DATE NULL DEFAULT (CURRENT_DATE + INTERVAL 1 YEAR),
  j JSON NULL DEFAULT (JSON_ARRAY()),
  bl BLOB NULL DEFAULT ('abc'),
  tx TEXT NULL DEFAULT (CONCAT('x', 'y')),
  p POINT NULL DEFAULT (POINT(0, 0)),
  at6 DATETIME(6) NULL DEFAULT (NOW(6)),
  touched TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (id)
) ENGINE=InnoDB;

-- innodb_fts/t/fulltext.test: FULLTEXT with a user-defined FTS_DOC_ID, the ngram parser, prefix indexes on TEXT and
-- VARCHAR
CREATE TABLE articles (
  FTS_DOC_ID BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  title VARCHAR(200) NULL, body TEXT NULL,
  PRIMARY KEY (FTS_DOC_ID),
  FULLTEXT KEY ft_title_body (title, body),
  KEY ix_title_prefix (title(16)), KEY ix_body_prefix (body(32))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE articles_ngram (
  id INT NOT NULL AUTO_INCREMENT, content VARCHAR(300) NULL,
  PRIMARY KEY (id), FULLTEXT KEY ft_content (content) WITH PARSER ngram
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- gis suite (all_geometry_types_instantiable.test, spatial_indexing.test, srs.test) and MariaDB's
-- rpl_row_spatial.test: every geometry type, a SPATIAL index on a NOT NULL SRID 0 column, a geographic SRID
CREATE TABLE geo (
  id INT NOT NULL AUTO_INCREMENT,
  g GEOMETRY NULL, pt POINT NOT NULL SRID 0, ls LINESTRING NULL, poly POLYGON NULL, mpt MULTIPOINT NULL,
  mls MULTILINESTRING NULL, mpoly MULTIPOLYGON NULL, gc GEOMCOLLECTION NULL, wgs84 POINT SRID 4326 NULL,
  PRIMARY KEY (id), SPATIAL KEY sx_pt (pt)
) ENGINE=InnoDB;

-- extra/rpl_tests/rpl_auto_increment.test: AUTO_INCREMENT as the second column of the primary key (InnoDB wants an
-- index it leads), and AUTO_INCREMENT outside the primary key
CREATE TABLE ai_second (
  grp SMALLINT UNSIGNED NOT NULL, id INT NOT NULL AUTO_INCREMENT, v VARCHAR(20) NULL,
  PRIMARY KEY (grp, id), KEY ix_id (id)
) ENGINE=InnoDB AUTO_INCREMENT=1000;
CREATE TABLE ai_unique (
  code VARCHAR(20) NOT NULL, seq BIGINT UNSIGNED NOT NULL AUTO_INCREMENT, v INT NULL,
  PRIMARY KEY (code), UNIQUE KEY uq_seq (seq)
) ENGINE=InnoDB;

-- extra/rpl_tests/rpl_row_basic.test (t6, and BUG#31552: rows found without any index), rpl_row_basic_11bugs.test:
-- no key at all, with FLOAT, DOUBLE, JSON and BLOB columns a row lookup must match exactly; and a UNIQUE key over
-- NULLable columns
CREATE TABLE no_key (
  c1 CHAR(1) NULL, c2 CHAR(1) NULL, c3 INT NULL, f FLOAT NULL, d DOUBLE NULL, dt6 DATETIME(6) NULL,
  j JSON NULL, bl BLOB NULL, tx TEXT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE nullable_unique (
  u INT NULL, w VARCHAR(10) NULL, v DOUBLE NULL,
  UNIQUE KEY uq_u_w (u, w)
) ENGINE=InnoDB;
