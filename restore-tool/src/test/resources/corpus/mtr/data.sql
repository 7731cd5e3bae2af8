-- A few hundred rows made by recursive CTEs, with the values the suites single out: type limits, trailing 0x00 and
-- 0x20 bytes, fractions of every precision, members at both ends of long ENUM/SET lists, text in each charset.
INSERT INTO all_types (b1, b12, b64, ti, tiu, si, siu, mi, miu, i, bi, biu, f, f74, f47, d, dec_65_30, dec_20_10,
                       num_27_18, dec_10_0u, dec_5_5, y, dt, t0, t3, t6, dt0, dt2, dt6, ts0, ts6, c20, vc2000, tt, tx,
                       mt, lt, tb, bl, mb, lb, j)
  VALUES (b'1', b'111111111111', b'1111111111111111111111111111111111111111111111111111111111111111', 127, 255, 32767,
          65535, 8388607, 16777215, 2147483647, 9223372036854775807, 18446744073709551615, 3.40282e38, 999.9999,
          1.7976931348623157e308, -2.2250738585072014e-308, 99999999999999999999999999999999999.999999999999999999999999999999,
          9999999999.9999999999, 999999999.999999999999999999, 9999999999, 0.99999, 2155, '9999-12-31',
          '838:59:59', '838:59:58.999', '838:59:59.000000', '9999-12-31 23:59:59', '9999-12-31 23:59:59.99',
          '9999-12-31 23:59:59.999999', '2037-12-31 23:59:59', '2037-12-31 23:59:59.999999', 'twenty characters ok',
          REPEAT('v', 2000), REPEAT('t', 255), REPEAT('x', 1000), REPEAT('m', 70000), REPEAT('l', 70000),
          x'00ff00ff', x'000000', REPEAT(x'00', 300), x'ff', '{"deep": [[[[{"a": [1, 2, {"b": null}]}]]]]}'),
         (b'0', b'000000000000', b'0', -128, 0, -32768, 0, -8388608, 0, -2147483648, -9223372036854775808, 0,
          -1.17549e-38, -999.9999, -0.0, 1e-300, -99999999999999999999999999999999999.999999999999999999999999999999,
          -0.0000000001, -0.000000000000000001, 0, -0.99999, 1901, '1000-01-01', '-838:59:59', '-838:59:58.999',
          '-838:59:58.999999', '1000-01-01 00:00:00', '1000-01-01 00:00:00.01', '1000-01-01 00:00:00.000001',
          '1980-01-01 00:00:01', '1980-01-01 00:00:00.000001', '', '', '', '', '', '', '', '', '', '', '[]'),
         (NULL, NULL, b'1010', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
          NULL, NULL, NULL, 0, NULL, '00:00:00', '-00:00:00.001', '-00:00:00.000001', NULL, NULL, NULL, NULL, NULL,
          NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'null');
INSERT INTO all_types (b1, b12, b64, ti, tiu, si, siu, mi, miu, i, bi, biu, f, f74, f47, d, dec_65_30, dec_20_10,
                       num_27_18, dec_10_0u, dec_5_5, y, dt, t0, t3, t6, dt0, dt2, dt6, ts0, ts6, c20, vc2000, tt, tx,
                       mt, lt, tb, bl, mb, lb, j)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
  SELECT i % 2, i * 97, i * 1000000007, i - 20, i * 6, i * 800 - 16000, i * 1600, i * 200000 - 4000000, i * 400000,
         i * 50000000 - 1000000000, i * 200000000000000000 - 4000000000000000000, CAST(i AS UNSIGNED) * 400000000000000000,
         i / 7, i * 24.9999 - 500, i / 3, PI() * i * 1e200, CONCAT(i, '.', REPEAT(i % 10, 30)), i * 123456.0123456789,
         i / 11, i * 99999, (i % 10) / 10, 1901 + i * 6, DATE('1970-01-01') + INTERVAL i * 400 DAY,
         SEC_TO_TIME(i * 7919 - 150000), SEC_TO_TIME(i * 7919.123), SEC_TO_TIME(i * 74729.654321 - 1500000),
         TIMESTAMP('1999-12-31 23:59:59') + INTERVAL i * 1000003 SECOND,
         TIMESTAMP('1999-12-31 23:59:59.99') + INTERVAL i * 100003 SECOND,
         TIMESTAMP('2000-02-29 12:00:00.000001') + INTERVAL i * 1234567 MICROSECOND,
         TIMESTAMP('2001-01-01 00:00:00') + INTERVAL i * 86413 SECOND,
         TIMESTAMP('2020-06-30 23:59:59.999999') + INTERVAL i MICROSECOND,
         CONCAT('row ', i, REPEAT(' ', i % 3)), REPEAT(CONCAT('ü', i), i), CONCAT('tiny ', i), CONCAT('é', REPEAT('x', i)),
         REPEAT('medium ', i * 10), REPEAT('long ', i * 20), UNHEX(LPAD(HEX(i), 8, '0')), UNHEX(RPAD(HEX(i), 10, '0')),
         REPEAT(CHAR(i), i), NULL,
         JSON_OBJECT('k', i, 's', CONCAT('v', i), 'f', i / 4, 'big', 18446744073709551615 - i, 'neg', -i,
                     'u', 'Grüße 中文', 'a', JSON_ARRAY(i, i % 2 = 0, NULL))
  FROM n;
