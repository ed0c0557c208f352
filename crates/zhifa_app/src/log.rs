//! The log's use cases: signing checkpoints with the log's keys, serving tiles and entries
//! with inclusion proofs, and verifying the whole log against its stored events.
//!
//! The log's private keys live in files that the binary reads (`zhifa keygen`); they never
//! enter the database or a log line. Not here: the tree algorithms (`zhifa_ledger`).

use crate::App;
use crate::error::{AppError, AppResult};
use crate::ledger::{LogEntry, encode_row, with_stored_hashes};
use serde::Serialize;
use zhifa_domain::Id;
use zhifa_ledger::tile::{EntryBundle, Tile, TileResource};
use zhifa_ledger::tree::{stored_hash_count, tree_hash};
use zhifa_ledger::{
    Checkpoint, Frontier, Hash, SignerKey, VerifierKey, VerifierSet, leaf_hash, open_note,
    sign_note,
};
use zhifa_store::{EntryRows, StoredCheckpoint, Tx};

/// The log's identity and signing keys.
#[derive(Debug, Clone)]
pub struct LogKeys {
    /// The checkpoint origin, e.g. `zhifa.example.gov.cn/519901`; also the keys' name.
    pub origin: String,
    /// Ed25519 first (what C2SP tools check), SM2 beside it for 商用密码 assessment.
    pub signers: Vec<SignerKey>,
}

impl LogKeys {
    /// Fresh Ed25519 and SM2 keys named `origin`, from the operating system's randomness.
    pub fn generate(origin: &str) -> AppResult<LogKeys> {
        let mut rng = rand_core::OsRng;
        let ed = zhifa_ledger::Ed25519Signer::generate(origin, &mut rng).map_err(internal)?;
        let sm2 = zhifa_ledger::sm2::Sm2Signer::generate(origin, &mut rng).map_err(internal)?;
        Ok(LogKeys {
            origin: origin.to_string(),
            signers: vec![SignerKey::Ed25519(ed), SignerKey::Sm2(sm2)],
        })
    }

    pub fn verifiers(&self) -> VerifierSet {
        VerifierSet::new(self.signers.iter().map(SignerKey::verifier).collect())
    }
}

/// An entry with the proof that it is in the tree of the latest checkpoint.
#[derive(Debug, Clone, Serialize)]
pub struct EntryProof {
    pub seq: Id,
    /// The entry's public text (what the leaf hash is taken over).
    pub entry: String,
    pub leaf_hash: String,
    pub tree_size: i64,
    /// RFC 6962 §2.1.1 audit path, base64 hashes from the leaf up.
    pub inclusion_proof: Vec<String>,
    /// The signed checkpoint the proof leads to.
    pub checkpoint: String,
}

/// What `zhifa verify` found.
#[derive(Debug, Clone, Serialize, Default)]
pub struct LogReport {
    pub entries: i64,
    pub checkpoints: usize,
    /// Witness cosignatures checked with a witness key given to the verifier.
    pub cosignatures: usize,
    /// Witness cosignatures of witnesses whose key was not given: kept, not checked.
    pub cosignatures_unchecked: usize,
    /// The first thing wrong, if any, in words.
    pub first_problem: Option<String>,
    /// The entry or checkpoint size it concerns.
    pub at: Option<i64>,
}

fn b64(h: &Hash) -> String {
    zhifa_ledger::hash::hash_to_base64(h)
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(e.to_string())
}

/// How many events `verify_log` reads at a time (with their stored hashes, about twice as
/// many): large enough that round trips do not count, small enough to keep memory flat.
const VERIFY_BATCH: i64 = 32_768;

