-- The shape of the Chinook sample database (a digital media store, Luis Rocha): PascalCase identifiers,
-- NUMERIC money, a self-referencing foreign key, a many-to-many table.
CREATE TABLE `Artist` (`ArtistId` INT NOT NULL AUTO_INCREMENT, `Name` VARCHAR(120), PRIMARY KEY (`ArtistId`));
CREATE TABLE `Album` (
  `AlbumId` INT NOT NULL AUTO_INCREMENT, `Title` VARCHAR(160) NOT NULL, `ArtistId` INT NOT NULL,
  PRIMARY KEY (`AlbumId`), KEY `IFK_AlbumArtistId` (`ArtistId`),
  CONSTRAINT `FK_AlbumArtistId` FOREIGN KEY (`ArtistId`) REFERENCES `Artist` (`ArtistId`)
);
CREATE TABLE `Genre` (`GenreId` INT NOT NULL AUTO_INCREMENT, `Name` VARCHAR(120), PRIMARY KEY (`GenreId`));
CREATE TABLE `MediaType` (`MediaTypeId` INT NOT NULL AUTO_INCREMENT, `Name` VARCHAR(120), PRIMARY KEY (`MediaTypeId`));
CREATE TABLE `Track` (
  `TrackId` INT NOT NULL AUTO_INCREMENT, `Name` VARCHAR(200) NOT NULL, `AlbumId` INT, `MediaTypeId` INT NOT NULL,
  `GenreId` INT, `Composer` VARCHAR(220), `Milliseconds` INT NOT NULL, `Bytes` INT, `UnitPrice` NUMERIC(10,2) NOT NULL,
  PRIMARY KEY (`TrackId`),
  CONSTRAINT `FK_TrackAlbumId` FOREIGN KEY (`AlbumId`) REFERENCES `Album` (`AlbumId`),
  CONSTRAINT `FK_TrackGenreId` FOREIGN KEY (`GenreId`) REFERENCES `Genre` (`GenreId`),
  CONSTRAINT `FK_TrackMediaTypeId` FOREIGN KEY (`MediaTypeId`) REFERENCES `MediaType` (`MediaTypeId`)
);
CREATE TABLE `Playlist` (`PlaylistId` INT NOT NULL AUTO_INCREMENT, `Name` VARCHAR(120), PRIMARY KEY (`PlaylistId`));
CREATE TABLE `PlaylistTrack` (
  `PlaylistId` INT NOT NULL, `TrackId` INT NOT NULL, PRIMARY KEY (`PlaylistId`, `TrackId`),
  CONSTRAINT `FK_PlaylistTrackPlaylistId` FOREIGN KEY (`PlaylistId`) REFERENCES `Playlist` (`PlaylistId`),
  CONSTRAINT `FK_PlaylistTrackTrackId` FOREIGN KEY (`TrackId`) REFERENCES `Track` (`TrackId`)
);
CREATE TABLE `Employee` (
  `EmployeeId` INT NOT NULL AUTO_INCREMENT, `LastName` VARCHAR(20) NOT NULL, `FirstName` VARCHAR(20) NOT NULL,
  `Title` VARCHAR(30), `ReportsTo` INT, `BirthDate` DATETIME, `HireDate` DATETIME, `Email` VARCHAR(60),
  PRIMARY KEY (`EmployeeId`),
  CONSTRAINT `FK_EmployeeReportsTo` FOREIGN KEY (`ReportsTo`) REFERENCES `Employee` (`EmployeeId`)
);
CREATE TABLE `Customer` (
  `CustomerId` INT NOT NULL AUTO_INCREMENT, `FirstName` VARCHAR(40) NOT NULL, `LastName` VARCHAR(20) NOT NULL,
  `Company` VARCHAR(80), `Country` VARCHAR(40), `Email` VARCHAR(60) NOT NULL, `SupportRepId` INT,
  PRIMARY KEY (`CustomerId`),
  CONSTRAINT `FK_CustomerSupportRepId` FOREIGN KEY (`SupportRepId`) REFERENCES `Employee` (`EmployeeId`)
);
CREATE TABLE `Invoice` (
  `InvoiceId` INT NOT NULL AUTO_INCREMENT, `CustomerId` INT NOT NULL, `InvoiceDate` DATETIME NOT NULL,
  `BillingCountry` VARCHAR(40), `Total` NUMERIC(10,2) NOT NULL, PRIMARY KEY (`InvoiceId`),
  CONSTRAINT `FK_InvoiceCustomerId` FOREIGN KEY (`CustomerId`) REFERENCES `Customer` (`CustomerId`)
);
CREATE TABLE `InvoiceLine` (
  `InvoiceLineId` INT NOT NULL AUTO_INCREMENT, `InvoiceId` INT NOT NULL, `TrackId` INT NOT NULL,
  `UnitPrice` NUMERIC(10,2) NOT NULL, `Quantity` INT NOT NULL, PRIMARY KEY (`InvoiceLineId`),
  CONSTRAINT `FK_InvoiceLineInvoiceId` FOREIGN KEY (`InvoiceId`) REFERENCES `Invoice` (`InvoiceId`),
  CONSTRAINT `FK_InvoiceLineTrackId` FOREIGN KEY (`TrackId`) REFERENCES `Track` (`TrackId`)
);
