//! Evidence of the full-process record (全过程记录, 《行政处罚法》第四十七条): adding a photo,
//! recording, video, scan or document to a township's record, and reading it back checked.
//!
//! Adding runs in three steps, so that a long upload never holds the database's write lock:
//! a short transaction loads the body and the capturing person and authorizes — before a
//! byte is read, so that no one can fill the disk of a township that is not theirs; then the
//! content is stored by its hash ([`crate::blob_store`]); then one transaction inserts the
//! record and its log entry. If that last step fails, the stored file stays without a record:
//! harmless, since it is named by its content, and the next upload of the same content uses
//! it. Bad input — too large, cut short, a wrong announced hash — stores and records nothing.
//!
//! Reading checks the content against the recorded hash. Files up to
//! [`VERIFY_BEFORE_SENDING`] are checked whole before the first byte goes out, so a damaged
//! one is an error response naming the evidence. Larger ones (video) are checked while they
//! stream: reading them twice would double a long wait, and the last chunk is withheld
//! until the hash matched, so a receiver of a damaged file sees the transfer break off short
//! of its announced length rather than a complete-looking file.
//!
//! Not here: the rules on media types and capture metadata (`zhifa_domain::evidence`), SQL.

use crate::App;
use crate::authz::{Action, Actor, authorize};
use crate::blob_store::{BlobError, BlobStore, PutLimits, VerifiedReader};
use crate::error::{AppError, AppResult};
use crate::orgs::load_org;
use serde::Serialize;
use serde_json::json;
use std::path::PathBuf;
use tokio::io::AsyncRead;
use zhifa_domain::Id;
use zhifa_domain::evidence::{
    Capture, Capturer, ContentHash, EvidenceForm, check_capture, too_large,
};
use zhifa_domain::org::Role;
use zhifa_store::EvidenceRecord;

/// Files up to this size are checked whole before they are sent.
pub const VERIFY_BEFORE_SENDING: u64 = 16 * 1024 * 1024;

/// An upload as the caller describes it.
#[derive(Debug, Clone)]
pub struct EvidenceUpload {
    pub capture: Capture,
    /// The size the sender announced (`Content-Length`).
    pub declared_size: Option<u64>,
    /// The SHA-256 the sender announced, to detect damage on the way.
    pub expected_sha256: Option<ContentHash>,
}

/// A piece of evidence as shown: its record and what form of evidence it is.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceView {
    #[serde(flatten)]
    pub record: EvidenceRecord,
    pub form: EvidenceForm,
    pub form_label: &'static str,
}

impl EvidenceView {
    fn of(record: EvidenceRecord) -> EvidenceView {
        let form = record.media_type.form();
        EvidenceView {
            record,
            form,
            form_label: form.label(),
        }
    }
}

/// What adding evidence did.
#[derive(Debug, Clone, Serialize)]
pub struct AddedEvidence {
    pub id: Id,
    pub sha256: String,
    pub size: u64,
    /// The same content was already stored, and was not stored again.
    pub already_stored: bool,
}

impl App {
    /// The same application, keeping evidence files in `dir` (`<data dir>/evidence`).
    pub fn with_evidence_dir(mut self, dir: impl Into<PathBuf>) -> App {
        self.evidence_dir = Some(dir.into());
        self
    }

    pub(crate) fn blob_store(&self) -> AppResult<BlobStore> {
        self.evidence_dir
            .as_ref()
            .map(BlobStore::new)
            .ok_or_else(|| AppError::Internal("no evidence directory is configured".into()))
    }

