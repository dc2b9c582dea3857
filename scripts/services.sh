#!/usr/bin/env bash
# Installs (Debian/Ubuntu) and starts the PostgreSQL and MariaDB servers the tests need, when
# they are missing or down, and exports RETORT_TEST_POSTGRES_URL / RETORT_TEST_MYSQL_URL.
# Source it: `. scripts/services.sh`. Existing servers and settings are used as they are.
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

need_packages=()
command -v pg_ctlcluster >/dev/null 2>&1 || need_packages+=(postgresql)
[ -x /usr/sbin/mariadbd ] || need_packages+=(mariadb-server)
command -v sqlite3 >/dev/null 2>&1 || need_packages+=(sqlite3)
# The --sql tests run each script through the dialect's own client.
command -v psql >/dev/null 2>&1 || need_packages+=(postgresql-client)
command -v mariadb >/dev/null 2>&1 || need_packages+=(mariadb-client)
command -v cc >/dev/null 2>&1 || need_packages+=(build-essential)
command -v pkg-config >/dev/null 2>&1 || need_packages+=(pkg-config)
# The Alembic tests make a virtual environment (alembic from PyPI); Debian's python3 needs this.
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need_packages+=(python3-venv)
apt_install services ${need_packages[@]+"${need_packages[@]}"}

# PostgreSQL: start the cluster if it is down.
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  version=$(ls /etc/postgresql | sort -V | tail -1)
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
# MariaDB: start the server if it is down.
if ! mariadb-admin -h 127.0.0.1 -uroot --connect-timeout=2 ping >/dev/null 2>&1 \
   && ! as_root mariadb-admin --connect-timeout=2 ping >/dev/null 2>&1; then
  as_root mkdir -p /run/mysqld && as_root chown mysql:mysql /run/mysqld 2>/dev/null || true
  as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  for _ in $(seq 1 30); do as_root mariadb-admin --connect-timeout=2 ping >/dev/null 2>&1 && break; sleep 1; done
fi

# Credentials: the local superusers without a password when the servers allow it (trust auth),
# otherwise a dedicated test login created once through the servers' local socket.
if [ -z "${RETORT_TEST_POSTGRES_URL:-}" ]; then
  if psql -h 127.0.0.1 -U postgres -d postgres -w -Atc 'select 1' >/dev/null 2>&1; then
    export RETORT_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres
  else
    as_root su postgres -c "psql -q -c \"DO \\\$\\\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'retort_test') THEN CREATE ROLE retort_test LOGIN SUPERUSER PASSWORD 'retort_test'; END IF; END\\\$\\\$\"" >/dev/null
    export RETORT_TEST_POSTGRES_URL=postgresql://retort_test:retort_test@127.0.0.1:5432/postgres
  fi
fi
if [ -z "${RETORT_TEST_MYSQL_URL:-}" ]; then
  if mariadb -h 127.0.0.1 -uroot -e 'select 1' >/dev/null 2>&1; then
    export RETORT_TEST_MYSQL_URL=mysql://root@127.0.0.1:3306/mysql
  else
    as_root mariadb -e "CREATE USER IF NOT EXISTS 'retort_test'@'127.0.0.1' IDENTIFIED BY 'retort_test'; GRANT ALL PRIVILEGES ON *.* TO 'retort_test'@'127.0.0.1' WITH GRANT OPTION;"
    export RETORT_TEST_MYSQL_URL=mysql://retort_test:retort_test@127.0.0.1:3306/mysql
  fi
fi
echo "services: PostgreSQL and MariaDB are up" >&2
