//! Connections to the database file, and the pool of those that only read.
//!
//! Every connection is opened the same way: WAL journal, `synchronous = FULL`, foreign keys on,
//! a 10 s busy timeout, and a cache of prepared statements. A read transaction takes an idle
//! connection (or opens one, up to the pool's size), begins a deferred transaction — its first
//! read fixes the snapshot it sees, and it never waits for the writer — and gives the
//! connection back when it ends.
//!
//! Not here: the writer and its batches (`group`).

use crate::mapping::backend;
use rusqlite::{Connection, OpenFlags};
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use zhifa_store::{StoreError, StoreResult};

/// How many prepared statements each connection keeps.
const STATEMENT_CACHE: usize = 128;

/// Opens (creating if missing) the database file at `path` as the store uses it.
pub(crate) fn connect(path: &Path) -> StoreResult<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(backend)?;
    conn.busy_timeout(Duration::from_secs(10))
        .map_err(backend)?;
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))
        .map_err(backend)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Backend(format!(
            "{} cannot use a WAL journal (journal mode {mode})",
            path.display()
        )));
    }
    conn.execute_batch("pragma synchronous = full; pragma foreign_keys = on")
        .map_err(backend)?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(conn)
}

/// The connections that only read.
pub(crate) struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
    permits: Arc<Semaphore>,
}

impl Readers {
    pub(crate) fn new(path: &Path, size: usize) -> Arc<Readers> {
        Arc::new(Readers {
            path: path.to_path_buf(),
            idle: Mutex::new(Vec::with_capacity(size)),
            permits: Arc::new(Semaphore::new(size)),
        })
    }

    /// Begins a read transaction, waiting while all connections are in use.
    pub(crate) async fn begin(self: &Arc<Self>) -> StoreResult<ReadTx> {
        let lease = self.lease().await?;
        lease.execute_batch("begin").map_err(backend)?;
        Ok(ReadTx { lease, open: true })
    }

    /// A connection for a statement outside any transaction.
    pub(crate) async fn lease(self: &Arc<Self>) -> StoreResult<Lease> {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| StoreError::Backend("the store is closed".into()))?;
        let idle = self.idle.lock().expect("not poisoned").pop();
        let conn = match idle {
            Some(conn) => conn,
            None => connect(&self.path)?,
        };
        Ok(Lease {
            conn: Some(conn),
            readers: self.clone(),
            _permit: permit,
        })
    }
}

/// A connection of the pool, given back when dropped.
pub(crate) struct Lease {
    conn: Option<Connection>,
    readers: Arc<Readers>,
    _permit: OwnedSemaphorePermit,
}

impl Deref for Lease {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn.as_ref().expect("held until dropped")
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take()
            && conn.is_autocommit()
        {
            // A connection left inside a transaction is not given back: it closes.
            self.readers.idle.lock().expect("not poisoned").push(conn);
        }
    }
}

/// A read transaction on a connection of the pool; dropping it without commit ends it.
pub(crate) struct ReadTx {
    lease: Lease,
    open: bool,
}

impl ReadTx {
    pub(crate) fn commit(mut self) -> StoreResult<()> {
        self.open = false;
        self.lease.execute_batch("commit").map_err(backend)
    }
}

impl Deref for ReadTx {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.lease
    }
}

impl Drop for ReadTx {
    fn drop(&mut self) {
        if self.open {
            let _ = self.lease.execute_batch("rollback");
        }
    }
}
