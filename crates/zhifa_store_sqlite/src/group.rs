//! Group commit: many use cases, one durable commit.
//!
//! A durable SQLite commit waits for the disk (an `fsync` of the WAL), so committing each use
//! case on its own caps how many a second can be recorded. Here all writing use cases share
//! one connection. A batch is one SQLite transaction (`BEGIN IMMEDIATE` … `COMMIT`); each use
//! case inside it is a savepoint. A use case that commits leaves its changes in the batch and
//! waits; one that fails or is dropped is rolled back to its savepoint and leaves nothing. The
//! committer task commits the batch once no other use case is waiting for the connection (or
//! the batch is full or old enough), and only then tells the waiting use cases: `commit()`
//! returns when their changes are on disk, and if the batch fails every use case in it gets
//! the error.
//!
//! Use cases run one at a time on the connection, in the order they asked for it, so each sees
//! the changes of those before it, as with separate serialised transactions; a batch is
//! durable as a whole or not at all, so a later use case never outlives one it built on. A
//! use case that only reads through the writer may see changes whose commit is still under
//! way; one that must see durable data only uses `Store::begin_read`.
//!
//! The committer runs on the Tokio runtime that opened the store, and ends with it.
//! Not here: reads that do not write (they use the pool, `readers.rs`), SQL of the contract.

use crate::mapping::backend;
use crate::readers::ReadTx;
use rusqlite::Connection;
use std::ops::Deref;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};
use tokio::sync::{Mutex, Notify, OwnedMutexGuard, oneshot};
use zhifa_store::{StoreError, StoreResult};

/// The most use cases one batch commits; bounds what one failed commit takes with it.
const MAX_BATCH: usize = 1024;
/// How long a batch takes in use cases while more keep arriving, before it is committed:
/// bounds the wait of its first use case.
const MAX_BATCH_AGE: Duration = Duration::from_millis(10);
/// How long a use case waits for the connection, as SQLite's `busy_timeout` for the pool.
const MAX_WAIT: Duration = Duration::from_secs(10);

/// What a use case learns of its batch's commit.
type Outcome = Result<(), String>;

/// What is left to do with the savepoint of the use case that last held the writer. It is
/// sent with the next statement — the next use case's savepoint or the batch's commit — so
/// that ending a use case costs no round trip to the database of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leftover {
    Nothing,
    /// It committed: keep its changes in the batch.
    Release,
    /// It ended without committing: undo its changes.
    Rollback,
}

impl Leftover {
    /// The statements that open the next use case's savepoint, ending the batch's last one.
    fn then_savepoint(self) -> &'static str {
        match self {
            Leftover::Nothing => "savepoint use_case",
            Leftover::Release => "release use_case; savepoint use_case",
            Leftover::Rollback => "rollback to use_case; release use_case; savepoint use_case",
        }
    }

    /// The statements that commit the batch, ending its last use case's savepoint.
    fn then_commit(self) -> &'static str {
        match self {
            Leftover::Nothing => "commit",
            Leftover::Release => "release use_case; commit",
            Leftover::Rollback => "rollback to use_case; release use_case; commit",
        }
    }
}

/// The one connection that writes, and the state of the batch open on it.
pub(crate) struct Writer {
    conn: Connection,
    /// A batch transaction is (or may be) open on `conn`.
    open: bool,
    leftover: Leftover,
    /// The use cases of the open batch that committed, waiting for the batch's commit.
    waiters: Vec<oneshot::Sender<Outcome>>,
    started: Instant,
    /// The connection's count of rolled-back transactions when the batch began.
    rollbacks_at_begin: u64,
    /// The next log entry's index, once known in this batch: while the batch holds SQLite's
    /// write lock only this connection appends, so it saves each use case a query.
    next_seq: Option<i64>,
}

/// The writer connection with its committer.
pub(crate) struct Group {
    writer: Arc<Mutex<Writer>>,
    /// Use cases waiting for the writer.
    queued: AtomicUsize,
    /// Wakes the committer.
    wake: Arc<Notify>,
    /// Transactions SQLite rolled back on the writer, counted by its rollback hook: a batch
    /// that SQLite rolled back by itself (a full disk, an I/O error) must fail as a whole even
    /// if later statements succeed outside it.
    rollbacks: Arc<AtomicU64>,
}

impl Group {
    /// Takes `conn` as the writer and starts its committer on the current Tokio runtime.
    pub(crate) fn start(conn: Connection) -> StoreResult<Arc<Group>> {
        let rollbacks = Arc::new(AtomicU64::new(0));
        let counter = rollbacks.clone();
        conn.rollback_hook(Some(move || {
            counter.fetch_add(1, Ordering::SeqCst);
        }))
        .map_err(backend)?;
        let wake = Arc::new(Notify::new());
        let group = Arc::new(Group {
            writer: Arc::new(Mutex::new(Writer {
                conn,
                open: false,
                leftover: Leftover::Nothing,
                waiters: Vec::new(),
                started: Instant::now(),
                rollbacks_at_begin: 0,
                next_seq: None,
            })),
            queued: AtomicUsize::new(0),
            wake: wake.clone(),
            rollbacks,
        });
        tokio::spawn(run_committer(Arc::downgrade(&group), wake));
        Ok(group)
    }