INSERT INTO binary_pad (k, vk, b3, b16, vb20, cbin, note)
  VALUES (x'01', x'41', x'61', x'00', x'4100', x'00', 'pads to 0100'), (x'0120', x'4100', x'6120', NULL, x'4120', 'a ', 'space kept'),
         (x'02', x'4120', x'612020', x'ffffffffffffffffffffffffffffff00', x'00000000', x'000000', 'all zero'),
         (x'0000', x'410000', x'000000', x'00000000000000000000000000000000', x'', '', 'empty'),
         (x'ff', x'ff00ff00', x'ff0000', UNHEX(MD5('x')), x'20', x'2020', 'space only');
INSERT INTO binary_pad (k, vk, b3, b16, vb20, cbin, note)
  WITH RECURSIVE n(i) AS (SELECT 16 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
  SELECT UNHEX(HEX(i)), UNHEX(CONCAT(HEX(i), REPEAT('00', i % 3))), UNHEX(CONCAT(HEX(i), IF(i % 2, '20', ''))),
         UNHEX(CONCAT(MD5(i), '')), UNHEX(CONCAT(LPAD(HEX(i), 4, '0'), REPEAT('00', i % 5))), UNHEX(HEX(i)),
         CONCAT('generated ', i)
  FROM n;
INSERT INTO varbinary_key (vk, bk, v)
  VALUES (x'41', '', 1), (x'4100', '', 2), (x'410000', '', 3), (x'4120', '', 4), (x'41', x'20', 5), (x'41', x'01', 6),
         (x'', x'ffffffff', 7), (x'00', x'00000000', 8);
INSERT INTO varbinary_key (vk, bk, v)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
  SELECT UNHEX(CONCAT(LPAD(HEX(i), 2, '0'), REPEAT('00', i % 4))), UNHEX(RPAD(HEX(i), 4, '0')), i * 10 FROM n;
INSERT INTO enum_set (e300, s64, e_odd, s_small, e_default)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
  SELECT IF(i % 13 = 0, NULL, LPAD(1 + (i * 53) % 300, 3, '0')),
         CONCAT_WS(',', CONCAT('s', LPAD(i % 64, 2, '0')), CONCAT('s', LPAD((i * 7) % 64, 2, '0')), IF(i % 5 = 0, 's63', NULL)),
         ELT(1 + i % 5, 'it''s', 'a,b', 'back\\slash', ' lead', 'ü-latin1'), ELT(1 + i % 4, '', 'a', 'b,c', 'a,b,c'),
         ELT(1 + i % 3, 'x', 'y', 'z')
  FROM n;
INSERT INTO enum_set (e300, s64, e_odd, s_small, e_default)
  VALUES ('001', 's00', NULL, '', 'x'), ('300', 's63', 'it''s', 'c', 'z'),
         ('150', 's00,s01,s02,s03,s04,s05,s06,s07,s08,s09,s10,s11,s12,s13,s14,s15,s16,s17,s18,s19,s20,s21,s22,s23,s24,s25,s26,s27,s28,s29,s30,s31,s32,s33,s34,s35,s36,s37,s38,s39,s40,s41,s42,s43,s44,s45,s46,s47,s48,s49,s50,s51,s52,s53,s54,s55,s56,s57,s58,s59,s60,s61,s62,s63', 'a,b', 'a,b,c', 'y');
INSERT INTO charsets (id, l1_de, l1_bin, u8_cs, u8_bin, u3, u16, u32, cp1251, sjis, bin, c86_u3, c255_u4, tx_latin1)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
  SELECT i, CONCAT(ELT(1 + i % 4, 'Müller', 'Straße', 'Øre', 'façade'), i), CONCAT('Ä', i), CONCAT(ELT(1 + i % 3, 'Ab', 'ab', 'AB'), i),
         CONCAT('bin ', ELT(1 + i % 2, 'a', 'A'), i), CONCAT('ǅ', i, '€'), CONCAT('日本', i, '😀'), CONCAT('𝄞', i % 10),
         CONCAT('Привет ', i), CONCAT('カタカナ', i), UNHEX(CONCAT(HEX(i), '00', 'FF')),
         RPAD(CONCAT('wide ', i), 86, 'ж'), RPAD(CONCAT('wider ', i), 255, '中'),
         REPEAT(CONCAT('latin1 ½ ', i, ' '), i)
  FROM n;
INSERT INTO charsets (id, l1_de, l1_bin, u8_cs, u8_bin, u3, u16, u32, cp1251, sjis, bin, c86_u3, c255_u4, tx_latin1)
  VALUES (0, '', '', '', '', '', '', '', '', '', '', '', '', ''), (-1, 'trailing  ', 'pad  ', ' lead', 'tab\t', NULL,
          '\0nul', NULL, NULL, NULL, x'00', NULL, REPEAT('😀', 255), NULL);
INSERT INTO string_pk (c1, lang, c2, code, tag, label)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 45)
  SELECT CHAR(64 + i % 26), ELT(1 + i % 5, 'en', 'de-CH', 'pt_BR', 'zh-Hant', 'fr'), IF(i % 3 = 0, NULL, 'x'),
         ELT(1 + i % 3, 'abc', 'ÄÖÜ', 'a  '), UNHEX(CONCAT(LPAD(HEX(i), 2, '0'), IF(i % 2, '00', ''))),
         CONCAT('label ', i)
  FROM n;
