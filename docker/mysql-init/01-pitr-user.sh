# Creates the agent's account with the least privileges it needs (PRODUCT.md, docs/agent.md#the-agents-account).
# The MySQL image's entrypoint *sources* this file (it is not executable) on the first start of an empty data
# volume, so docker_process_sql is defined. The password is read from the compose secret and reaches mysql on
# stdin, never on a command line.
pitr_password_file=/run/secrets/pitr_source_password
if [ ! -s "$pitr_password_file" ]; then
	echo "01-pitr-user.sh: $pitr_password_file is missing or empty; see docs/docker.md (Secrets)" >&2
	exit 1
fi
# first line only, as the agent reads it; then quoted for a SQL string literal (\ and ' doubled)
pitr_password="$(head -n 1 "$pitr_password_file" | tr -d '\r')"
pitr_password_sql="$(printf '%s' "$pitr_password" | sed -e 's/\\/\\\\/g' -e "s/'/''/g")"

docker_process_sql <<SQL
CREATE USER 'pitr'@'%' IDENTIFIED BY '${pitr_password_sql}';
-- streaming: read the binlog as a replica, read replication status
GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'pitr'@'%';
-- snapshots: read the data, take the consistent point, dump views, triggers and events
GRANT SELECT, RELOAD, SHOW VIEW, TRIGGER, EVENT, BACKUP_ADMIN ON *.* TO 'pitr'@'%';
SQL
unset pitr_password pitr_password_sql
