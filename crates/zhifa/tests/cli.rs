//! End-to-end tests of the `zhifa` binary: each runs the real executable against its own
//! temporary data directory.

mod support;

use std::io::Read;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};
use support::*;

#[test]
fn migrate_applies_then_finds_nothing_pending() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let first = run(zhifa(&data).arg("migrate"));
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stdout(&first).starts_with("6 "), "{}", stdout(&first));
    assert!(data.join("zhifa.db").is_file());
    let second = run(zhifa(&data).arg("migrate"));
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(stdout(&second).starts_with("0 "), "{}", stdout(&second));
}

#[test]
fn a_bad_listen_address_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(zhifa(tmp.path()).args(["--listen", "nonsense", "serve"]));
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--listen"), "{}", stderr(&out));
    assert!(stderr(&out).contains("nonsense"), "{}", stderr(&out));
}

#[test]
fn an_unknown_database_scheme_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(zhifa(tmp.path()).args(["--database-url", "mysql://x", "migrate"]));
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--database-url"), "{}", stderr(&out));
}

#[test]
fn a_policy_file_with_an_unknown_number_is_refused_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let policy = tmp.path().join("policy.json");
    std::fs::write(&policy, r#"{"cases": {"hearing_fine": 300000}}"#).unwrap();
    let out = run(zhifa(&data).arg("--policy").arg(&policy).arg("migrate"));
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("policy.json") && err.contains("hearing_fine"),
        "{err}"
    );
    std::fs::write(&policy, r#"{"cases": {"hearing_individual_fine": 300000}}"#).unwrap();
    let out = run(zhifa(&data).arg("--policy").arg(&policy).arg("migrate"));
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_data_dir_that_is_a_file_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let out = run(zhifa(&file).arg("migrate"));
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--data-dir"), "{}", stderr(&out));
}

#[test]
fn a_law_import_with_a_bad_file_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let bad = "空白条例(2020-01-01).md";
    let dir = law_dir(
        tmp.path(),
        &[
            ("示范管理条例(2020-01-01).md", VALID_LAW),
            (bad, "# 空白条例\n\n没有条文。\n"),
        ],
    );
    let out = run(zhifa(&data).arg("import-laws").arg(&dir));
    assert!(!out.status.success(), "{}", stdout(&out));
    assert!(stderr(&out).contains(bad), "{}", stderr(&out));

    std::fs::remove_file(dir.join(bad)).unwrap();
    let out = run(zhifa(&data).arg("import-laws").arg(&dir));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("imported 1, skipped 0"),
        "nothing was left from the failed import: {}",
        stdout(&out)
    );

    let again = run(zhifa(&data).arg("import-laws").arg(&dir));
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stdout(&again).contains("imported 0, skipped 1"),
        "{}",
        stdout(&again)
    );
}

