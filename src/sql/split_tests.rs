use super::{split_statements, SplitError, Statement};
use crate::dialect::Dialect::{self, Mysql, Postgresql as Pg, Sqlite};

/// (name, dialect, sql, expected (line, text) pairs); every case starts at line 1.
type Case = (
    &'static str,
    Dialect,
    &'static str,
    &'static [(usize, &'static str)],
);

const OK: &[Case] = &[
    // ---- general ----
    ("empty", Sqlite, "", &[]),
    ("only whitespace and semicolons", Pg, " \n ;;\n ; ", &[]),
    ("comment-only section", Pg, "-- nothing to do\n/* really */\n", &[]),
    ("comment-only chunk between statements", Sqlite, "SELECT 1;\n-- gone\n;\nSELECT 2;", &[(1, "SELECT 1"), (4, "SELECT 2")]),
    ("two statements with lines", Sqlite, "\n\nCREATE TABLE a (id INT);\n\nINSERT INTO a\n  VALUES (1);\n", &[(3, "CREATE TABLE a (id INT)"), (5, "INSERT INTO a\n  VALUES (1)")]),
    ("last statement without terminator", Mysql, "SELECT 1;\nSELECT 2\n", &[(1, "SELECT 1"), (2, "SELECT 2")]),
    ("leading comments are not part of the statement", Pg, "-- header\n/* block */\n  SELECT 1;", &[(3, "SELECT 1")]),
    ("inner comments kept, trailing dropped", Sqlite, "SELECT 1, -- one\n  2 /* two */ + 3 -- tail\n;", &[(1, "SELECT 1, -- one\n  2 /* two */ + 3")]),
    ("crlf line endings", Mysql, "SELECT 1;\r\n\r\nSELECT 2;\r\n", &[(1, "SELECT 1"), (3, "SELECT 2")]),
    ("byte order mark", Sqlite, "\u{feff}SELECT 1;", &[(1, "SELECT 1")]),
    ("unicode text", Pg, "INSERT INTO t VALUES ('héllo; wörld');\nSELECT 'ß';", &[(1, "INSERT INTO t VALUES ('héllo; wörld')"), (2, "SELECT 'ß'")]),
    ("multiple statements on one line", Pg, "SELECT 1; SELECT 2;SELECT 3", &[(1, "SELECT 1"), (1, "SELECT 2"), (1, "SELECT 3")]),
    // ---- semicolons that must not split ----
    ("sqlite: ; in string, comment, identifiers", Sqlite, "SELECT 'a;b', \"c;d\", [e;f], `g;h` /* ; */ -- ;\nFROM t;", &[(1, "SELECT 'a;b', \"c;d\", [e;f], `g;h` /* ; */ -- ;\nFROM t")]),
    ("pg: ; in string, comment, dollar quote", Pg, "SELECT ';', \"x;\" /* ; */, $$;$$, $q$;$q$ -- ;\n;", &[(1, "SELECT ';', \"x;\" /* ; */, $$;$$, $q$;$q$")]),
    ("mysql: ; in strings, backticks, comments", Mysql, "SELECT ';', \";\", `;` # ;\n/* ; */ -- ;\n;", &[(1, "SELECT ';', \";\", `;`")]),
    // ---- strings ----
    ("sqlite: '' escape", Sqlite, "SELECT 'it''s; fine';SELECT 2;", &[(1, "SELECT 'it''s; fine'"), (1, "SELECT 2")]),
    ("sqlite: backslash is not an escape", Sqlite, "SELECT 'a\\';SELECT 2;", &[(1, "SELECT 'a\\'"), (1, "SELECT 2")]),
    ("pg: backslash is not an escape in standard strings", Pg, "SELECT 'a\\';SELECT 2;", &[(1, "SELECT 'a\\'"), (1, "SELECT 2")]),
    ("pg: E'' string with backslash escapes", Pg, "SELECT E'a\\';b', e'\\\\';SELECT 2;", &[(1, "SELECT E'a\\';b', e'\\\\'"), (1, "SELECT 2")]),
    ("pg: '' escape", Pg, "SELECT 'x'';y';", &[(1, "SELECT 'x'';y'")]),
    ("mysql: backslash escapes", Mysql, "SELECT 'a\\';b', \"c\\\";d\", 'e''f;';SELECT 2;", &[(1, "SELECT 'a\\';b', \"c\\\";d\", 'e''f;'"), (1, "SELECT 2")]),
    ("mysql: escaped backslash ends string", Mysql, "SELECT 'a\\\\';SELECT 2;", &[(1, "SELECT 'a\\\\'"), (1, "SELECT 2")]),
    // ---- quoted identifiers ----
    ("sqlite: \"\" escape in identifier", Sqlite, "CREATE TABLE \"a\"\";b\" (x);", &[(1, "CREATE TABLE \"a\"\";b\" (x)")]),
    ("pg: \"\" escape in identifier", Pg, "SELECT \"a\"\";\" FROM t;SELECT 2;", &[(1, "SELECT \"a\"\";\" FROM t"), (1, "SELECT 2")]),
    ("mysql: backtick with `` escape", Mysql, "SELECT `a``;b` FROM t;SELECT 2;", &[(1, "SELECT `a``;b` FROM t"), (1, "SELECT 2")]),
    ("sqlite: bracket identifier", Sqlite, "SELECT [weird;name] FROM t;SELECT 2;", &[(1, "SELECT [weird;name] FROM t"), (1, "SELECT 2")]),
    ("pg: brackets are subscripts", Pg, "SELECT a[1];SELECT 2;", &[(1, "SELECT a[1]"), (1, "SELECT 2")]),
    // ---- comments ----
    ("sqlite: /* */ does not nest", Sqlite, "/* a /* b */ SELECT 1;", &[(1, "SELECT 1")]),
    ("mysql: /* */ does not nest", Mysql, "/* a /* b */ SELECT 1;", &[(1, "SELECT 1")]),
    ("pg: nested block comments", Pg, "/* a /* b; */ still comment; */ SELECT 1;", &[(1, "SELECT 1")]),
    ("pg: -- needs no space", Pg, "SELECT 1 --;\n;SELECT 2;", &[(1, "SELECT 1"), (2, "SELECT 2")]),
    ("mysql: --x is not a comment", Mysql, "SELECT 1 --1;\nSELECT 2;", &[(1, "SELECT 1 --1"), (2, "SELECT 2")]),
    ("mysql: -- at end of line and end of input", Mysql, "SELECT 1 --\n;--", &[(1, "SELECT 1")]),
    ("mysql: # comment", Mysql, "# intro;\nSELECT 1; # trailing; comment\nSELECT 2;", &[(2, "SELECT 1"), (3, "SELECT 2")]),
    ("sqlite: # is not a comment", Sqlite, "SELECT #a;SELECT 2;", &[(1, "SELECT #a"), (1, "SELECT 2")]),
    ("mysql: executable comment is a statement", Mysql, "/*!40101 SET NAMES utf8mb4 */;\n/* plain */;", &[(1, "/*!40101 SET NAMES utf8mb4 */")]),
    // ---- dollar quotes ----
    ("pg: $$ function body", Pg, "CREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  NEW.x := 1;\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;\nSELECT 2;", &[(1, "CREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  NEW.x := 1;\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql"), (7, "SELECT 2")]),
    ("pg: tagged dollar quote containing $$", Pg, "DO $body$ BEGIN PERFORM $$;$$; END $body$;\nSELECT 2;", &[(1, "DO $body$ BEGIN PERFORM $$;$$; END $body$"), (2, "SELECT 2")]),
    ("pg: $1 parameters are not dollar quotes", Pg, "PREPARE p AS SELECT $1 + $2;\nSELECT 2;", &[(1, "PREPARE p AS SELECT $1 + $2"), (2, "SELECT 2")]),
    ("pg: $ inside identifiers", Pg, "SELECT a$b$ FROM t;SELECT 2;", &[(1, "SELECT a$b$ FROM t"), (1, "SELECT 2")]),
    ("sqlite: $name parameters", Sqlite, "SELECT $a;SELECT $$;", &[(1, "SELECT $a"), (1, "SELECT $$")]),
    ("pg: ; inside parentheses does not split (CREATE RULE)", Pg, "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); DELETE FROM b);\nSELECT 2;", &[(1, "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); DELETE FROM b)"), (2, "SELECT 2")]),
    // ---- transactions are ordinary statements ----
    ("sqlite: BEGIN/COMMIT split", Sqlite, "BEGIN;\nBEGIN TRANSACTION;\nCOMMIT;\nEND;", &[(1, "BEGIN"), (2, "BEGIN TRANSACTION"), (3, "COMMIT"), (4, "END")]),
    ("pg: BEGIN/COMMIT split", Pg, "BEGIN;\nBEGIN ISOLATION LEVEL SERIALIZABLE;\nEND;\nCOMMIT;", &[(1, "BEGIN"), (2, "BEGIN ISOLATION LEVEL SERIALIZABLE"), (3, "END"), (4, "COMMIT")]),
    ("mysql: BEGIN/COMMIT split", Mysql, "BEGIN;\nBEGIN WORK;\nSTART TRANSACTION;\nCOMMIT;", &[(1, "BEGIN"), (2, "BEGIN WORK"), (3, "START TRANSACTION"), (4, "COMMIT")]),
    // ---- trigger and routine bodies ----
    ("sqlite: trigger body with CASE", Sqlite, "CREATE TRIGGER t AFTER INSERT ON a\nBEGIN\n  UPDATE b SET n = CASE WHEN new.x > 0 THEN 1 ELSE 0 END;\n  SELECT CASE WHEN 1 THEN RAISE(ABORT, 'no;') END;\nEND;\nSELECT 2;", &[(1, "CREATE TRIGGER t AFTER INSERT ON a\nBEGIN\n  UPDATE b SET n = CASE WHEN new.x > 0 THEN 1 ELSE 0 END;\n  SELECT CASE WHEN 1 THEN RAISE(ABORT, 'no;') END;\nEND"), (6, "SELECT 2")]),
    ("sqlite: temp trigger with WHEN CASE and IF NOT EXISTS", Sqlite, "create temp trigger if not exists t before delete on a when case when old.id then 1 end begin delete from b; end;select 2", &[(1, "create temp trigger if not exists t before delete on a when case when old.id then 1 end begin delete from b; end"), (1, "select 2")]),
    ("sqlite: END as a qualified column is not a keyword", Sqlite, "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET x = new.end; END;SELECT 2;", &[(1, "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET x = new.end; END"), (1, "SELECT 2")]),
    ("sqlite: CREATE TABLE with trigger-ish names is plain", Sqlite, "CREATE TABLE trigger_log (begin_at INT, \"end\" INT);SELECT 2;", &[(1, "CREATE TABLE trigger_log (begin_at INT, \"end\" INT)"), (1, "SELECT 2")]),
    ("pg: BEGIN ATOMIC body with CASE", Pg, "CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  INSERT INTO t VALUES (a);\n  SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END;\nEND;\nSELECT 2;", &[(1, "CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  INSERT INTO t VALUES (a);\n  SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END;\nEND"), (6, "SELECT 2")]),
    ("pg: CREATE TRIGGER has no body", Pg, "CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW EXECUTE FUNCTION f();\nSELECT 2;", &[(1, "CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW EXECUTE FUNCTION f()"), (2, "SELECT 2")]),
    ("mysql: trigger with IF and CASE statements", Mysql, "CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW\nBEGIN\n  IF NEW.x < 0 THEN\n    SET NEW.x = 0;\n  ELSEIF NEW.x > 9 THEN\n    SET NEW.x = IF(NEW.y, 9, 8);\n  END IF;\n  CASE NEW.k WHEN 1 THEN SET NEW.z = 1; ELSE SET NEW.z = CASE WHEN NEW.q THEN 2 END; END CASE;\nEND;\nSELECT 2;", &[(1, "CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW\nBEGIN\n  IF NEW.x < 0 THEN\n    SET NEW.x = 0;\n  ELSEIF NEW.x > 9 THEN\n    SET NEW.x = IF(NEW.y, 9, 8);\n  END IF;\n  CASE NEW.k WHEN 1 THEN SET NEW.z = 1; ELSE SET NEW.z = CASE WHEN NEW.q THEN 2 END; END CASE;\nEND"), (10, "SELECT 2")]),
    ("mysql: trigger body that is a single IF", Mysql, "CREATE TRIGGER t BEFORE UPDATE ON a FOR EACH ROW IF NEW.x < 0 THEN SET NEW.x = 0; END IF;\nSELECT 2;", &[(1, "CREATE TRIGGER t BEFORE UPDATE ON a FOR EACH ROW IF NEW.x < 0 THEN SET NEW.x = 0; END IF"), (2, "SELECT 2")]),
    ("mysql: single-statement trigger", Mysql, "CREATE TRIGGER t BEFORE UPDATE ON a FOR EACH ROW SET NEW.u = IF(NEW.v, 1, 2);\nSELECT 2;", &[(1, "CREATE TRIGGER t BEFORE UPDATE ON a FOR EACH ROW SET NEW.u = IF(NEW.v, 1, 2)"), (2, "SELECT 2")]),
    ("mysql: procedure with loops, labels and functions", Mysql, "CREATE DEFINER=`root`@`localhost` PROCEDURE p(IN n INT)\nBEGIN\n  DECLARE i INT DEFAULT 0;\n  DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; END;\n  DROP TEMPORARY TABLE IF EXISTS tmp;\n  CREATE TEMPORARY TABLE IF NOT EXISTS tmp (s TEXT);\n  l1: LOOP\n    SET i = i + 1;\n    IF i > n THEN LEAVE l1; END IF;\n  END LOOP l1;\n  WHILE i > 0 DO SET i = i - 1; END WHILE;\n  REPEAT INSERT INTO tmp VALUES (REPEAT('x', i)); SET i = i + 1; UNTIL i > 3 END REPEAT;\n  IF EXISTS (SELECT 1 FROM tmp) THEN SELECT 1; ELSE IF i THEN SELECT 2; END IF; END IF;\nEND;\nCALL p(3);", &[(1, "CREATE DEFINER=`root`@`localhost` PROCEDURE p(IN n INT)\nBEGIN\n  DECLARE i INT DEFAULT 0;\n  DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; END;\n  DROP TEMPORARY TABLE IF EXISTS tmp;\n  CREATE TEMPORARY TABLE IF NOT EXISTS tmp (s TEXT);\n  l1: LOOP\n    SET i = i + 1;\n    IF i > n THEN LEAVE l1; END IF;\n  END LOOP l1;\n  WHILE i > 0 DO SET i = i - 1; END WHILE;\n  REPEAT INSERT INTO tmp VALUES (REPEAT('x', i)); SET i = i + 1; UNTIL i > 3 END REPEAT;\n  IF EXISTS (SELECT 1 FROM tmp) THEN SELECT 1; ELSE IF i THEN SELECT 2; END IF; END IF;\nEND"), (15, "CALL p(3)")]),
    ("mysql: IF() inside a CASE expression branch", Mysql, "CREATE PROCEDURE p() BEGIN SELECT CASE WHEN a THEN IF(b, 1, 2) ELSE IF(c, 3, 4) END FROM t; END;SELECT 2;", &[(1, "CREATE PROCEDURE p() BEGIN SELECT CASE WHEN a THEN IF(b, 1, 2) ELSE IF(c, 3, 4) END FROM t; END"), (1, "SELECT 2")]),
    ("mysql: function returning IF() without BEGIN", Mysql, "CREATE FUNCTION f(a INT) RETURNS INT DETERMINISTIC RETURN IF(a > 0, 1, 0);\nSELECT f(1);", &[(1, "CREATE FUNCTION f(a INT) RETURNS INT DETERMINISTIC RETURN IF(a > 0, 1, 0)"), (2, "SELECT f(1)")]),
    ("mysql: CREATE PROCEDURE IF NOT EXISTS", Mysql, "CREATE PROCEDURE IF NOT EXISTS p() SELECT 1;\nSELECT 2;", &[(1, "CREATE PROCEDURE IF NOT EXISTS p() SELECT 1"), (2, "SELECT 2")]),
    ("mysql: event with DO BEGIN ... END", Mysql, "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM a; DELETE FROM b; END;\nSELECT 2;", &[(1, "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM a; DELETE FROM b; END"), (2, "SELECT 2")]),
    ("mysql: MariaDB BEGIN NOT ATOMIC", Mysql, "BEGIN NOT ATOMIC SELECT 1; SELECT 2; END;\nSELECT 3;", &[(1, "BEGIN NOT ATOMIC SELECT 1; SELECT 2; END"), (2, "SELECT 3")]),
    // ---- DELIMITER ----
    ("mysql: DELIMITER $$ with END$$", Mysql, "DELIMITER $$\nCREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\nEND$$\nDELIMITER ;\nSELECT 2;\n", &[(2, "CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\nEND"), (7, "SELECT 2")]),
    ("mysql: lowercase delimiter //, several statements", Mysql, "  delimiter //\nSELECT 1; SELECT 2 //\nSELECT 3//\ndelimiter ;\nSELECT 4;", &[(2, "SELECT 1; SELECT 2"), (3, "SELECT 3"), (5, "SELECT 4")]),
    ("mysql: custom delimiter not matched in strings or comments", Mysql, "DELIMITER ;;\nSELECT ';;' /* ;; */, 1;;\n", &[(2, "SELECT ';;' /* ;; */, 1")]),
    ("mysql: DELIMITER flushes a pending statement", Mysql, "SELECT 1\nDELIMITER $$\nSELECT 2$$", &[(1, "SELECT 1"), (3, "SELECT 2")]),
    ("mysql: delimiter word mid-line is not a directive", Mysql, "SELECT delimiter FROM t;", &[(1, "SELECT delimiter FROM t")]),
    ("pg: DELIMITER is not special", Pg, "DELIMITER //\n;", &[(1, "DELIMITER //")]),
];

