-- The shape of Gitea's tables as its ORM (xorm) creates them on MySQL: BIGINT ids and unix-time columns,
-- TINYINT(1) flags, VARCHAR(255) everywhere, LONGTEXT bodies, many single-column indexes, one JSON-ish TEXT.
CREATE TABLE `user` (
  `id` BIGINT(20) NOT NULL AUTO_INCREMENT, `lower_name` VARCHAR(255) NOT NULL, `name` VARCHAR(255) NOT NULL,
  `full_name` VARCHAR(255) NULL, `email` VARCHAR(255) NOT NULL, `keep_email_private` TINYINT(1) NULL,
  `passwd` VARCHAR(255) NOT NULL, `passwd_hash_algo` VARCHAR(255) NOT NULL DEFAULT 'argon2',
  `type` INT NULL, `location` VARCHAR(255) NULL, `created_unix` BIGINT(20) NULL, `updated_unix` BIGINT(20) NULL,
  `last_login_unix` BIGINT(20) NULL, `is_active` TINYINT(1) NULL, `is_admin` TINYINT(1) NULL,
  `max_repo_creation` INT NOT NULL DEFAULT -1, `num_repos` INT NULL, `theme` VARCHAR(255) NOT NULL DEFAULT '',
  PRIMARY KEY (`id`), UNIQUE KEY `UQE_user_lower_name` (`lower_name`), UNIQUE KEY `UQE_user_name` (`name`),
  KEY `IDX_user_created_unix` (`created_unix`), KEY `IDX_user_is_active` (`is_active`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 ROW_FORMAT=DYNAMIC;
CREATE TABLE `repository` (
  `id` BIGINT(20) NOT NULL AUTO_INCREMENT, `owner_id` BIGINT(20) NULL, `owner_name` VARCHAR(255) NULL,
  `lower_name` VARCHAR(255) NOT NULL, `name` VARCHAR(255) NOT NULL, `description` TEXT NULL,
  `default_branch` VARCHAR(255) NULL, `num_stars` INT NULL, `num_issues` INT NULL, `is_private` TINYINT(1) NULL,
  `is_archived` TINYINT(1) NULL, `size` BIGINT(20) NOT NULL DEFAULT 0, `topics` TEXT NULL,
  `created_unix` BIGINT(20) NULL, `updated_unix` BIGINT(20) NULL,
  PRIMARY KEY (`id`), UNIQUE KEY `UQE_repository_s` (`owner_id`, `lower_name`), KEY `IDX_repository_name` (`name`),
  KEY `IDX_repository_is_private` (`is_private`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 ROW_FORMAT=DYNAMIC;
CREATE TABLE `issue` (
  `id` BIGINT(20) NOT NULL AUTO_INCREMENT, `repo_id` BIGINT(20) NULL, `index` BIGINT(20) NULL,
  `poster_id` BIGINT(20) NULL, `name` VARCHAR(255) NULL, `content` LONGTEXT NULL, `milestone_id` BIGINT(20) NULL,
  `priority` INT NULL, `is_closed` TINYINT(1) NULL, `is_pull` TINYINT(1) NULL, `num_comments` INT NULL,
  `ref` VARCHAR(255) NULL, `deadline_unix` BIGINT(20) NULL, `created_unix` BIGINT(20) NULL,
  `updated_unix` BIGINT(20) NULL, `closed_unix` BIGINT(20) NULL, `is_locked` TINYINT(1) NOT NULL DEFAULT 0,
  PRIMARY KEY (`id`), UNIQUE KEY `UQE_issue_repo_index` (`repo_id`, `index`), KEY `IDX_issue_poster_id` (`poster_id`),
  KEY `IDX_issue_is_closed` (`is_closed`), KEY `IDX_issue_created_unix` (`created_unix`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 ROW_FORMAT=DYNAMIC;
CREATE TABLE `comment` (
  `id` BIGINT(20) NOT NULL AUTO_INCREMENT, `type` INT NULL, `poster_id` BIGINT(20) NULL, `issue_id` BIGINT(20) NULL,
  `content` LONGTEXT NULL, `patch` TEXT NULL, `line` BIGINT(20) NULL, `tree_path` VARCHAR(255) NULL,
  `commit_sha` VARCHAR(64) NULL, `created_unix` BIGINT(20) NULL, `updated_unix` BIGINT(20) NULL,
  PRIMARY KEY (`id`), KEY `IDX_comment_issue_id` (`issue_id`), KEY `IDX_comment_type` (`type`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 ROW_FORMAT=DYNAMIC;
CREATE TABLE `label` (
  `id` BIGINT(20) NOT NULL AUTO_INCREMENT, `repo_id` BIGINT(20) NULL, `name` VARCHAR(255) NULL,
  `exclusive` TINYINT(1) NULL, `description` VARCHAR(255) NULL, `color` VARCHAR(7) NULL,
  `num_issues` INT NULL, PRIMARY KEY (`id`), KEY `IDX_label_repo_id` (`repo_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 ROW_FORMAT=DYNAMIC;
CREATE TABLE `issue_label` (
  `id` BIGINT(20) NOT NULL AUTO_INCREMENT, `issue_id` BIGINT(20) NULL, `label_id` BIGINT(20) NULL,
  PRIMARY KEY (`id`), UNIQUE KEY `UQE_issue_label_s` (`issue_id`, `label_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 ROW_FORMAT=DYNAMIC;
CREATE TABLE `action` (
  `id` BIGINT(20) NOT NULL AUTO_INCREMENT, `user_id` BIGINT(20) NULL, `op_type` INT NULL, `act_user_id` BIGINT(20) NULL,
  `repo_id` BIGINT(20) NULL, `comment_id` BIGINT(20) NULL, `is_deleted` TINYINT(1) NOT NULL DEFAULT 0,
  `ref_name` VARCHAR(255) NULL, `is_private` TINYINT(1) NOT NULL DEFAULT 0, `content` TEXT NULL,
  `created_unix` BIGINT(20) NULL, PRIMARY KEY (`id`), KEY `IDX_action_r_u_d` (`repo_id`, `user_id`, `is_deleted`),
  KEY `IDX_action_created_unix` (`created_unix`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 ROW_FORMAT=DYNAMIC;