#[test]
fn a_catalog_citing_a_missing_article_fails_naming_the_line() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let dir = law_dir(tmp.path(), &[("示范管理条例(2020-01-01).md", VALID_LAW)]);
    let out = run(zhifa(&data).arg("import-laws").arg(&dir));
    assert!(out.status.success(), "{}", stderr(&out));

    let header = "code,name,kind,catalog,legal_basis,domain,department\n";
    let good = "T-001,对违反示范管理规定的行政处罚,行政处罚,法定,《示范管理条例》第二条,城市管理,县综合行政执法局\n";
    let missing = "T-002,对另一违法行为的行政处罚,行政处罚,法定,《示范管理条例》第九十九条,城市管理,县综合行政执法局\n";
    let csv = tmp.path().join("catalog.csv");
    std::fs::write(&csv, format!("{header}{good}{missing}")).unwrap();
    let import = |file: &Path| {
        run(zhifa(&data).arg("import-catalog").arg(file).args([
            "--name",
            "示范目录",
            "--version",
            "2026",
        ]))
    };
    let out = import(&csv);
    assert!(!out.status.success(), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("第3行 [legal_basis]"),
        "{}",
        stderr(&out)
    );

    std::fs::write(&csv, format!("{header}{good}")).unwrap();
    let out = import(&csv);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("imported 1 items"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_county_can_be_set_up_without_the_demo() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    for args in [
        vec![
            "org",
            "create",
            "--kind",
            "province",
            "--name",
            "四川省",
            "--code",
            "51",
        ],
        vec![
            "org",
            "create",
            "--kind",
            "city",
            "--name",
            "成都市",
            "--code",
            "5101",
            "--parent",
            "51",
        ],
        vec![
            "org", "create", "--kind", "county", "--name", "某县", "--code", "510199", "--parent",
            "5101",
        ],
    ] {
        let out = run(zhifa(&data).args(&args));
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    let create = [
        "user",
        "create",
        "--username",
        "admin",
        "--name",
        "王管理",
        "--role",
        "administrator",
        "--org",
        "510199",
    ];
    let out = run(zhifa(&data).args(create));
    assert!(!out.status.success(), "no password given");
    assert!(stderr(&out).contains("ZHIFA_PASSWORD"), "{}", stderr(&out));
    let out = run(zhifa(&data)
        .args(create)
        .args(["--password-env", "ADMIN_PW"])
        .env("ADMIN_PW", "Sichuan-County-2026"));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&out).contains("Sichuan-County-2026"));

    let out = run(zhifa(&data).args(["user", "deactivate", "--username", "admin"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(zhifa(&data)
        .args(["user", "reset-password", "--username", "nobody"])
        .env("ZHIFA_PASSWORD", "Another-Pass-2026"));
    assert!(!out.status.success());
    assert!(stderr(&out).contains("nobody"), "{}", stderr(&out));
}

#[test]
fn the_demo_serves_and_its_backup_starts_up() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let port = free_port();
    let child = zhifa(&data)
        .args(["--listen", &format!("127.0.0.1:{port}"), "demo"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("zhifa demo starts");
    let mut server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if get_status(port, "/healthz") == Some(200) {
            break;
        }
        if let Some(status) = server.0.try_wait().unwrap() {
            panic!("zhifa demo exited early: {status}");
        }
        assert!(
            Instant::now() < deadline,
            "/healthz did not answer 200 within 60 s"
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    // An online backup, taken while the server runs.
    let backup = tmp.path().join("backup");
    let out = run(zhifa(&data).arg("backup").arg(&backup));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(backup.join("zhifa.db").is_file());
    assert!(!backup.join("zhifa.db-wal").exists());
    let again = run(zhifa(&data).arg("backup").arg(&backup));
    assert!(
        !again.status.success(),
        "an existing destination is refused"
    );

    stop(&mut server.0);
    let mut printed = String::new();
    server
        .0
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut printed)
        .unwrap();
    assert!(
        printed.contains(&format!("http://127.0.0.1:{port}")),
        "{printed}"
    );
    assert!(
        printed.contains("admin") && printed.contains("系统管理员"),
        "{printed}"
    );
    assert!(printed.contains("Zhifa-Demo-2026"), "{printed}");

    let out = run(zhifa(&backup).arg("migrate"));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("0 "), "{}", stdout(&out));
}

#[test]
fn the_demo_log_is_served_signed_verifies_and_a_changed_row_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let port = free_port();
    let child = zhifa(&data)
        .args([
            "--listen",
            &format!("127.0.0.1:{port}"),
            "demo",
            "--checkpoint-interval",
            "1",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("zhifa demo starts");
    let mut server = support::Server(child);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let checkpoint = loop {
        if let Some((200, body)) = support::get(port, "/log/checkpoint") {
            break body;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no signed checkpoint within 60 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert!(
        checkpoint.starts_with("zhifa.demo/519901\n"),
        "{checkpoint}"
    );
    assert_eq!(
        checkpoint.matches("\n— zhifa.demo/519901 ").count(),
        2,
        "Ed25519 and SM2 signatures: {checkpoint}"
    );
    let (status, entry) = support::get(port, "/log/entries/0").unwrap();
    assert_eq!(status, 200, "{entry}");
    assert!(
        entry.contains("zhifa/entry/v1") && entry.contains("inclusion_proof"),
        "{entry}"
    );
    assert_eq!(
        support::get(port, "/log/tile/0/000.p/1").map(|(s, _)| s),
        Some(200)
    );
    let url = format!("http://127.0.0.1:{port}/log");
    let key = data.join("keys/log.pub");
    let remote = run(zhifa(&data)
        .args(["verify", "--url", &url, "--key"])
        .arg(&key));
    assert!(
        remote.status.success(),
        "{}{}",
        stdout(&remote),
        stderr(&remote)
    );
    assert!(stdout(&remote).contains("日志完整"), "{}", stdout(&remote));
    support::stop(&mut server.0);

    let ok = run(zhifa(&data).arg("verify"));
    assert!(ok.status.success(), "{}{}", stdout(&ok), stderr(&ok));
    assert!(stdout(&ok).contains("日志完整"), "{}", stdout(&ok));

    // Someone with the database file changes entry 5 behind the application's back.
    let db = data.join("zhifa.db");
    let script = "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nc.execute('drop trigger events_no_update')\nc.execute(\"update events set payload = replace(payload, '}', ',\\\"x\\\":1}') where seq = 5\")\nc.commit()\n";
    let tampered = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&db)
        .status()
        .expect("python3 runs");
    assert!(tampered.success());
    let caught = run(zhifa(&data).arg("verify"));
    assert!(!caught.status.success(), "{}", stdout(&caught));
    assert!(stdout(&caught).contains("第 5 条"), "{}", stdout(&caught));

    // A tiles client sees it too: the served entry no longer hashes to its leaf.
    let port = free_port();
    let _server = spawn(&data, &["--listen", &format!("127.0.0.1:{port}"), "serve"]);
    wait_for(port, "/healthz", 30, |_| true);
    let url = format!("http://127.0.0.1:{port}/log");
    let remote = run(zhifa(&data)
        .args(["verify", "--url", &url, "--key"])
        .arg(&key));
    assert!(!remote.status.success(), "{}", stdout(&remote));
    assert!(stdout(&remote).contains("第 5 条"), "{}", stdout(&remote));
}

#[test]
fn a_witness_in_another_process_cosigns_the_log_and_refuses_a_fork() {
    let dir = tempfile::tempdir().unwrap();
    let (log, fork, witness) = (
        dir.path().join("log"),
        dir.path().join("fork"),
        dir.path().join("witness"),
    );
    let keygen = run(zhifa(&log).args(["keygen", "--origin", "zhifa.test/519901"]));
    assert!(keygen.status.success(), "{}", stderr(&keygen));

    let wport = free_port();
    let log_pub = log.join("keys/log.pub");
    let _witness = spawn(
        &witness,
        &[
            "--listen",
            &format!("127.0.0.1:{wport}"),
            "witness",
            "--log-key",
            log_pub.to_str().unwrap(),
        ],
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while support::get(wport, "/").is_none() {
        assert!(
            std::time::Instant::now() < deadline,
            "the witness did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let witness_pub = witness.join("witness.pub");
    let url = format!("http://127.0.0.1:{wport}");
    let serve_args = |port: u16| {
        vec![
            "--listen".to_string(),
            format!("127.0.0.1:{port}"),
            "demo".into(),
            "--checkpoint-interval".into(),
            "1".into(),
            "--witness".into(),
            url.clone(),
            "--witness-key".into(),
            witness_pub.to_str().unwrap().to_string(),
        ]
    };

    // The log: its checkpoint comes back cosigned by the witness.
    let port = free_port();
    let args = serve_args(port);
    let mut server = spawn(&log, &args.iter().map(String::as_str).collect::<Vec<_>>());
    let cosigned = wait_for(port, "/log/checkpoint", 60, |b| {
        b.contains("\n— zhifa-witness ")
    });
    let root = cosigned.lines().nth(2).unwrap().to_string();
    // An entry's proof (what a document's verification page shows) carries the cosignature.
    wait_for(port, "/log/entries/1", 30, |b| {
        b.contains("— zhifa-witness ")
    });
    support::stop(&mut server.0);
    // The stored cosignatures verify with the witness's key, and are reported unchecked
    // without it.
    let log_pub = log.join("keys").join("log.pub");
    let with_key = run(zhifa(&log)
        .args(["verify", "--key"])
        .arg(&log_pub)
        .arg("--key")
        .arg(&witness_pub));
    assert!(with_key.status.success(), "{}", stdout(&with_key));
    assert!(
        !stdout(&with_key).contains("联署 0 个"),
        "{}",
        stdout(&with_key)
    );
    let without = run(zhifa(&log).arg("verify"));
    assert!(stdout(&without).contains("未核验"), "{}", stdout(&without));
    // A changed cosignature is named.
    let script = "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nc.execute('drop trigger if exists cosignatures_no_update')\nc.execute(\"update cosignatures set line = substr(line, 1, length(line) - 6) || 'AAAA=' || char(10) where rowid = (select min(rowid) from cosignatures)\")\nc.commit()\n";
    let changed = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(log.join("zhifa.db"))
        .status()
        .expect("python3 runs");
    assert!(changed.success());
    let caught = run(zhifa(&log)
        .args(["verify", "--key"])
        .arg(&log_pub)
        .arg("--key")
        .arg(&witness_pub));
    assert!(!caught.status.success());
    assert!(
        stdout(&caught).contains("联署签名无效"),
        "{}",
        stdout(&caught)
    );
    let state = std::fs::read_to_string(witness.join("witness-state.json")).unwrap();
    assert!(
        state.contains(&root),
        "the witness keeps the cosigned root: {state}"
    );

    // A fork: the same key signs another history of the same county. The witness refuses it.
    std::fs::create_dir_all(fork.join("keys")).unwrap();
    for f in ["log.key", "log.pub"] {
        std::fs::copy(log.join("keys").join(f), fork.join("keys").join(f)).unwrap();
    }
    let fport = free_port();
    let args = serve_args(fport);
    let mut forked = spawn(&fork, &args.iter().map(String::as_str).collect::<Vec<_>>());
    let signed = wait_for(fport, "/log/checkpoint", 60, |b| {
        b.starts_with("zhifa.test/519901\n")
    });
    assert_ne!(
        signed.lines().nth(2).unwrap(),
        root,
        "the fork has another root"
    );
    std::thread::sleep(std::time::Duration::from_secs(4));
    let (_, after) = support::get(fport, "/log/checkpoint").unwrap();
    assert!(
        !after.contains("— zhifa-witness "),
        "the witness must not cosign a fork: {after}"
    );
    support::stop(&mut forked.0);
    assert_eq!(
        std::fs::read_to_string(witness.join("witness-state.json")).unwrap(),
        state,
        "the witness's state is unchanged"
    );
}

#[test]
fn a_case_bundle_verifies_elsewhere_with_the_binary_alone_and_a_changed_byte_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let port = free_port();
    let mut server = spawn(
        &data,
        &[
            "--listen",
            &format!("127.0.0.1:{port}"),
            "demo",
            "--checkpoint-interval",
            "1",
        ],
    );
    wait_for(port, "/log/checkpoint", 60, |b| {
        b.starts_with("zhifa.demo/519901\n")
    });
    support::stop(&mut server.0);

    let bundle = dir.path().join("case-1");
    let export = run(zhifa(&data)
        .args(["export-case", "--subject", "list:1"])
        .arg(&bundle));
    assert!(
        export.status.success(),
        "{}{}",
        stdout(&export),
        stderr(&export)
    );

    // Another machine: only the bundle and the log's public key, obtained separately.
    let elsewhere = tempfile::tempdir().unwrap();
    let copy = elsewhere.path().join("case-1");
    std::fs::create_dir_all(copy.join("evidence")).unwrap();
    std::fs::copy(bundle.join("manifest.json"), copy.join("manifest.json")).unwrap();
    let key = elsewhere.path().join("log.pub");
    std::fs::copy(data.join("keys/log.pub"), &key).unwrap();
    let no_data = elsewhere.path().join("no-such-data-dir");
    let ok = run(zhifa(&no_data)
        .args(["verify", "--bundle"])
        .arg(&copy)
        .arg("--key")
        .arg(&key));
    assert!(ok.status.success(), "{}{}", stdout(&ok), stderr(&ok));
    assert!(stdout(&ok).contains("案卷包完整"), "{}", stdout(&ok));
    assert!(!no_data.exists(), "checking a bundle touches no database");

    // One byte changed in the manifest: the list's batch name in one payload.
    let manifest = std::fs::read_to_string(copy.join("manifest.json")).unwrap();
    let tampered = manifest.replacen("第一批", "第二批", 1);
    assert_ne!(tampered, manifest);
    std::fs::write(copy.join("manifest.json"), tampered).unwrap();
    let caught = run(zhifa(&no_data)
        .args(["verify", "--bundle"])
        .arg(&copy)
        .arg("--key")
        .arg(&key));
    assert!(!caught.status.success(), "{}", stdout(&caught));
    assert!(
        stdout(&caught).contains("条记录") && stdout(&caught).contains("改动"),
        "{}",
        stdout(&caught)
    );
}