    /// Adds evidence to `org_id`'s record: an officer, auxiliary, legal reviewer or head of
    /// that township may. See the module's description for the steps.
    pub async fn add_evidence<R: AsyncRead + Unpin + Send>(
        &self,
        actor: &Actor,
        org_id: Id,
        upload: EvidenceUpload,
        content: R,
    ) -> AppResult<AddedEvidence> {
        let blobs = self.blob_store()?;
        let now = self.clock.now();
        {
            let mut tx = self.begin().await?;
            let org = load_org(&mut *tx, org_id).await?;
            authorize(actor, Action::AddEvidence, &org)?;
            let capturer = match tx.user(upload.capture.officer_id).await? {
                Some(u) => Capturer {
                    active: u.active,
                    of_township: u.org_id == org_id,
                    may_capture: matches!(u.role, Role::Officer | Role::Auxiliary),
                },
                None => return Err(AppError::invalid("officer_id", "采集人不存在")),
            };
            check_capture(&upload.capture, capturer, now)?;
        }

        let limits = PutLimits {
            max_bytes: self.policy.evidence_max_bytes,
            declared_size: upload.declared_size,
            expected_hash: upload.expected_sha256,
        };
        let stored = blobs
            .put(content, limits)
            .await
            .map_err(|e| upload_error(e, self.policy.evidence_max_bytes))?;

        let capture = upload.capture;
        let record = EvidenceRecord {
            id: 0,
            org_id,
            sha256: stored.hash.hex(),
            size: i64::try_from(stored.size)
                .map_err(|_| AppError::Internal("evidence size overflows".into()))?,
            media_type: capture.media_type,
            captured_at: capture.captured_at,
            device: capture.device.trim().to_string(),
            officer_id: capture.officer_id,
            subject: capture
                .subject
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            uploaded_by: actor.user.id,
            uploaded_at: now,
        };
        let mut tx = self.begin().await?;
        let id = tx.insert_evidence(&record).await?;
        let payload = json!({
            "sha256": record.sha256,
            "size": record.size,
            "media_type": record.media_type,
            "captured_at": record.captured_at,
            "device": record.device,
            "officer_id": record.officer_id,
            "subject": record.subject,
        });
        self.record(
            &mut *tx,
            Some(actor),
            Some(org_id),
            "evidence.added",
            format!("evidence:{id}"),
            payload,
        )
        .await?;
        tx.commit().await?;
        Ok(AddedEvidence {
            id,
            sha256: record.sha256,
            size: stored.size,
            already_stored: !stored.newly_stored,
        })
    }

    /// What is recorded about a piece of evidence; anyone who may read its body may.
    pub async fn evidence(&self, actor: &Actor, id: Id) -> AppResult<EvidenceView> {
        let mut tx = self.begin().await?;
        let record = tx.evidence(id).await?.ok_or(AppError::NotFound("证据"))?;
        let org = load_org(&mut *tx, record.org_id).await?;
        authorize(actor, Action::Read, &org)?;
        Ok(EvidenceView::of(record))
    }

    /// The evidence's record and its content, checked against the recorded hash (see the
    /// module's description for when).
    pub async fn evidence_content(
        &self,
        actor: &Actor,
        id: Id,
    ) -> AppResult<(EvidenceView, VerifiedReader)> {
        let view = self.evidence(actor, id).await?;
        let blobs = self.blob_store()?;
        let record = &view.record;
        let hash = ContentHash::parse(&record.sha256)
            .map_err(|_| AppError::Internal(format!("evidence {id} has a malformed hash")))?;
        let size = u64::try_from(record.size)
            .map_err(|_| AppError::Internal(format!("evidence {id} has a negative size")))?;
        let damaged = |e: BlobError| integrity_error(id, &record.sha256, e);
        if size <= VERIFY_BEFORE_SENDING {
            blobs.verify(hash, size).await.map_err(damaged)?;
        }
        let reader = blobs
            .open(hash, size, format!("证据 {id}"))
            .await
            .map_err(damaged)?;
        Ok((view, reader))
    }
}

/// An upload that could not be stored: the sender's fault in words for them, or ours.
pub(crate) fn upload_error(e: BlobError, max_bytes: u64) -> AppError {
    match e {
        BlobError::TooLarge { .. } => AppError::Refused(too_large(max_bytes)),
        BlobError::Truncated { declared, received } => AppError::invalid(
            "content",
            format!("上传不完整：应为 {declared} 字节，只收到 {received} 字节，未保存"),
        ),
        BlobError::Overlong { declared } => AppError::invalid(
            "content",
            format!("上传内容超过声明的 {declared} 字节，未保存"),
        ),
        BlobError::HashMismatch { expected, actual } => AppError::invalid(
            "sha256",
            format!("收到内容的 SHA-256 为 {actual}，与声明的 {expected} 不符，未保存"),
        ),
        BlobError::Upload(_) => AppError::invalid("content", "上传中断，未保存"),
        other => AppError::Internal(other.to_string()),
    }
}

/// A stored file that does not match its record: said plainly, naming the evidence.
fn integrity_error(id: Id, sha256: &str, e: BlobError) -> AppError {
    let problem = match &e {
        BlobError::Missing { .. } => "缺失",
        BlobError::WrongSize { .. } => "大小与登记的不符",
        BlobError::HashMismatch { .. } => "内容与登记的 SHA-256 不符",
        _ => return AppError::Internal(e.to_string()),
    };
    tracing::error!(evidence = id, error = %e, "stored evidence is damaged");
    AppError::Integrity(format!(
        "证据 {id} 的文件{problem}，可能已损坏或被篡改（登记的 SHA-256：{sha256}）"
    ))
}