INSERT INTO gcol (a, b, doc)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
  SELECT IF(i % 9 = 0, NULL, i * 3 - 40), i * 7 - 100,
         IF(i % 7 = 0, NULL, JSON_OBJECT('k', i, 's', CONCAT('name', i), 'tags', JSON_ARRAY(i, i + 1)))
  FROM n;
INSERT INTO func_idx (int_col, string_col, f1)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
  SELECT i * 11 - 250, CONCAT(ELT(1 + i % 4, 'foo', 'bar', 'Fö', 'X'), i),
         IF(i % 6 = 0, NULL, JSON_OBJECT('s', CONCAT('james', i), 'tags', JSON_ARRAY(i % 7, i % 11, 100 + i)))
  FROM n;
INSERT INTO invisible (first_name, last_name, created, flags)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
  SELECT CONCAT('First', i), IF(i % 4 = 0, NULL, CONCAT('Last', i)),
         TIMESTAMP('2021-03-04 05:06:07.123') + INTERVAL i * 3600 SECOND, i % 8
  FROM n;
INSERT INTO invisible (first_name) VALUES ('only visible'), ('Zoë');
INSERT INTO gipk (f1, f2, f3)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25)
  SELECT i, CONCAT('gipk ', i), i / 3 FROM n;
INSERT INTO part_range_columns (id, d, region, amount)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
  SELECT i, DATE('1975-01-01') + INTERVAL i * 250 DAY, ELT(1 + i % 4, 'emea', 'apac', 'zz', 'a'), i * 17.25 FROM n;
INSERT INTO part_list (store, sold, qty)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
  SELECT (i * 37) % 100, TIMESTAMP('2010-01-01 08:00:00') + INTERVAL i * 7 HOUR, i % 12 FROM n;
INSERT INTO part_list_columns (country, city, pop)
  VALUES ('DE', 'Berlin', 3645000), ('DE', 'München', 1472000), ('AT', 'Wien', 1897000), ('CH', 'Zürich', 421000),
         ('SE', 'Göteborg', 583000), ('NO', 'Tromsø', 77000), ('DK', 'Århus', 285000), ('FI', 'Helsinki', 656000),
         ('IS', 'Reykjavík', 131000), ('FR', 'Orléans', 116000), ('IT', 'Forlì', 118000), ('ES', 'A Coruña', 245000),
         ('PT', 'Évora', 57000), ('NL', 'Den Haag', 545000), ('BE', 'Liège', 197000), ('PL', 'Łódź', 679000),
         ('JP', '東京', 13960000), ('US', 'San José', 1013000);
INSERT INTO part_key (code, payload, seen)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
  SELECT CONCAT(ELT(1 + i % 3, 'key-', 'KEY_', 'ключ'), i), UNHEX(SHA2(i, 256)),
         TIMESTAMP('2022-02-22 22:22:22.222222') + INTERVAL i * 1001 MICROSECOND
  FROM n;
INSERT INTO part_sub (id, purchased, item)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
  SELECT i, DATE('1985-06-15') + INTERVAL i * 333 DAY, CONCAT('item ', i) FROM n;
INSERT INTO checks (id, c1, c2, c3, c4)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
  SELECT i, 10 + i, i, IF(i % 5 = 0, NULL, i * 50), IF(i % 4 = 0, NULL, CONCAT('ok', i)) FROM n;
INSERT INTO defaults_expr (n, j, tx)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
  SELECT i, JSON_ARRAY(i), CONCAT('given ', i) FROM n;
