-- A few hundred rows, made by recursive CTEs so that the file stays small.
INSERT INTO language (name) VALUES ('English'), ('Italian'), ('Japanese'), ('Mandarin'), ('French'), ('German');
INSERT INTO category (name) VALUES ('Action'), ('Animation'), ('Children'), ('Classics'), ('Comedy'),
  ('Documentary'), ('Drama'), ('Family'), ('Foreign'), ('Games'), ('Horror'), ('Music'), ('New'), ('Sci-Fi');
INSERT INTO actor (first_name, last_name)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120)
  SELECT CONCAT('FIRST', i), CONCAT(ELT(1 + i % 6, 'GUINESS', 'WAHLBERG', 'CHASE', 'DAVIS', 'LOLLOBRIGIDA', 'NICHOLSON'), i) FROM n;
INSERT INTO film (title, description, release_year, language_id, original_language_id, rental_duration, rental_rate,
                  length, replacement_cost, rating, special_features)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150)
  SELECT CONCAT('FILM TITLE ', i), CONCAT('A thoughtful story of a ', ELT(1 + i % 4, 'dog', 'robot', 'monk', 'car'),
         ' in ', ELT(1 + i % 3, 'Nigeria', 'a shark tank', 'the Canadian Rockies')),
         2000 + i % 25, 1 + i % 6, IF(i % 7 = 0, 2, NULL), 3 + i % 5, 0.99 + (i % 5), 46 + i % 140,
         9.99 + (i % 21), ELT(1 + i % 5, 'G', 'PG', 'PG-13', 'R', 'NC-17'),
         ELT(1 + i % 4, 'Trailers', 'Commentaries,Deleted Scenes', NULL, 'Behind the Scenes,Trailers') FROM n;
-- with triggers.sql loaded, ins_film has filled film_text already
INSERT INTO film_text (film_id, title, description) SELECT film_id, title, description FROM film
  WHERE film_id NOT IN (SELECT film_id FROM film_text);
INSERT INTO film_actor (actor_id, film_id)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
  SELECT DISTINCT 1 + (i * 7) % 120, 1 + (i * 13) % 150 FROM n;
INSERT INTO film_category (film_id, category_id) SELECT film_id, 1 + film_id % 14 FROM film;
INSERT INTO address (address, district, postal_code, phone, location)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
  SELECT CONCAT(i, ' Main Street'), ELT(1 + i % 4, 'Alberta', 'QLD', 'Nagasaki', 'Kaduna'), LPAD(i * 37, 5, '0'),
         CONCAT('+1-555-', LPAD(i, 4, '0')), IF(i % 5 = 0, NULL, ST_GeomFromText(CONCAT('POINT(', i, ' ', i / 2, ')')))
  FROM n;
INSERT INTO customer (store_id, first_name, last_name, email, address_id, active, create_date)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
  SELECT 1 + i % 2, CONCAT('MARY', i), CONCAT('SMITH', i), IF(i % 9 = 0, NULL, CONCAT('m', i, '@example.org')), i,
         i % 11 != 0, TIMESTAMP('2006-02-14 22:04:36') + INTERVAL i DAY FROM n;
INSERT INTO rental (rental_date, film_id, customer_id, return_date)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
  SELECT TIMESTAMP('2005-05-24 22:53:30') + INTERVAL i HOUR, 1 + (i * 11) % 150, 1 + (i * 3) % 100,
         IF(i % 8 = 0, NULL, TIMESTAMP('2005-05-26 22:04:30') + INTERVAL i HOUR) FROM n;
INSERT INTO payment (customer_id, rental_id, amount, payment_date)
  SELECT customer_id, rental_id, 0.99 + rental_id % 10, rental_date + INTERVAL 1 DAY FROM rental WHERE rental_id % 3 != 0;
