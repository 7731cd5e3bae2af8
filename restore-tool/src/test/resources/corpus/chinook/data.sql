INSERT INTO `Genre` (`Name`) VALUES ('Rock'), ('Jazz'), ('Metal'), ('Alternative & Punk'), ('Blues'), ('Latin'),
  ('Bossa Nova'), ('Classical');
INSERT INTO `MediaType` (`Name`) VALUES ('MPEG audio file'), ('Protected AAC audio file'), ('AAC audio file');
INSERT INTO `Artist` (`Name`)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
  SELECT IF(i % 10 = 0, NULL, CONCAT(ELT(1 + i % 5, 'AC/DC ', 'Antônio Carlos Jobim ', 'Os Mutantes ', 'Motörhead ', 'Björk '), i)) FROM n;
-- one statement per table: with innodb_autoinc_lock_mode=2 a second INSERT ... SELECT may leave an id gap
INSERT INTO `Album` (`Title`, `ArtistId`)
  SELECT CONCAT('Album of artist ', `ArtistId`, ' — vol. 1'), `ArtistId` FROM `Artist`
  UNION ALL SELECT CONCAT('Album of artist ', `ArtistId`, ' — vol. 2'), `ArtistId` FROM `Artist` WHERE `ArtistId` % 2 = 0;
INSERT INTO `Track` (`Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
  SELECT CONCAT('Track ', i), 1 + i % 90, 1 + i % 3, IF(i % 13 = 0, NULL, 1 + i % 8),
         IF(i % 4 = 0, NULL, 'Angus Young, Malcolm Young, Brian Johnson'), 150000 + i * 977, 4000000 + i * 3331,
         IF(i % 10 = 0, 1.99, 0.99) FROM n;
INSERT INTO `Playlist` (`Name`) VALUES ('Music'), ('Movies'), ('TV Shows'), ('Audiobooks'), ('90’s Music'), ('Grunge');
INSERT INTO `PlaylistTrack` SELECT 1 + `TrackId` % 6, `TrackId` FROM `Track`;
INSERT INTO `Employee` (`LastName`, `FirstName`, `Title`, `ReportsTo`, `BirthDate`, `HireDate`, `Email`) VALUES
  ('Adams', 'Andrew', 'General Manager', NULL, '1962-02-18', '2002-08-14', 'andrew@chinookcorp.com'),
  ('Edwards', 'Nancy', 'Sales Manager', 1, '1958-12-08', '2002-05-01', 'nancy@chinookcorp.com'),
  ('Peacock', 'Jane', 'Sales Support Agent', 2, '1973-08-29', '2002-04-01', 'jane@chinookcorp.com'),
  ('Park', 'Margaret', 'Sales Support Agent', 2, '1947-09-19', '2003-05-03', 'margaret@chinookcorp.com');
INSERT INTO `Customer` (`FirstName`, `LastName`, `Company`, `Country`, `Email`, `SupportRepId`)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 59)
  SELECT CONCAT('Luís', i), CONCAT('Gonçalves', i), IF(i % 3 = 0, 'Embraer', NULL),
         ELT(1 + i % 4, 'Brazil', 'Germany', 'Canada', 'Norway'), CONCAT('c', i, '@example.com'), 2 + i % 3 FROM n;
INSERT INTO `Invoice` (`CustomerId`, `InvoiceDate`, `BillingCountry`, `Total`)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
  SELECT 1 + i % 59, TIMESTAMP('2009-01-01') + INTERVAL i DAY, 'Brazil', 0 FROM n;
INSERT INTO `InvoiceLine` (`InvoiceId`, `TrackId`, `UnitPrice`, `Quantity`)
  SELECT `InvoiceId`, 1 + (`InvoiceId` * 7) % 300, 0.99, 1 + `InvoiceId` % 3 FROM `Invoice`;
UPDATE `Invoice` i SET `Total` = (SELECT SUM(`UnitPrice` * `Quantity`) FROM `InvoiceLine` l WHERE l.`InvoiceId` = i.`InvoiceId`);
