-- Tables added by binlog-pitr's tests to MySQL's "employees" sample database (the tables themselves are
-- ../corpus/employees/schema.sql, loaded first), after https://github.com/datacharmer/test_db (employees.sql),
-- Copyright (C) 2007, 2008 MySQL AB, schema by Giuseppe Maxia, licensed under the Creative Commons
-- Attribution-Share Alike 3.0 Unported License (http://creativecommons.org/licenses/by-sa/3.0/); same licence:
-- salary_reviews (a grandchild of employees, ON DELETE CASCADE through salaries) and dept_projects (ON DELETE
-- SET NULL ON UPDATE CASCADE, the shape of sakila's payment.rental_id), to cover two levels and the other actions.
CREATE TABLE salary_reviews (
    id          INT             NOT NULL AUTO_INCREMENT,
    emp_no      INT             NOT NULL,
    from_date   DATE            NOT NULL,
    note        VARCHAR(200)    NOT NULL,
    FOREIGN KEY (emp_no, from_date) REFERENCES salaries (emp_no, from_date) ON DELETE CASCADE,
    PRIMARY KEY (id)
);
CREATE TABLE dept_projects (
    id          INT             NOT NULL,
    dept_no     CHAR(4)         NULL,
    name        VARCHAR(60)     NOT NULL,
    budget      DECIMAL(12,2)   NOT NULL,
    FOREIGN KEY (dept_no) REFERENCES departments (dept_no) ON DELETE SET NULL ON UPDATE CASCADE,
    PRIMARY KEY (id)
);
