-- The table DDL of MySQL's "employees" sample database, from https://github.com/datacharmer/test_db
-- (employees.sql), Copyright (C) 2007, 2008 MySQL AB, schema by Giuseppe Maxia, licensed under the
-- Creative Commons Attribution-Share Alike 3.0 Unported License (http://creativecommons.org/licenses/by-sa/3.0/).
-- Taken unchanged: employees, departments, dept_manager, dept_emp, titles, salaries (ON DELETE CASCADE).
-- Added by binlog-pitr's tests (same licence): salary_reviews (a grandchild of employees, ON DELETE CASCADE
-- through salaries) and dept_projects (ON DELETE SET NULL ON UPDATE CASCADE, the shape of sakila's
-- payment.rental_id), to cover two levels and the other actions.
CREATE TABLE employees (
    emp_no      INT             NOT NULL,
    birth_date  DATE            NOT NULL,
    first_name  VARCHAR(14)     NOT NULL,
    last_name   VARCHAR(16)     NOT NULL,
    gender      ENUM ('M','F','NB','T')  NOT NULL,
    hire_date   DATE            NOT NULL,
    PRIMARY KEY (emp_no)
);
CREATE TABLE departments (
    dept_no     CHAR(4)         NOT NULL,
    dept_name   VARCHAR(40)     NOT NULL,
    PRIMARY KEY (dept_no),
    UNIQUE  KEY (dept_name)
);
CREATE TABLE dept_manager (
   emp_no       INT             NOT NULL,
   dept_no      CHAR(4)         NOT NULL,
   from_date    DATE            NOT NULL,
   to_date      DATE            NOT NULL,
   FOREIGN KEY (emp_no)  REFERENCES employees (emp_no)    ON DELETE CASCADE,
   FOREIGN KEY (dept_no) REFERENCES departments (dept_no) ON DELETE CASCADE,
   PRIMARY KEY (emp_no,dept_no)
);
CREATE TABLE dept_emp (
    emp_no      INT             NOT NULL,
    dept_no     CHAR(4)         NOT NULL,
    from_date   DATE            NOT NULL,
    to_date     DATE            NOT NULL,
    FOREIGN KEY (emp_no)  REFERENCES employees   (emp_no)  ON DELETE CASCADE,
    FOREIGN KEY (dept_no) REFERENCES departments (dept_no) ON DELETE CASCADE,
    PRIMARY KEY (emp_no,dept_no)
);
CREATE TABLE titles (
    emp_no      INT             NOT NULL,
    title       VARCHAR(50)     NOT NULL,
    from_date   DATE            NOT NULL,
    to_date     DATE,
    FOREIGN KEY (emp_no) REFERENCES employees (emp_no) ON DELETE CASCADE,
    PRIMARY KEY (emp_no,title, from_date)
);
CREATE TABLE salaries (
    emp_no      INT             NOT NULL,
    salary      INT             NOT NULL,
    from_date   DATE            NOT NULL,
    to_date     DATE            NOT NULL,
    FOREIGN KEY (emp_no) REFERENCES employees (emp_no) ON DELETE CASCADE,
    PRIMARY KEY (emp_no, from_date)
);
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