impl App {
    /// Signs a checkpoint of the current tree if it has grown since the last one. Returns
    /// the new checkpoint, or `None` when there is nothing new or no key to sign with.
    pub async fn sign_checkpoint(&self) -> AppResult<Option<StoredCheckpoint>> {
        let Some(keys) = &self.log_keys else {
            return Ok(None);
        };
        // The tree head is read and signed outside the writer (signing takes a few
        // milliseconds), from what is durable; the writer is taken only to insert it, if no
        // newer checkpoint got there first.
        let (size, root) = {
            let mut tx = self.begin_read().await?;
            let size = tx.event_count().await?;
            let latest = tx.latest_checkpoint().await?;
            if size == 0 || latest.as_ref().is_some_and(|c| c.size >= size) {
                return Ok(None);
            }
            let root = with_stored_hashes(&mut *tx, |r| tree_hash(size as u64, r)).await?;
            (size, root)
        };
        let text = Checkpoint::new(&keys.origin, size as u64, root)
            .map_err(internal)?
            .to_text();
        let note = {
            // Signing is synchronous; the signers are not `Sync` and must not live across an await.
            let signers: Vec<_> = keys
                .signers
                .iter()
                .filter_map(SignerKey::as_note_signer)
                .collect();
            sign_note(&text, &signers).map_err(internal)?
        };
        let checkpoint = StoredCheckpoint {
            size,
            at: crate::ledger::log_time(self.clock.now()),
            note,
        };
        let mut tx = self.begin().await?;
        if tx
            .latest_checkpoint()
            .await?
            .is_some_and(|c| c.size >= size)
        {
            return Ok(None);
        }
        tx.insert_checkpoint(&checkpoint).await?;
        tx.commit().await?;
        Ok(Some(checkpoint))
    }

    /// The latest signed checkpoint (C2SP tlog-checkpoint in a signed note), with the
    /// witnesses' cosignature lines added after the log's own signatures.
    pub async fn latest_checkpoint(&self) -> AppResult<Option<String>> {
        let mut tx = self.begin_read().await?;
        let Some(c) = tx.latest_checkpoint().await? else {
            return Ok(None);
        };
        let mut note = c.note;
        for cosignature in tx.cosignatures(c.size).await? {
            note.push_str(&cosignature.line);
        }
        Ok(Some(note))
    }

    /// The C2SP tlog-witness `add-checkpoint` body asking `witness` to cosign the latest
    /// checkpoint: from the size it last cosigned (or `old_size` when the witness said
    /// otherwise), with the consistency proof. `None` when it has cosigned the latest already.
    pub async fn witness_request(
        &self,
        witness: &str,
        old_size: Option<i64>,
    ) -> AppResult<Option<(i64, String)>> {
        let mut tx = self.begin_read().await?;
        let Some(latest) = tx.latest_checkpoint().await? else {
            return Ok(None);
        };
        let old = match old_size {
            Some(size) => size,
            None => tx.witness_size(witness).await?.unwrap_or(0),
        };
        if old >= latest.size || old < 0 {
            return Ok(None);
        }
        let (t, n) = (latest.size as u64, old as u64);
        let proof = if n == 0 {
            vec![]
        } else {
            with_stored_hashes(&mut *tx, |r| zhifa_ledger::proof::prove_tree(t, n, r)).await?
        };
        let request = zhifa_ledger::witness::AddCheckpointRequest {
            old_size: n,
            proof,
            checkpoint: latest.note,
        };
        Ok(Some((latest.size, request.to_text())))
    }