    /// Starts a use case: waits for the writer, joins (or opens) the batch, sets a savepoint.
    pub(crate) async fn begin(self: &Arc<Self>) -> StoreResult<WriteSlot> {
        let guard = {
            let mut queued = Queued::new(self);
            let guard = tokio::time::timeout(MAX_WAIT, self.writer.clone().lock_owned())
                .await
                .map_err(|_| StoreError::Backend("database is busy (waited 10 s)".into()))?;
            queued.acquired = true;
            guard
        };
        let mut slot = WriteSlot {
            group: self.clone(),
            writer: Some(guard),
            in_savepoint: false,
        };
        let w = slot.writer_mut();
        if w.open && self.rolled_back_by_sqlite(w) {
            Self::fail(w, "SQLite rolled back the transaction".into());
        }
        let sql = if w.open {
            if w.leftover == Leftover::Rollback {
                w.next_seq = None;
            }
            w.leftover.then_savepoint()
        } else {
            w.rollbacks_at_begin = self.rollbacks.load(Ordering::SeqCst);
            w.started = Instant::now();
            // Another process may have appended since the last batch.
            w.next_seq = None;
            "begin immediate; savepoint use_case"
        };
        // Set before the statements run: if this future is dropped half way, whatever began
        // is still ended by the next user of the connection.
        w.open = true;
        w.leftover = Leftover::Nothing;
        slot.in_savepoint = true;
        let w = slot.writer_mut();
        if let Err(e) = w.conn.execute_batch(sql) {
            // Which statement failed is unknown: end the batch, nothing of it is kept.
            Self::fail(w, format!("cannot start a use case: {e}"));
            slot.in_savepoint = false;
            return Err(backend(e));
        }
        Ok(slot)
    }

    fn rolled_back_by_sqlite(&self, w: &Writer) -> bool {
        self.rollbacks.load(Ordering::SeqCst) != w.rollbacks_at_begin
    }

    /// Ends the open batch without keeping anything and tells its use cases why.
    fn fail(w: &mut Writer, why: String) {
        // The transaction may already be gone; then there is nothing to roll back.
        let _ = w.conn.execute_batch("rollback");
        w.open = false;
        w.leftover = Leftover::Nothing;
        w.next_seq = None;
        for waiter in w.waiters.drain(..) {
            let _ = waiter.send(Err(why.clone()));
        }
    }

    /// Commits the open batch once no use case is waiting to join it (or it is full or old
    /// enough), then tells its use cases.
    async fn commit_batch(&self) {
        let mut w = self.writer.clone().lock_owned().await;
        loop {
            if !w.open {
                return;
            }
            let others_waiting = self.queued.load(Ordering::SeqCst) > 0;
            if !others_waiting || w.is_full() {
                break;
            }
            // Let them in first (the lock is first come, first served), then look again.
            drop(w);
            w = self.writer.clone().lock_owned().await;
        }
        if self.rolled_back_by_sqlite(&w) {
            Self::fail(&mut w, "SQLite rolled back the transaction".into());
            return;
        }
        if w.waiters.is_empty() {
            // Only use cases that read or gave up: nothing to keep.
            Self::fail(&mut w, String::new());
            return;
        }
        let sql = w.leftover.then_commit();
        w.leftover = Leftover::Nothing;
        // The commit waits for the disk: off the runtime's threads, holding the writer. A
        // panic in it is caught there, so the batch's use cases always hear the outcome.
        let committed = tokio::task::spawn_blocking(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                w.conn.execute_batch(sql)
            }));
            (w, result)
        })
        .await;
        let Ok((mut w, result)) = committed else {
            // Only when the runtime shuts down: the use cases waiting are dropped with it.
            return;
        };
        match result {
            Ok(Ok(())) => {
                w.open = false;
                for waiter in w.waiters.drain(..) {
                    let _ = waiter.send(Ok(()));
                }
            }
            Ok(Err(e)) => Self::fail(&mut w, format!("commit failed: {e}")),
            Err(_) => Self::fail(&mut w, "the commit panicked".into()),
        }
    }
}

impl Writer {
    fn is_full(&self) -> bool {
        self.waiters.len() >= MAX_BATCH || self.started.elapsed() >= MAX_BATCH_AGE
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        // Lets the committer see that the store is gone and end.
        self.wake.notify_one();
    }
}

async fn run_committer(group: Weak<Group>, wake: Arc<Notify>) {
    loop {
        wake.notified().await;
        let Some(group) = group.upgrade() else {
            return;
        };
        group.commit_batch().await;
    }
}

/// Counts a use case as waiting for the writer while it is.
struct Queued<'a> {
    group: &'a Group,
    acquired: bool,
}