INSERT INTO defaults_expr (id) VALUES (UUID_TO_BIN('6ccd780c-baba-1026-9564-5b8c656024db')), (x'00000000000000000000000000000000');
INSERT INTO articles (title, body)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
  SELECT CONCAT(ELT(1 + i % 5, 'MySQL Tutorial', 'How To Use MySQL Well', 'Optimizing MySQL', '1001 MySQL Tricks',
                    'MySQL vs. YourSQL'), ' ', i),
         CONCAT(ELT(1 + i % 3, 'DBMS stands for DataBase ...', 'After you went through a ...',
                    'In this tutorial we will show ...'), REPEAT(' lorem ipsum', i % 7))
  FROM n;
INSERT INTO articles_ngram (content)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
  SELECT CONCAT(ELT(1 + i % 4, '数据库管理', 'データベース', '데이터베이스', 'база данных'), ' ', i) FROM n;
INSERT INTO geo (g, pt, ls, poly, mpt, mls, mpoly, gc, wgs84)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
  SELECT IF(i % 3 = 0, ST_GeomFromText(CONCAT('LINESTRING(0 0, ', i, ' ', i, ')')), ST_GeomFromText(CONCAT('POINT(', i, ' ', -i, ')'))),
         ST_GeomFromText(CONCAT('POINT(', i * 1.5, ' ', i / 3, ')')),
         ST_GeomFromText(CONCAT('LINESTRING(', i, ' 0, ', i, ' 10, ', i + 5, ' 10)')),
         ST_GeomFromText(CONCAT('POLYGON((0 0, ', i, ' 0, ', i, ' ', i, ', 0 0), (0.1 0.05, 0.2 0.05, 0.2 0.1, 0.1 0.05))')),
         ST_GeomFromText(CONCAT('MULTIPOINT((', i, ' 1), (2 ', i, '))')),
         IF(i % 4 = 0, NULL, ST_GeomFromText(CONCAT('MULTILINESTRING((0 0, ', i, ' 1), (5 5, 6 ', i, '))'))),
         ST_GeomFromText(CONCAT('MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((', i, ' ', i, ', ', i + 1, ' ', i, ', ', i + 1, ' ', i + 1, ', ', i, ' ', i, ')))')),
         ST_GeomFromText(CONCAT('GEOMETRYCOLLECTION(POINT(', i, ' ', i, '), LINESTRING(0 0, 1 ', i, '))')),
         ST_GeomFromText(CONCAT('POINT(', (i * 5) % 90, ' ', (i * 11) % 180 - 90, ')'), 4326)
  FROM n;
INSERT INTO geo (g, pt, gc) VALUES (ST_GeomFromText('GEOMETRYCOLLECTION EMPTY'), ST_GeomFromText('POINT(0 0)'),
                                    ST_GeomFromText('GEOMETRYCOLLECTION EMPTY'));
INSERT INTO ai_second (grp, v)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
  SELECT 1 + i % 4, CONCAT('v', i) FROM n;
INSERT INTO ai_second (grp, id, v) VALUES (9, 5, 'below the counter'), (9, 7000, 'explicit above');
INSERT INTO ai_unique (code, v)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
  SELECT CONCAT('C', LPAD(i, 4, '0')), i FROM n;
INSERT INTO no_key (c1, c2, c3, f, d, dt6, j, bl, tx)
  VALUES ('A', 'B', 1, 0.1, 0.1, '2020-01-01 00:00:00.000001', '{"a": 1}', x'00', 'one'),
         ('X', 'Y', 2, 1e-30, 1e-300, NULL, NULL, NULL, NULL), ('X', 'X', 3, 3.4e38, -1.7e308, NULL, '[]', '', ''),
         ('A', 'C', 4, -0.0, -0.0, '1000-01-01 00:00:00', '"scalar"', x'ff00', 'four'),
         ('A', 'C', 4, -0.0, -0.0, '1000-01-01 00:00:00', '"scalar"', x'ff00', 'four'),
         (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO no_key (c1, c2, c3, f, d, dt6, j, bl, tx)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
  SELECT CHAR(65 + i % 3), CHAR(88 + i % 2), i % 6, i / 7, i / 7, TIMESTAMP('2019-07-07 07:07:07.777777') + INTERVAL i SECOND,
         JSON_OBJECT('i', i, 'x', i / 3), REPEAT(x'ab00', i), REPEAT('dup ', i % 3)
  FROM n;
INSERT INTO nullable_unique (u, w, v)
  VALUES (NULL, NULL, 1), (NULL, NULL, 1), (1, NULL, 2), (1, NULL, 2), (1, 'a', 3), (NULL, 'a', 4), (2, 'b', 0.5);
