-- The shape of MediaWiki's core tables on MySQL as its installer creates them (sql/mysql/tables-generated.sql with
-- $wgDBTableOptions = "ENGINE=InnoDB, DEFAULT CHARSET=binary"): every title and key VARBINARY, timestamps as
-- BINARY(14) strings, BINARY(32) tokens defaulting to '' (32 zero bytes), composite keys over VARBINARY columns,
-- BLOB prefix indexes, a FLOAT in a unique key, tables without a primary key and one MyISAM FULLTEXT table.
CREATE TABLE site_identifiers (
  si_type VARBINARY(32) NOT NULL, si_key VARBINARY(32) NOT NULL, si_site INT UNSIGNED NOT NULL,
  INDEX si_site (si_site), INDEX si_key (si_key), PRIMARY KEY (si_type, si_key)
) ENGINE=InnoDB, DEFAULT CHARSET=binary;
CREATE TABLE actor (
  actor_id BIGINT UNSIGNED AUTO_INCREMENT NOT NULL, actor_user INT UNSIGNED DEFAULT NULL,
  actor_name VARBINARY(255) NOT NULL,
  UNIQUE INDEX actor_user (actor_user), UNIQUE INDEX actor_name (actor_name), PRIMARY KEY (actor_id)
) ENGINE=InnoDB, DEFAULT CHARSET=binary;
CREATE TABLE bot_passwords (
  bp_user INT UNSIGNED NOT NULL, bp_app_id VARBINARY(32) NOT NULL, bp_password TINYBLOB NOT NULL,
  bp_token BINARY(32) DEFAULT '' NOT NULL, bp_restrictions BLOB NOT NULL, bp_grants BLOB NOT NULL,
  PRIMARY KEY (bp_user, bp_app_id)
) ENGINE=InnoDB, DEFAULT CHARSET=binary;
CREATE TABLE page (
  page_id INT UNSIGNED AUTO_INCREMENT NOT NULL, page_namespace INT NOT NULL, page_title VARBINARY(255) NOT NULL,
  page_is_redirect TINYINT UNSIGNED DEFAULT 0 NOT NULL, page_is_new TINYINT UNSIGNED DEFAULT 0 NOT NULL,
  page_random DOUBLE PRECISION UNSIGNED NOT NULL, page_touched BINARY(14) NOT NULL,
  page_links_updated BINARY(14) DEFAULT NULL, page_latest INT UNSIGNED NOT NULL, page_len INT UNSIGNED NOT NULL,
  page_content_model VARBINARY(32) DEFAULT NULL, page_lang VARBINARY(35) DEFAULT NULL,
  UNIQUE INDEX page_name_title (page_namespace, page_title), INDEX page_random (page_random),
  INDEX page_len (page_len), INDEX page_redirect_namespace_len (page_is_redirect, page_namespace, page_len),
  PRIMARY KEY (page_id)
) ENGINE=InnoDB, DEFAULT CHARSET=binary;
CREATE TABLE `user` (
  user_id INT UNSIGNED AUTO_INCREMENT NOT NULL, user_name VARBINARY(255) DEFAULT '' NOT NULL,
  user_real_name VARBINARY(255) DEFAULT '' NOT NULL, user_password TINYBLOB NOT NULL,
  user_newpassword TINYBLOB NOT NULL, user_newpass_time BINARY(14) DEFAULT NULL, user_email TINYTEXT NOT NULL,
  user_touched BINARY(14) NOT NULL, user_token BINARY(32) DEFAULT '' NOT NULL,
  user_email_authenticated BINARY(14) DEFAULT NULL, user_email_token BINARY(32) DEFAULT NULL,
  user_email_token_expires BINARY(14) DEFAULT NULL, user_registration BINARY(14) DEFAULT NULL,
  user_editcount INT UNSIGNED DEFAULT NULL, user_password_expires VARBINARY(14) DEFAULT NULL,
  user_is_temp TINYINT(1) DEFAULT 0 NOT NULL,
  UNIQUE INDEX user_name (user_name), INDEX user_email_token (user_email_token), INDEX user_email (user_email(50)),
  PRIMARY KEY (user_id)
) ENGINE=InnoDB, DEFAULT CHARSET=binary;
CREATE TABLE categorylinks (
  cl_from INT UNSIGNED DEFAULT 0 NOT NULL, cl_to VARBINARY(255) DEFAULT '' NOT NULL,
  cl_sortkey VARBINARY(230) DEFAULT '' NOT NULL, cl_sortkey_prefix VARBINARY(255) DEFAULT '' NOT NULL,
  cl_timestamp TIMESTAMP NOT NULL, cl_collation VARBINARY(32) DEFAULT '' NOT NULL,
  cl_type ENUM('page', 'subcat', 'file') DEFAULT 'page' NOT NULL,
  INDEX cl_sortkey (cl_to, cl_type, cl_sortkey, cl_from), INDEX cl_timestamp (cl_to, cl_timestamp),
  PRIMARY KEY (cl_from, cl_to)
) ENGINE=InnoDB, DEFAULT CHARSET=binary;
CREATE TABLE page_props (
  pp_page INT UNSIGNED NOT NULL, pp_propname VARBINARY(60) NOT NULL, pp_value BLOB NOT NULL,
  pp_sortkey FLOAT DEFAULT NULL,
  UNIQUE INDEX pp_propname_page (pp_propname, pp_page),
  UNIQUE INDEX pp_propname_sortkey_page (pp_propname, pp_sortkey, pp_page), PRIMARY KEY (pp_page, pp_propname)
) ENGINE=InnoDB, DEFAULT CHARSET=binary;
CREATE TABLE querycache (
  qc_type VARBINARY(32) NOT NULL, qc_value INT UNSIGNED DEFAULT 0 NOT NULL, qc_namespace INT DEFAULT 0 NOT NULL,
  qc_title VARBINARY(255) DEFAULT '' NOT NULL, INDEX qc_type (qc_type, qc_value)
) ENGINE=InnoDB, DEFAULT CHARSET=binary;
CREATE TABLE user_newtalk (
  user_id INT UNSIGNED DEFAULT 0 NOT NULL, user_ip VARBINARY(40) DEFAULT '' NOT NULL,
  user_last_timestamp BINARY(14) DEFAULT NULL, INDEX un_user_id (user_id), INDEX un_user_ip (user_ip)
) ENGINE=InnoDB, DEFAULT CHARSET=binary;
CREATE TABLE externallinks (
  el_id INT UNSIGNED AUTO_INCREMENT NOT NULL, el_from INT UNSIGNED DEFAULT 0 NOT NULL,
  el_to_domain_index VARBINARY(255) DEFAULT '' NOT NULL, el_to_path BLOB DEFAULT NULL, INDEX el_from (el_from),
  INDEX el_to_domain_index_to_path (el_to_domain_index, el_to_path(60)), PRIMARY KEY (el_id)
) ENGINE=InnoDB, DEFAULT CHARSET=binary;
CREATE TABLE objectcache (
  keyname VARBINARY(255) DEFAULT '' NOT NULL, value MEDIUMBLOB DEFAULT NULL, exptime BINARY(14) NOT NULL,
  modtoken VARCHAR(17) DEFAULT '00000000000000000' NOT NULL, flags INT UNSIGNED DEFAULT NULL,
  INDEX exptime (exptime), PRIMARY KEY (keyname)
) ENGINE=InnoDB, DEFAULT CHARSET=binary;
CREATE TABLE searchindex (
  si_page INT UNSIGNED NOT NULL, si_title MEDIUMTEXT NOT NULL, si_text MEDIUMTEXT NOT NULL,
  FULLTEXT INDEX si_title (si_title), FULLTEXT INDEX si_text (si_text), PRIMARY KEY (si_page)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;
