-- A few hundred rows made by recursive CTEs: titles with underscores and UTF-8 bytes, MediaWiki's 14-digit
-- timestamps, tokens left at their zero-byte default and some ending in zero bytes.
INSERT INTO site_identifiers (si_type, si_key, si_site)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
  SELECT ELT(1 + i % 2, 'global', 'interwiki'), CONCAT(ELT(1 + i % 3, 'enwiki', 'dewiki', 'commons'), i), i FROM n;
INSERT INTO actor (actor_user, actor_name)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
  SELECT IF(i % 5 = 0, NULL, i), IF(i % 5 = 0, CONCAT('192.0.2.', i), CONCAT('Benutzer_Ä', i)) FROM n;
INSERT INTO `user` (user_name, user_real_name, user_password, user_newpassword, user_email, user_touched,
                    user_token, user_registration, user_editcount)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 32)
  SELECT CONCAT('Benutzer_Ä', i), IF(i % 3 = 0, '', CONCAT('José Ñúñez ', i)),
         CONCAT(':pbkdf2:sha512:30000:64:', TO_BASE64(SHA2(i, 256))), '', CONCAT('user', i, '@wiki.example'),
         DATE_FORMAT(TIMESTAMP('2023-01-01 00:00:00') + INTERVAL i HOUR, '%Y%m%d%H%i%s'),
         IF(i % 4 = 0, '', UNHEX(RPAD(MD5(i), 64 - 2 * (i % 3), '0'))),
         DATE_FORMAT(TIMESTAMP('2010-01-01 00:00:00') + INTERVAL i DAY, '%Y%m%d%H%i%s'), i * 17
  FROM n;
INSERT INTO bot_passwords (bp_user, bp_app_id, bp_password, bp_restrictions, bp_grants)
  SELECT user_id, CONCAT('bot', user_id), CONCAT(':B:', HEX(user_id)), '{"IPAddresses":["0.0.0.0/0","::/0"]}',
         '["basic","editpage"]' FROM `user` WHERE user_id % 3 = 1;
INSERT INTO page (page_namespace, page_title, page_is_redirect, page_is_new, page_random, page_touched,
                  page_links_updated, page_latest, page_len, page_content_model, page_lang)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
  SELECT ELT(1 + i % 4, 0, 1, 2, 14), CONCAT(ELT(1 + i % 3, 'Main_Page', 'Zürich_(Stadt)', 'Ελληνικά'), '_', i),
         i % 9 = 0, i % 4 = 0, (i * 0.6180339887498949) - FLOOR(i * 0.6180339887498949),
         DATE_FORMAT(TIMESTAMP('2024-02-29 23:59:59') - INTERVAL i MINUTE, '%Y%m%d%H%i%s'),
         IF(i % 3 = 0, NULL, '20240301000000'), i, i * 123, IF(i % 5 = 0, 'wikitext', NULL), IF(i % 7 = 0, 'de', NULL)
  FROM n;
INSERT INTO categorylinks (cl_from, cl_to, cl_sortkey, cl_sortkey_prefix, cl_timestamp, cl_collation, cl_type)
  SELECT page_id, ELT(1 + page_id % 3, 'Stadt_in_der_Schweiz', 'Begriffsklärung', 'Hauptkategorie'),
         CONCAT(UPPER(page_title), x'0a', IF(page_id % 2, x'00', '')), '',
         TIMESTAMP('2021-10-10 10:10:10') + INTERVAL page_id HOUR, 'uca-default-u-kn',
         ELT(1 + page_id % 3, 'page', 'subcat', 'file') FROM page;
INSERT INTO page_props (pp_page, pp_propname, pp_value, pp_sortkey)
  SELECT page_id, ELT(1 + page_id % 3, 'displaytitle', 'wikibase_item', 'page_image_free'), CONCAT('Q', page_id * 11),
         IF(page_id % 4 = 0, NULL, page_id / 3) FROM page;
INSERT INTO querycache (qc_type, qc_value, qc_namespace, qc_title)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
  SELECT ELT(1 + i % 3, 'Lonelypages', 'Wantedpages', 'Mostlinked'), i % 4, 0, CONCAT('Seite_', i % 20) FROM n;
INSERT INTO user_newtalk (user_id, user_ip, user_last_timestamp)
  VALUES (1, '', '20240101000000'), (1, '', '20240101000000'), (0, '192.0.2.1', NULL), (0, '2001:db8::1', '20230505050505'),
         (5, '', NULL), (5, '', NULL);
INSERT INTO externallinks (el_from, el_to_domain_index, el_to_path)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
  SELECT 1 + i % 60, CONCAT('https://org.example.', ELT(1 + i % 3, 'www.', 'de.', 'commons.')),
         CONCAT('/wiki/', REPEAT('Pfad_', i % 15), i, '?a=1&b=ü') FROM n;
INSERT INTO objectcache (keyname, value, exptime, modtoken, flags)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25)
  SELECT CONCAT('my_wiki:messages:de:', i), IF(i % 3 = 0, NULL, COMPRESS(REPEAT('cache ', i * 10))),
         '20991231235959', IF(i % 2, '00000000000000000', LPAD(i, 17, '0')), i % 4 FROM n;
INSERT INTO searchindex (si_page, si_title, si_text)
  SELECT page_id, LOWER(REPLACE(CONVERT(page_title USING utf8mb4), '_', ' ')),
         CONCAT('u800 infobox u800 fett und link ', page_id) FROM page;
