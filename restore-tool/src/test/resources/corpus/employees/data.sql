INSERT INTO departments VALUES ('d001','Marketing'), ('d002','Finance'), ('d003','Human Resources'),
  ('d004','Production'), ('d005','Development'), ('d006','Quality Management'), ('d007','Sales'),
  ('d008','Research'), ('d009','Customer Service');
INSERT INTO employees
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
  SELECT 10000 + i, DATE('1952-02-01') + INTERVAL (i * 97) % 4000 DAY, CONCAT('Georgi', i), CONCAT('Facello', i),
         IF(i % 2 = 0, 'M', 'F'), DATE('1985-01-01') + INTERVAL (i * 31) % 5000 DAY FROM n;
INSERT INTO dept_emp SELECT emp_no, CONCAT('d00', 1 + emp_no % 9), hire_date,
  IF(emp_no % 4 = 0, hire_date + INTERVAL 3 YEAR, '9999-01-01') FROM employees;
INSERT INTO dept_manager SELECT emp_no, CONCAT('d00', 1 + emp_no % 9), hire_date, '9999-01-01'
  FROM employees WHERE emp_no % 23 = 0;
INSERT INTO titles SELECT emp_no, ELT(1 + emp_no % 4, 'Engineer', 'Senior Engineer', 'Staff', 'Technique Leader'),
  hire_date, IF(emp_no % 3 = 0, NULL, '9999-01-01') FROM employees;
INSERT INTO salaries SELECT emp_no, 40000 + (emp_no * 7919) % 60000, hire_date, hire_date + INTERVAL 1 YEAR
  FROM employees;
INSERT INTO salaries SELECT emp_no, 42000 + (emp_no * 7919) % 60000, hire_date + INTERVAL 1 YEAR, '9999-01-01'
  FROM employees;
