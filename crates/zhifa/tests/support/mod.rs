//! Shared helpers of the command-line tests: running the binary with a clean environment,
//! sample files, and a server child process that is stopped even when a test fails.
//!
//! Each test file compiles this module and uses part of it.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

pub const VALID_LAW: &str = "# 中华人民共和国示范管理条例

2020年1月1日 示范会议通过

<!-- INFO END -->

## 第一章 总则

第一条 为了规范示范管理，制定本条例。

第二条 违反本条例规定的，由乡镇人民政府责令改正，可以处五百元以下罚款。
";

/// A `zhifa` command with a clean environment for its options and logs.
pub fn zhifa(data_dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_zhifa"));
    for var in [
        "ZHIFA_DATA_DIR",
        "ZHIFA_LISTEN",
        "ZHIFA_DATABASE_URL",
        "ZHIFA_SECURE_COOKIES",
        "ZHIFA_LOG",
        "ZHIFA_LOG_FORMAT",
    ] {
        c.env_remove(var);
    }
    c.arg("--data-dir").arg(data_dir);
    c
}

pub fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("zhifa runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn law_dir(root: &Path, files: &[(&str, &str)]) -> PathBuf {
    let dir = root.join("laws");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The status code of `GET path`, or `None` if nothing answers yet.
pub fn get_status(port: u16, path: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    response.split_whitespace().nth(1)?.parse().ok()
}

/// Kills the server if a test fails before stopping it.
pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Asks the server to stop with SIGTERM and waits for a clean exit; kills it otherwise.
pub fn stop(child: &mut Child) {
    let sent = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .is_ok_and(|s| s.success());
    if sent {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Some(status) = child.try_wait().unwrap() {
                assert!(
                    status.success(),
                    "graceful shutdown exits cleanly: {status}"
                );
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Status and body of `GET path`, or `None` if nothing answers yet.
pub fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok()?;
    let response = String::from_utf8_lossy(&raw).into_owned();
    let status = response.split_whitespace().nth(1)?.parse().ok()?;
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Some((status, body))
}

/// Starts `zhifa` with `args` in the background, silent.
pub fn spawn(data: &Path, args: &[&str]) -> Server {
    let child = zhifa(data)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("zhifa starts");
    Server(child)
}

/// Polls `path` until `ready` holds for its body, or fails after `secs`.
pub fn wait_for(port: u16, path: &str, secs: u64, ready: impl Fn(&str) -> bool) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        if let Some((200, body)) = get(port, path)
            && ready(&body)
        {
            return body;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{path} on port {port} not ready within {secs} s"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}
