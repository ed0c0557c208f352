//! Documents from the command line: an issued document checked offline, a closed case's file
//! exported in archive order, a county's template with an error refused at start.

mod support;

use support::*;

#[test]
fn an_issued_document_verifies_offline_and_a_changed_byte_fails() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let port = free_port();
    // The demo issues its decided cases' letters before it serves.
    let mut server = spawn(&data, &["--listen", &format!("127.0.0.1:{port}"), "demo"]);
    wait_for(port, "/healthz", 120, |_| true);
    support::stop(&mut server.0);
    let sha = sql(
        &data,
        "select sha256 from documents where kind = 'penalty_decision' order by id limit 1",
    );
    let pdf = data.join("evidence/sha256").join(&sha[..2]).join(&sha);
    let copy = dir.path().join("决定书.pdf");
    std::fs::copy(&pdf, &copy).unwrap();

    let ok = run(zhifa(&data).args(["verify", "--document"]).arg(&copy));
    assert!(ok.status.success(), "{}{}", stdout(&ok), stderr(&ok));
    assert!(
        stdout(&ok).contains("核验通过") && stdout(&ok).contains("行政处罚决定书"),
        "{}",
        stdout(&ok)
    );

    let mut bytes = std::fs::read(&copy).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    std::fs::write(&copy, &bytes).unwrap();
    let changed = run(zhifa(&data).args(["verify", "--document"]).arg(&copy));
    assert!(!changed.status.success(), "{}", stdout(&changed));
    assert!(
        stdout(&changed).contains("核验未通过"),
        "{}",
        stdout(&changed)
    );
}

/// The one value `query` selects from the database of `data`.
fn sql(data: &std::path::Path, query: &str) -> String {
    let script = format!(
        "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nprint(c.execute({query:?}).fetchone()[0])\n"
    );
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(data.join("zhifa.db"))
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn a_closed_cases_file_is_exported_in_archive_order_with_its_cover_first() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let port = free_port();
    // The demo issues the cover and index of its closed cases, after their letters.
    let mut server = spawn(&data, &["--listen", &format!("127.0.0.1:{port}"), "demo"]);
    wait_for(port, "/healthz", 120, |_| true);
    support::stop(&mut server.0);
    let case = sql(
        &data,
        "select case_id from documents where kind = 'file_cover' order by id limit 1",
    );
    let dest = dir.path().join("export");
    let out = run(zhifa(&data)
        .args(["export-case", "--subject", &format!("case:{case}")])
        .arg(&dest));
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let mut names: Vec<String> = std::fs::read_dir(dest.join("案卷").join(format!("case-{case}")))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert!(names.len() >= 2, "{names:?}");
    assert!(names[0].starts_with("01-行政处罚案卷"), "{names:?}");
    assert!(
        names[1..].iter().any(|n| n.contains("决定书")),
        "the letter follows the cover: {names:?}"
    );
    // The bundle beside them still checks offline.
    let checked = run(zhifa(&data)
        .args(["verify", "--bundle"])
        .arg(&dest)
        .arg("--key")
        .arg(data.join("keys/log.pub")));
    assert!(
        checked.status.success(),
        "{}{}",
        stdout(&checked),
        stderr(&checked)
    );
}

#[test]
fn a_document_template_with_an_error_stops_the_start_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(
        templates.join("penalty_decision.typ"),
        "#let d = json(bytes(sys.inputs.data))\n#d.no_such_field\n",
    )
    .unwrap();
    let port = free_port();
    let out = run(zhifa(&data)
        .args(["--listen", &format!("127.0.0.1:{port}"), "--doc-templates"])
        .arg(&templates)
        .arg("serve"));
    assert!(!out.status.success(), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains("penalty_decision.typ") && err.contains("no_such_field"),
        "{err}"
    );
}
