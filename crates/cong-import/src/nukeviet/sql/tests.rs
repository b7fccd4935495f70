use super::*;

fn lexer(s: &str) -> Lexer<&[u8]> {
    // A tiny window so every refill and lookahead path is exercised.
    Lexer::new(s.as_bytes(), 7)
}

/// Every statement with the rows of INSERTs.
fn all(s: &str) -> Result<Vec<(Stmt, Vec<Row>)>> {
    let mut lx = lexer(s);
    let mut out = Vec::new();
    while let Some((_, st)) = lx.next_statement()? {
        let mut rows = Vec::new();
        if matches!(st, Stmt::Insert { .. }) {
            let mut row = Row::new();
            while lx.next_row(true, &mut row)?.is_some() {
                rows.push(row.clone());
            }
        }
        out.push((st, rows));
    }
    Ok(out)
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

#[test]
fn reads_a_phpmyadmin_dump() {
    let dump = "-- phpMyAdmin SQL Dump\n--\nSET SQL_MODE = \"NO_AUTO_VALUE_ON_ZERO\";\nSTART TRANSACTION;\n/*!40101 SET NAMES utf8mb4 */;\n\nCREATE TABLE `nv4_x` (\n  `id` int(11) NOT NULL DEFAULT '0',\n  `title` varchar(250) COMMENT 'a, (b); c',\n  lang varchar(3),\n  PRIMARY KEY (`id`),\n  UNIQUE KEY `t` (`title`)\n) ENGINE=MyISAM COMMENT='x;y';\n\nINSERT INTO `nv4_x` (`id`, `title`) VALUES\n(1, 'Tin t\u{1ee9}c; m\u{1edb}i'),\n(2, NULL);\nCOMMIT;\n";
    let st = all(dump).unwrap();
    let kinds: Vec<_> = st.iter().map(|(s, _)| s).collect();
    assert_eq!(kinds[0], &Stmt::Other("SET".into()));
    assert_eq!(kinds[1], &Stmt::Other("START".into()));
    assert_eq!(
        kinds[2],
        &Stmt::CreateTable {
            name: "nv4_x".into(),
            columns: vec!["id".into(), "title".into(), "lang".into()]
        }
    );
    assert_eq!(
        st[3].1,
        vec![vec![s("1"), s("Tin tức; mới")], vec![s("2"), None]]
    );
    assert_eq!(kinds[4], &Stmt::Other("COMMIT".into()));
}

#[test]
fn reads_mysqldump_forms() {
    let dump = "-- MySQL dump 10.13\nLOCK TABLES `t` WRITE;\nINSERT INTO `t` VALUES (1,'a',-2.5e3,0x414243,X'4142',_binary 'bin',TRUE),(2,'b',0,'',NULL,'',FALSE);\nREPLACE INTO db.`t` VALUES (3, 'c');\nINSERT IGNORE INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = 'x;y';\nDELIMITER ;;\nCREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW BEGIN SET @a = 1; END ;;\nDELIMITER ;\n-- Dump completed on 2024-01-01\n";
    let mut lx = lexer(dump);
    let mut tables = Vec::new();
    let mut row = Row::new();
    let mut rows = Vec::new();
    while let Some((_, st)) = lx.next_statement().unwrap() {
        if let Stmt::Insert { table, .. } = &st {
            tables.push(table.clone());
            while lx.next_row(true, &mut row).unwrap().is_some() {
                rows.push(row.clone());
            }
        }
    }
    assert_eq!(tables, ["t", "t", "t"]);
    assert_eq!(
        rows[0],
        [
            s("1"),
            s("a"),
            s("-2.5e3"),
            s("ABC"),
            s("AB"),
            s("bin"),
            s("1")
        ]
    );
    assert_eq!(rows[2], [s("3"), s("c")]);
    assert!(lx.mysqldump_header && lx.dump_completed);
}

#[test]
fn unescapes_mysql_strings() {
    let cases: &[(&str, &str)] = &[
        (r"'a\'b'", "a'b"),
        ("'a''b'", "a'b"),
        (r#""q\"q""#, "q\"q"),
        (r#""q""q""#, "q\"q"),
        (r"'\\'", "\\"),
        (r"'\n\r\t\0\Z\b'", "\n\r\t\0\u{1a}\u{8}"),
        (r"'50\% \_x'", r"50\% \_x"),
        (r"'\x\y'", "xy"),
        ("'<p class=\\\"a\\\">x</p>'", "<p class=\"a\">x</p>"),
        ("'multi\nline'", "multi\nline"),
    ];
    for (sql, want) in cases {
        let st = all(&format!("INSERT INTO t VALUES ({sql});")).unwrap();
        assert_eq!(st[0].1[0][0].as_deref(), Some(*want), "{sql}");
    }
}

#[test]
fn truncated_and_foreign_input_fail_with_the_line() {
    let e = all("SET a=1;\nINSERT INTO `t` VALUES\n(1, 'abc\ndef")
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "line 3, column 5: the dump ends inside a string that starts here (truncated file?)"
    );
    let e = all("SET a=1;\nINSERT INTO `t` VALUES (1, 2)")
        .unwrap_err()
        .to_string();
    assert_eq!(e, "line 2, column 1: the dump ends inside the INSERT INTO `t` statement that starts here (truncated file?)");
    let e = all("<?php echo 1;").unwrap_err().to_string();
    assert!(
        e.starts_with("line 1, column 1: expected an SQL statement, found '<'"),
        "{e}"
    );
    let e = all("INSERT INTO t VALUES (1 2);").unwrap_err().to_string();
    assert!(
        e.starts_with("line 1, column 25: expected ',' or ')' between values"),
        "{e}"
    );
}

/// What phpMyAdmin and mysqldump write for a string value.
fn escape(v: &str, doubled: bool) -> String {
    let mut o = String::from("'");
    for c in v.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            '\'' if doubled => o.push_str("''"),
            '\'' => o.push_str("\\'"),
            '"' => o.push_str("\\\""),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\0' => o.push_str("\\0"),
            '\u{1a}' => o.push_str("\\Z"),
            c => o.push(c),
        }
    }
    o.push('\'');
    o
}

proptest::proptest! {
    #[test]
    fn any_escaped_string_reads_back(v in "(?s)[a-zđươ'\"\\\\;(),\n\r\u{0}\u{1a} -]{0,40}", doubled: bool) {
        let sql = format!("INSERT INTO t VALUES (1, {}), (2, 'x');", escape(&v, doubled));
        let st = all(&sql).unwrap();
        proptest::prop_assert_eq!(st[0].1[0][1].as_deref(), Some(v.as_str()));
        proptest::prop_assert_eq!(st[0].1.len(), 2);
    }
}