impl<'a> Queued<'a> {
    fn new(group: &'a Group) -> Queued<'a> {
        group.queued.fetch_add(1, Ordering::SeqCst);
        Queued {
            group,
            acquired: false,
        }
    }
}

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.group.queued.fetch_sub(1, Ordering::SeqCst);
        if !self.acquired {
            // It gave up: a batch may have been waiting for it to join.
            self.group.wake.notify_one();
        }
    }
}

/// One use case's hold on the writer, inside its savepoint. Dropping it without
/// [`WriteSlot::commit`] rolls the use case back (before anyone else uses the connection).
pub(crate) struct WriteSlot {
    group: Arc<Group>,
    writer: Option<OwnedMutexGuard<Writer>>,
    in_savepoint: bool,
}

impl WriteSlot {
    fn writer_mut(&mut self) -> &mut Writer {
        self.writer.as_mut().expect("held until the slot ends")
    }

    /// The next log entry's index, if this batch knows it.
    pub(crate) fn next_seq(&self) -> Option<i64> {
        self.writer.as_ref().and_then(|w| w.next_seq)
    }

    /// Notes the next log entry's index, learnt or made by this use case; forgotten with the
    /// use case if it is rolled back.
    pub(crate) fn set_next_seq(&mut self, next: i64) {
        self.writer_mut().next_seq = Some(next);
    }

    /// Leaves the use case's changes in the batch and returns once the batch is durable.
    pub(crate) async fn commit(mut self) -> StoreResult<()> {
        let (sender, outcome) = oneshot::channel();
        let w = self.writer_mut();
        w.leftover = Leftover::Release;
        w.waiters.push(sender);
        self.in_savepoint = false;
        // Keeps the committer's group alive until the outcome arrives.
        let group = self.group.clone();
        drop(self);
        let outcome = outcome.await;
        drop(group);
        match outcome {
            Ok(result) => result.map_err(StoreError::Backend),
            Err(_) => Err(StoreError::Backend(
                "the store closed before the commit".into(),
            )),
        }
    }
}

impl Drop for WriteSlot {
    fn drop(&mut self) {
        if let Some(mut w) = self.writer.take() {
            if self.in_savepoint {
                w.leftover = Leftover::Rollback;
            }
            // The committer is needed when nobody else will carry the batch on.
            let wake = self.group.queued.load(Ordering::SeqCst) == 0 || w.is_full();
            drop(w);
            if wake {
                self.group.wake.notify_one();
            }
        }
    }
}

impl Deref for WriteSlot {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.writer.as_ref().expect("held until the slot ends").conn
    }
}

/// The connection a store transaction works on: a slot of the writer, or a read transaction
/// of the pool.
pub(crate) enum TxConn {
    Write(WriteSlot),
    Read(ReadTx),
}

impl TxConn {
    pub(crate) async fn commit(self) -> StoreResult<()> {
        match self {
            TxConn::Write(slot) => slot.commit().await,
            TxConn::Read(tx) => tx.commit(),
        }
    }

    /// The next log entry's index, if the writer's batch knows it.
    pub(crate) fn next_seq(&self) -> Option<i64> {
        match self {
            TxConn::Write(slot) => slot.next_seq(),
            TxConn::Read(_) => None,
        }
    }

    pub(crate) fn set_next_seq(&mut self, next: i64) {
        if let TxConn::Write(slot) = self {
            slot.set_next_seq(next);
        }
    }
}

impl Deref for TxConn {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        match self {
            TxConn::Write(slot) => slot,
            TxConn::Read(tx) => tx,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn insert(group: &Arc<Group>, x: i64) -> StoreResult<()> {
        let slot = group.begin().await?;
        slot.execute("insert into t values (?)", [x])
            .map_err(backend)?;
        slot.commit().await
    }

    /// A use case that ends the batch's transaction itself — as SQLite does on a full disk or
    /// an I/O error — and goes on as if nothing had happened must not let the batch commit:
    /// the use case already waiting in it is told of the failure, not reassured, and the next
    /// one starts a batch of its own.
    #[tokio::test]
    async fn a_batch_that_sqlite_rolled_back_fails_every_use_case_in_it() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::readers::connect(&dir.path().join("t.db")).unwrap();
        let group = Group::start(conn).unwrap();
        let setup = group.begin().await.unwrap();
        setup.execute_batch("create table t (x integer)").unwrap();
        setup.commit().await.unwrap();

        let first = group.begin().await.unwrap();
        first.execute_batch("insert into t values (1)").unwrap();
        let second = tokio::spawn({
            let group = group.clone();
            async move {
                let slot = group.begin().await.unwrap();
                slot.execute_batch("rollback; savepoint use_case").unwrap();
                slot.commit().await
            }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        let third = tokio::spawn({
            let group = group.clone();
            async move { insert(&group, 3).await }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        let first = first.commit().await;
        assert!(first.is_err(), "the first use case's row was rolled back");
        assert!(second.await.unwrap().is_err());
        third.await.unwrap().unwrap();

        let check = group.begin().await.unwrap();
        let rows: Vec<i64> = check
            .prepare("select x from t")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(rows, [3]);
    }
}