    /// Keeps a witness's cosignature of the checkpoint of `size` after checking it with the
    /// witness's key.
    pub async fn add_cosignature(
        &self,
        size: i64,
        witness: &VerifierKey,
        line: &str,
    ) -> AppResult<()> {
        use zhifa_ledger::NoteVerifier;
        let mut tx = self.begin().await?;
        let checkpoint = tx
            .checkpoints()
            .await?
            .into_iter()
            .find(|c| c.size == size)
            .ok_or(AppError::NotFound("检查点"))?;
        let line = format!("{}\n", line.trim_end_matches('\n'));
        let with_line = format!("{}{line}", checkpoint.note);
        let opened = open_note(
            with_line.as_bytes(),
            &VerifierSet::new(vec![witness.clone()]),
        )
        .map_err(|e| AppError::Internal(format!("witness cosignature: {e}")))?;
        if opened.verified.is_empty() {
            return Err(AppError::Internal(
                "the witness's reply is not its cosignature of this checkpoint".into(),
            ));
        }
        let cosignature = zhifa_store::StoredCosignature {
            size,
            witness: witness.name().to_string(),
            line,
            at: crate::ledger::log_time(self.clock.now()),
        };
        tx.insert_cosignature(&cosignature).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A tile or entry bundle of the current tree, by its tlog-tiles path (`tile/…`).
    pub async fn tile(&self, path: &str) -> AppResult<Vec<u8>> {
        let resource = TileResource::parse(path).map_err(|_| AppError::NotFound("瓦片"))?;
        let mut tx = self.begin_read().await?;
        let size = tx.event_count().await? as u64;
        match resource {
            TileResource::Hashes(tile) => {
                if Tile::in_tree(tile.level(), tile.n(), size)
                    .is_none_or(|t| t.width() < tile.width())
                {
                    return Err(AppError::NotFound("瓦片"));
                }
                with_stored_hashes(&mut *tx, |r| tile.read_data(r)).await
            }
            TileResource::Entries(bundle) => {
                let from = bundle.n * 256;
                let to = from + u64::from(bundle.width);
                if to > size {
                    return Err(AppError::NotFound("瓦片"));
                }
                let events = tx.events_range(from as i64, to as i64).await?;
                let entries: Vec<Vec<u8>> = events
                    .iter()
                    .map(|e| LogEntry::of_event(e).encode())
                    .collect();
                EntryBundle::encode(&entries).map_err(internal)
            }
        }
    }

    /// Entry `seq` with its inclusion proof in the tree of the latest checkpoint, the
    /// checkpoint carrying the witnesses' cosignatures as well as the log's signatures.
    pub async fn entry_proof(&self, seq: Id) -> AppResult<EntryProof> {
        let mut tx = self.begin_read().await?;
        let checkpoint = tx
            .latest_checkpoint()
            .await?
            .ok_or(AppError::NotFound("检查点"))?;
        if seq < 0 || seq >= checkpoint.size {
            return Err(AppError::NotFound("尚未纳入检查点的记录"));
        }
        let event = tx
            .events_range(seq, seq + 1)
            .await?
            .pop()
            .ok_or(AppError::NotFound("记录"))?;
        let entry = LogEntry::of_event(&event).encode();
        let (t, n) = (checkpoint.size as u64, seq as u64);
        let proof =
            with_stored_hashes(&mut *tx, |r| zhifa_ledger::proof::prove_record(t, n, r)).await?;
        let mut note = checkpoint.note;
        for c in tx.cosignatures(checkpoint.size).await? {
            note.push_str(&c.line);
        }
        Ok(EntryProof {
            seq,
            leaf_hash: b64(&leaf_hash(&entry)),
            entry: String::from_utf8(entry).map_err(internal)?,
            tree_size: checkpoint.size,
            inclusion_proof: proof.iter().map(b64).collect(),
            checkpoint: note,
        })
    }

    /// Recomputes the whole log from the stored events and checks it: every entry against
    /// its leaf hash and payload, every stored tree hash against the tree rebuilt from the
    /// leaves, every checkpoint's signatures and root. Stops at the first problem and names it.
    ///
    /// One pass in order over the events and the stored hashes, keeping only the tree's right
    /// edge in memory; it reads a snapshot and does not hold up writers.
    pub async fn verify_log(
        &self,
        origin: &str,
        verifiers: &[VerifierKey],
    ) -> AppResult<LogReport> {
        let mut tx = self.begin_read().await?;
        let count = tx.event_count().await?;
        let mut report = LogReport {
            entries: count,
            ..LogReport::default()
        };
        if let Some((seq, problem)) = verify_entries(&mut *tx, count).await? {
            report.first_problem = Some(problem);
            report.at = Some(seq);
            return Ok(report);
        }
        let set = VerifierSet::new(verifiers.to_vec());
        for c in tx.checkpoints().await? {
            report.checkpoints += 1;
            let checked = match check_checkpoint(&mut *tx, &c, origin, &set, count).await {
                Ok(()) => check_cosignatures(&mut *tx, &c, verifiers).await?,
                Err(problem) => Err(problem),
            };
            match checked {
                Ok((checked, unchecked)) => {
                    report.cosignatures += checked;
                    report.cosignatures_unchecked += unchecked;
                }
                Err(problem) => {
                    report.first_problem = Some(problem);
                    report.at = Some(c.size);
                    return Ok(report);
                }
            }
        }
        Ok(report)
    }
}

/// Checks events `0..count` in batches, each entry's leaf hash and the tree hashes it
/// stored, against the tree rebuilt from the entries. Each batch is checked on a thread of
/// its own while this one reads the next (and SQLite's thread assembles it), so verifying
/// keeps two cores busy — and blocks the calling thread while it waits for a batch's check:
/// this is for `zhifa verify`, not for a request.
async fn verify_entries(tx: &mut dyn Tx, count: Id) -> AppResult<Option<(Id, String)>> {
    let mut tree = Frontier::new();
    let mut from = 0;
    let mut batch = read_batch(tx, 0, VERIFY_BATCH.min(count)).await?;
    while from < count {
        let to = (from + VERIFY_BATCH).min(count);
        let (events, stored) = match batch {
            Ok(read) => read,
            Err(problem) => return Ok(Some(problem)),
        };
        let checking = std::thread::Builder::new()
            .name("zhifa-verify".into())
            .spawn(move || {
                let found = check_batch(&mut tree, from, to, &events, &stored);
                // The batch goes back to be freed by the thread that allocated it.
                (tree, found, events, stored)
            })
            .map_err(|e| internal(format!("starting a verifying thread: {e}")))?;
        let next = read_batch(tx, to, (to + VERIFY_BATCH).min(count)).await;
        let (checked, found, _, _) = checking
            .join()
            .map_err(|_| internal("verifying a batch of the log failed"))?;
        if let Some(problem) = found? {
            return Ok(Some(problem));
        }
        tree = checked;
        batch = next?;
        from = to;
    }
    Ok(None)
}

/// What one batch needs: the events `from..to` and the stored hashes they wrote (one run of
/// the stored array, since entry n stored its hashes from index `stored_hash_count(n)` on) —
/// or, when they cannot be read, the problem to report.
type Batch = Result<(EntryRows, Vec<(i64, Hash)>), (Id, String)>;

async fn read_batch(tx: &mut dyn Tx, from: Id, to: Id) -> AppResult<Batch> {
    let Ok(events) = tx.entry_rows_range(from, to).await else {
        return Ok(Err((
            from,
            format!("第 {from} 至 {} 条之间有记录无法读取：记录已损坏", to - 1),
        )));
    };
    let (first, end) = (stored_hash_count(from as u64), stored_hash_count(to as u64));
    let Ok(stored) = tx.log_hashes_range(first as i64, end as i64).await else {
        return Ok(Err((
            from,
            format!(
                "第 {from} 至 {} 条记录的默克尔树哈希无法读取：哈希表已损坏",
                to - 1
            ),
        )));
    };
    Ok(Ok((events, stored)))
}

/// Checks the events `from..to` that were read and the hashes they stored, continuing `tree`.
fn check_batch(
    tree: &mut Frontier,
    from: Id,
    to: Id,
    events: &EntryRows,
    stored: &[(i64, Hash)],
) -> AppResult<Option<(Id, String)>> {
    let mut stored = stored.iter();
    let mut computed = Vec::with_capacity(64);
    let mut entry = Vec::with_capacity(512);
    for (i, e) in events.iter().enumerate() {
        let expected = from + i as i64;
        if e.seq != expected {
            return Ok(Some((expected, format!("第 {expected} 条记录缺失"))));
        }
        encode_row(&mut entry, &e);
        let leaf = leaf_hash(&entry);
        if e.leaf_hash != leaf {
            return Ok(Some((
                e.seq,
                format!("第 {} 条记录的内容与其叶哈希不符：记录已被改动", e.seq),
            )));
        }
        computed.clear();
        tree.append(leaf, &mut computed).map_err(internal)?;
        let start = stored_hash_count(e.seq as u64) as i64;
        let matches = computed
            .iter()
            .zip(start..)
            .all(|(h, idx)| stored.next().is_some_and(|(i, s)| *i == idx && s == h));
        if !matches {
            return Ok(Some((
                e.seq,
                format!(
                    "第 {} 条记录处的默克尔树哈希与记录不符：哈希表已被改动",
                    e.seq
                ),
            )));
        }
    }
    let read = from + events.len() as i64;
    if read < to {
        return Ok(Some((read, format!("第 {read} 条记录缺失"))));
    }
    Ok(None)
}

/// Checks the witnesses' cosignatures of a checkpoint (C2SP tlog-cosignature) with the
/// witness keys among `verifiers`: how many were checked and how many had no key given, or
/// the first that does not verify.
async fn check_cosignatures(
    tx: &mut dyn Tx,
    c: &StoredCheckpoint,
    verifiers: &[VerifierKey],
) -> AppResult<Result<(usize, usize), String>> {
    let (mut checked, mut unchecked) = (0, 0);
    for cosignature in tx.cosignatures(c.size).await? {
        let keys: Vec<VerifierKey> = verifiers
            .iter()
            .filter(|v| {
                matches!(v, VerifierKey::Cosignature(_))
                    && zhifa_ledger::NoteVerifier::name(*v) == cosignature.witness
            })
            .cloned()
            .collect();
        if keys.is_empty() {
            unchecked += 1;
            continue;
        }
        let mut note = c.note.clone();
        note.push_str(&cosignature.line);
        let verified = open_note(note.as_bytes(), &VerifierSet::new(keys))
            .is_ok_and(|opened| !opened.verified.is_empty());
        if !verified {
            return Ok(Err(format!(
                "树大小 {} 的检查点上见证方 {} 的联署签名无效",
                c.size, cosignature.witness
            )));
        }
        checked += 1;
    }
    Ok(Ok((checked, unchecked)))
}

async fn check_checkpoint(
    tx: &mut dyn Tx,
    c: &StoredCheckpoint,
    origin: &str,
    set: &VerifierSet,
    count: Id,
) -> Result<(), String> {
    let opened = open_note(c.note.as_bytes(), set)
        .map_err(|e| format!("树大小 {} 的检查点签名无效：{e}", c.size))?;
    if opened.verified.is_empty() {
        return Err(format!("树大小 {} 的检查点没有日志公钥的签名", c.size));
    }
    let checkpoint = Checkpoint::parse(&opened.text)
        .map_err(|e| format!("树大小 {} 的检查点格式错误：{e}", c.size))?;
    if checkpoint.origin() != origin || checkpoint.size() as i64 != c.size || c.size > count {
        return Err(format!(
            "树大小 {} 的检查点不属于本日志或超出记录数",
            c.size
        ));
    }
    let root = with_stored_hashes(tx, |r| tree_hash(c.size as u64, r))
        .await
        .map_err(|e| e.to_string())?;
    if &root != checkpoint.root_hash() {
        return Err(format!(
            "树大小 {} 的检查点根哈希与记录重算结果不符",
            c.size
        ));
    }
    Ok(())
}
