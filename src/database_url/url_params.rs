//! The URL parameters (`?key=value`) each dialect accepts, in one table: what its driver
//! understands, plus what SQLAlchemy URLs carry that means nothing here. Anything else is refused
//! by name, so a misspelt or unsupported parameter is never silently ignored.

use crate::Dialect;

/// How an accepted parameter is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    /// Handed to the driver, which understands it.
    Driver,
    /// Read by Retort itself (`connect_timeout`, which bounds the connect as libpq does).
    Retort,
    /// Accepted and ignored: it only means something to Python's drivers.
    Ignored,
}

/// (dialect, name, use). A name ending in `[` accepts any `name[…]` key (`options[search_path]`).
const PARAMETERS: &[(Dialect, &str, Use)] = &[
    (Dialect::Postgresql, "sslmode", Use::Driver),
    (Dialect::Postgresql, "ssl-mode", Use::Driver),
    (Dialect::Postgresql, "sslrootcert", Use::Driver),
    (Dialect::Postgresql, "ssl-root-cert", Use::Driver),
    (Dialect::Postgresql, "ssl-ca", Use::Driver),
    (Dialect::Postgresql, "sslcert", Use::Driver),
    (Dialect::Postgresql, "ssl-cert", Use::Driver),
    (Dialect::Postgresql, "sslkey", Use::Driver),
    (Dialect::Postgresql, "ssl-key", Use::Driver),
    (Dialect::Postgresql, "statement-cache-capacity", Use::Driver),
    (Dialect::Postgresql, "host", Use::Driver),
    (Dialect::Postgresql, "hostaddr", Use::Driver),
    (Dialect::Postgresql, "port", Use::Driver),
    (Dialect::Postgresql, "dbname", Use::Driver),
    (Dialect::Postgresql, "user", Use::Driver),
    (Dialect::Postgresql, "password", Use::Driver),
    (Dialect::Postgresql, "application_name", Use::Driver),
    (Dialect::Postgresql, "options", Use::Driver),
    (Dialect::Postgresql, "options[", Use::Driver),
    (Dialect::Mysql, "sslmode", Use::Driver),
    (Dialect::Mysql, "ssl-mode", Use::Driver),
    (Dialect::Mysql, "sslca", Use::Driver),
    (Dialect::Mysql, "ssl-ca", Use::Driver),
    (Dialect::Mysql, "sslcert", Use::Driver),
    (Dialect::Mysql, "ssl-cert", Use::Driver),
    (Dialect::Mysql, "sslkey", Use::Driver),
    (Dialect::Mysql, "ssl-key", Use::Driver),
    (Dialect::Mysql, "charset", Use::Driver),
    (Dialect::Mysql, "collation", Use::Driver),
    (Dialect::Mysql, "statement-cache-capacity", Use::Driver),
    (Dialect::Mysql, "socket", Use::Driver),
    (Dialect::Mysql, "timezone", Use::Driver),
    (Dialect::Mysql, "time-zone", Use::Driver),
    (Dialect::Postgresql, CONNECT_TIMEOUT, Use::Retort),
    (Dialect::Mysql, CONNECT_TIMEOUT, Use::Retort),
    (Dialect::Mysql, "binary_prefix", Use::Ignored),
    (Dialect::Sqlite, "check_same_thread", Use::Ignored),
];

/// libpq's (and PyMySQL's) connect timeout in seconds; 0 means no limit beyond `--lock-timeout`.
pub(crate) const CONNECT_TIMEOUT: &str = "connect_timeout";

/// Why a parameter someone may well try is refused, beyond "unknown".
const HINTS: &[(Dialect, &str, &str)] = &[
    (
        Dialect::Sqlite,
        "mode",
        "read commands never write, and upgrade, downgrade, stamp and resolve need to write",
    ),
    (Dialect::Postgresql, "ssl", "for TLS write sslmode=require"),
    (Dialect::Mysql, "ssl", "for TLS write ssl-mode=REQUIRED"),
    (Dialect::Mysql, "unix_socket", "write socket=PATH"),
];

/// Checks the query's keys against the table; the error names the parameter and the
/// accepted ones.
pub(crate) fn check(
    dialect: Dialect,
    keys: impl IntoIterator<Item = String>,
) -> Result<(), String> {
    for key in keys {
        if is_known(dialect, &key) {
            continue;
        }
        let accepted: Vec<&str> = PARAMETERS
            .iter()
            .filter(|(d, name, _)| *d == dialect && !name.ends_with('['))
            .map(|(_, name, _)| *name)
            .collect();
        // PyMySQL's and mysqlclient's `ssl_ca`, `ssl_mode`: the driver spells them with `-`.
        let dashed = key.replace('_', "-");
        let hint = match HINTS
            .iter()
            .find(|(d, name, _)| *d == dialect && *name == key)
        {
            Some((_, _, why)) => format!(" ({why})"),
            None if dashed != key && is_known(dialect, &dashed) => {
                format!(" (this driver spells it {dashed})")
            }
            None => String::new(),
        };
        return Err(format!(
            "unknown URL parameter {key:?} for {}{hint}; accepted: {}",
            dialect.name(),
            accepted.join(", ")
        ));
    }
    Ok(())
}

fn is_known(dialect: Dialect, key: &str) -> bool {
    PARAMETERS.iter().any(|(d, name, _)| {
        *d == dialect && (*name == key || (name.ends_with('[') && key.starts_with(name)))
    })
}

/// The keys of a `?a=1&b=2` query text (no leading `?`).
pub(crate) fn keys(query: &str) -> Vec<String> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| super::percent_decode(pair.split_once('=').map_or(pair, |(key, _)| key)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_parameters_pass_and_others_are_named() {
        assert!(check(
            Dialect::Postgresql,
            keys("sslmode=disable&options[search_path]=x")
        )
        .is_ok());
        assert!(check(Dialect::Mysql, keys("charset=utf8mb4&ssl-mode=DISABLED")).is_ok());
        assert!(check(Dialect::Sqlite, keys("check_same_thread=False")).is_ok());
        // SQLAlchemy's documented mysqlclient URL.
        assert!(check(Dialect::Mysql, keys("charset=utf8mb4&binary_prefix=true")).is_ok());
        let err = check(Dialect::Sqlite, keys("mode=ro")).unwrap_err();
        assert!(
            err.contains("\"mode\"") && err.contains("never write"),
            "{err}"
        );
        let err = check(Dialect::Mysql, keys("charset=utf8mb4&ssl_ca=/ca.pem")).unwrap_err();
        assert!(
            err.contains("\"ssl_ca\"") && err.contains("spells it ssl-ca"),
            "{err}"
        );
        let err = check(Dialect::Postgresql, keys("sslmod=disable")).unwrap_err();
        assert!(
            err.contains("\"sslmod\"") && err.contains("sslmode"),
            "{err}"
        );
    }
}