#[test]
fn splits() {
    let mut failures = Vec::new();
    for (name, dialect, sql, expected) in OK {
        let want: Vec<Statement> = expected
            .iter()
            .map(|&(line, text)| Statement {
                text: text.to_string(),
                line,
            })
            .collect();
        match split_statements(sql, *dialect, 1) {
            Ok(got) if got == want => {}
            got => failures.push(format!(
                "{name}:
   got {got:?}
  want {want:?}"
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        OK.len(),
        failures.join("\n")
    );
}

/// (name, dialect, sql, line of the error, start of the message); every case starts at line 1.
type ErrCase = (&'static str, Dialect, &'static str, usize, &'static str);

const ERRORS: &[ErrCase] = &[
    (
        "sqlite: unterminated string",
        Sqlite,
        "SELECT 1;\nSELECT 'abc;\n\n",
        2,
        "unterminated string",
    ),
    (
        "pg: unterminated string",
        Pg,
        "SELECT 1;\n\nSELECT 'it''s",
        3,
        "unterminated string",
    ),
    (
        "pg: unterminated E string",
        Pg,
        "SELECT E'abc\\'",
        1,
        "unterminated string",
    ),
    (
        "mysql: string ending in escaped quote",
        Mysql,
        "SELECT\n'abc\\';",
        2,
        "unterminated string",
    ),
    (
        "mysql: unterminated double-quoted string",
        Mysql,
        "SELECT \"x",
        1,
        "unterminated string",
    ),
    (
        "sqlite: unterminated quoted identifier",
        Sqlite,
        "SELECT\n\"col",
        2,
        "unterminated quoted identifier",
    ),
    (
        "pg: unterminated quoted identifier",
        Pg,
        "SELECT \"a\"\"",
        1,
        "unterminated quoted identifier",
    ),
    (
        "sqlite: unterminated bracket identifier",
        Sqlite,
        "\nSELECT [col",
        2,
        "unterminated quoted identifier",
    ),
    (
        "mysql: unterminated backtick",
        Mysql,
        "SELECT 1;\nSELECT `col;",
        2,
        "unterminated quoted identifier",
    ),
    (
        "sqlite: unterminated block comment",
        Sqlite,
        "SELECT 1;\n/* never\nclosed",
        2,
        "unterminated block comment",
    ),
    (
        "mysql: unterminated block comment",
        Mysql,
        "/*",
        1,
        "unterminated block comment",
    ),
    (
        "pg: unclosed nested block comment",
        Pg,
        "SELECT 1 /* a /* b */\n;",
        1,
        "unterminated block comment",
    ),
    (
        "pg: unterminated dollar quote",
        Pg,
        "SELECT 1;\nCREATE FUNCTION f() AS $body$\nSELECT 1;\n$$;",
        2,
        "unterminated dollar-quoted string $body$",
    ),
    (
        "sqlite: trigger without END",
        Sqlite,
        "CREATE TRIGGER t AFTER INSERT ON a\nBEGIN\n  SELECT 1;\n",
        2,
        "BEGIN without matching END",
    ),
    (
        "sqlite: trigger whose END closes a CASE",
        Sqlite,
        "CREATE TRIGGER t AFTER INSERT ON a BEGIN\nSELECT CASE WHEN 1 THEN 2;\nEND;",
        1,
        "BEGIN without matching END",
    ),
    (
        "pg: BEGIN ATOMIC without END",
        Pg,
        "CREATE PROCEDURE p()\nLANGUAGE sql\nBEGIN ATOMIC\nSELECT 1;",
        3,
        "BEGIN without matching END",
    ),
    (
        "mysql: procedure without END",
        Mysql,
        "SELECT 0;\nCREATE PROCEDURE p()\n BEGIN\n SELECT 1; IF x THEN SELECT 2; END IF;",
        3,
        "BEGIN without matching END",
    ),
    (
        "mysql: IF without END IF",
        Mysql,
        "CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW\nIF NEW.x THEN SET NEW.y = 1;",
        2,
        "IF without matching END IF",
    ),
    (
        "mysql: body cut off by DELIMITER line",
        Mysql,
        "CREATE PROCEDURE p() BEGIN\nSELECT 1;\nDELIMITER ;",
        1,
        "BEGIN without matching END",
    ),
    (
        "mysql: DELIMITER without argument",
        Mysql,
        "SELECT 1;\nDELIMITER\nSELECT 2;",
        2,
        "DELIMITER must be followed",
    ),
];

#[test]
fn errors() {
    for (name, dialect, sql, line, message) in ERRORS {
        match split_statements(sql, *dialect, 1) {
            Ok(got) => panic!("{name}: expected an error, got {got:?}"),
            Err(e) => {
                assert_eq!(e.line, *line, "case: {name}: {e}");
                assert!(e.message.starts_with(message), "case: {name}: {e}");
            }
        }
    }
}

#[test]
fn lines_are_absolute() {
    let sql = "\n-- comment\nSELECT 1;\n\n  SELECT\n2;";
    let got = split_statements(sql, Pg, 40).expect("splits");
    assert_eq!(got.iter().map(|s| s.line).collect::<Vec<_>>(), [42, 44]);
    let err = split_statements("SELECT 1;\n'oops", Sqlite, 40).expect_err("fails");
    assert_eq!(err.line, 41);
}

#[test]
fn error_display() {
    let e = SplitError {
        line: 7,
        message: "unterminated string literal".into(),
    };
    assert_eq!(e.to_string(), "line 7: unterminated string literal");
}

/// Random token soup: never panics, and every statement is a trimmed, non-empty slice of the
/// input with non-decreasing lines inside the input's range.
#[test]
fn random_input_is_handled_gracefully() {
    const TOKENS: &[&str] = &[
        "'",
        "\"",
        "`",
        "[",
        "]",
        "$",
        "$$",
        "$a$",
        "$1",
        ";",
        "--",
        "-- ",
        "#",
        "/*",
        "*/",
        "/*!",
        "\n",
        "\r\n",
        " ",
        "E'",
        "\\",
        "BEGIN",
        "END",
        "CASE",
        "IF",
        "CREATE TRIGGER",
        "CREATE PROCEDURE",
        "CREATE FUNCTION",
        "DELIMITER ",
        "DELIMITER $$\n",
        "é",
        "€",
        "(",
        ")",
        ".",
        ",",
        "x",
        "ATOMIC",
        "LOOP",
        "END IF",
        "NOT",
        "THEN",
        "\u{feff}",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..20_000 {
        let len = (next() % 24) as usize;
        let sql: String = (0..len)
            .map(|_| TOKENS[(next() % TOKENS.len() as u64) as usize])
            .collect();
        let lines = sql.matches('\n').count() + 1;
        for dialect in [Sqlite, Pg, Mysql] {
            match split_statements(&sql, dialect, 5) {
                Ok(statements) => {
                    let mut last = 5;
                    for s in statements {
                        assert!(!s.text.is_empty() && s.text.trim() == s.text, "{sql:?}");
                        assert!(sql.contains(&s.text), "{sql:?}");
                        assert!(s.line >= last && s.line < 5 + lines, "{sql:?}");
                        last = s.line;
                    }
                }
                Err(e) => assert!(e.line >= 5 && e.line < 5 + lines, "{sql:?}: {e}"),
            }
        }
    }
}
