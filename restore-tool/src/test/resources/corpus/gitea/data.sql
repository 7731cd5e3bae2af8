INSERT INTO `user` (`lower_name`, `name`, `full_name`, `email`, `keep_email_private`, `passwd`, `type`, `created_unix`,
                    `updated_unix`, `is_active`, `is_admin`, `num_repos`)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
  SELECT CONCAT('user', i), CONCAT('User', i), IF(i % 4 = 0, NULL, CONCAT('Jürgen Ünal ', i)), CONCAT('user', i, '@gitea.example'),
         i % 2, SHA2(CONCAT('pw', i), 256), IF(i % 10 = 0, 1, 0), 1577836800 + i * 86400, 1577836800 + i * 90000,
         i % 9 != 0, i = 1, i % 5 FROM n;
INSERT INTO `repository` (`owner_id`, `owner_name`, `lower_name`, `name`, `description`, `default_branch`, `num_stars`,
                          `num_issues`, `is_private`, `is_archived`, `size`, `topics`, `created_unix`, `updated_unix`)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 80)
  SELECT 1 + i % 50, CONCAT('user', 1 + i % 50), CONCAT('repo', i), CONCAT('Repo', i), IF(i % 3 = 0, '', CONCAT('Repo ', i, ' description')),
         'main', i % 17, 0, i % 4 = 0, i % 11 = 0, i * 1024, IF(i % 2 = 0, '["go","git"]', 'null'),
         1580000000 + i * 3600, 1580000000 + i * 7200 FROM n;
INSERT INTO `issue` (`repo_id`, `index`, `poster_id`, `name`, `content`, `priority`, `is_closed`, `is_pull`, `num_comments`,
                     `created_unix`, `updated_unix`, `closed_unix`)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
  SELECT 1 + i % 80, 1 + i DIV 80, 1 + i % 50, CONCAT('Issue ', i), CONCAT('### Steps\n1. run `gitea web`\n2. see error ', i),
         i % 3, i % 5 = 0, i % 7 = 0, 0, 1600000000 + i * 600, 1600000000 + i * 900, IF(i % 5 = 0, 1600000000 + i * 1000, 0) FROM n;
INSERT INTO `comment` (`type`, `poster_id`, `issue_id`, `content`, `created_unix`, `updated_unix`)
  SELECT 0, 1 + id % 50, id, CONCAT('LGTM 👍 on #', id), 1600001000 + id, 1600001000 + id FROM `issue` WHERE id % 2 = 0;
INSERT INTO `label` (`repo_id`, `name`, `exclusive`, `description`, `color`, `num_issues`)
  SELECT id, 'kind/bug', 0, 'Something is not working', '#ee0701', 0 FROM `repository`;
INSERT INTO `issue_label` (`issue_id`, `label_id`) SELECT id, repo_id FROM `issue` WHERE id % 3 = 0;
INSERT INTO `action` (`user_id`, `op_type`, `act_user_id`, `repo_id`, `ref_name`, `content`, `created_unix`)
  SELECT poster_id, 6, poster_id, repo_id, 'refs/heads/main', CONCAT('{"issue":', id, '}'), created_unix FROM `issue`;
