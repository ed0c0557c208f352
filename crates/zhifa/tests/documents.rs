//! Documents from the command line: an issued document checked offline, and a county's
//! template with an error refused at start.

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
    let query = "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nprint(c.execute(\"select sha256 from documents where kind = 'penalty_decision' order by id limit 1\").fetchone()[0])\n";
    let sha = std::process::Command::new("python3")
        .arg("-c")
        .arg(query)
        .arg(data.join("zhifa.db"))
        .output()
        .expect("python3 runs");
    assert!(
        sha.status.success(),
        "{}",
        String::from_utf8_lossy(&sha.stderr)
    );
    let sha = String::from_utf8(sha.stdout).unwrap().trim().to_string();
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
