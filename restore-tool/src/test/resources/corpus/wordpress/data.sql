INSERT INTO wp_users (user_login, user_pass, user_nicename, user_email, user_registered, display_name)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
  SELECT CONCAT('user', i), CONCAT('$P$B', MD5(i)), CONCAT('user-', i), CONCAT('u', i, '@example.net'),
         IF(i = 1, '0000-00-00 00:00:00', TIMESTAMP('2019-03-01') + INTERVAL i DAY), CONCAT('Zoë ', i) FROM n;
INSERT INTO wp_usermeta (user_id, meta_key, meta_value)
  SELECT ID, 'wp_capabilities', 'a:1:{s:13:"administrator";b:1;}' FROM wp_users;
INSERT INTO wp_usermeta (user_id, meta_key, meta_value) SELECT ID, 'nickname', user_login FROM wp_users;
INSERT INTO wp_posts (post_author, post_date, post_date_gmt, post_content, post_title, post_excerpt, post_status,
                      post_name, post_modified, post_parent, guid, post_type)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
  SELECT 1 + i % 40, TIMESTAMP('2020-01-01 10:00:00') + INTERVAL i HOUR, TIMESTAMP('2020-01-01 04:30:00') + INTERVAL i HOUR,
         CONCAT('<!-- wp:paragraph --><p>Post body ', i, ' — ', REPEAT('lorem ipsum ', 1 + i % 30), '</p><!-- /wp:paragraph -->'),
         CONCAT('Hello world ', i), '', ELT(1 + i % 3, 'publish', 'draft', 'inherit'), CONCAT('hello-world-', i),
         IF(i % 7 = 0, '0000-00-00 00:00:00', TIMESTAMP('2020-02-01') + INTERVAL i HOUR), IF(i % 5 = 0, i - 1, 0),
         CONCAT('http://example.org/?p=', i), ELT(1 + i % 4, 'post', 'page', 'attachment', 'revision') FROM n;
INSERT INTO wp_postmeta (post_id, meta_key, meta_value)
  SELECT ID, '_edit_lock', CONCAT(1600000000 + ID, ':1') FROM wp_posts WHERE ID % 2 = 0;
INSERT INTO wp_options (option_name, option_value, autoload)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 80)
  SELECT CONCAT('option_', i), IF(i % 6 = 0, '', CONCAT('a:2:{i:0;s:3:"', i, '";i:1;b:0;}')), IF(i % 3 = 0, 'no', 'yes') FROM n;
INSERT INTO wp_terms (name, slug) VALUES ('Uncategorized', 'uncategorized'), ('News', 'news'), ('Café', 'cafe');
INSERT INTO wp_term_relationships (object_id, term_taxonomy_id) SELECT ID, 1 + ID % 3 FROM wp_posts;
INSERT INTO wp_comments (comment_post_ID, comment_author, comment_author_email, comment_date, comment_content, user_id)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150)
  SELECT 1 + i % 200, CONCAT('A WordPress Commenter ', i), 'wapuu@wordpress.example',
         TIMESTAMP('2020-03-01') + INTERVAL i MINUTE, CONCAT('Hi, this is comment ', i, '.'), i % 3 FROM n;
