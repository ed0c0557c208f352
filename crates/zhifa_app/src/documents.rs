//! A case's documents (文书): previewed, issued, read back, and verified by anyone who holds one.
//!
//! Issuing is one transaction: the number is taken from the agency's gap-free series for the
//! kind and year (a decision keeps the number it was given when made), the content is built
//! by the legal core — which refuses a document lacking an item the law prescribes — and
//! rendered, the PDF is stored by its SHA-256 beside the evidence, and the document's record
//! and its log entry (its kind, number, verification code and hash) are written together. A
//! checkpoint is signed after, so the document verifies at once.
//!
//! Not here: what a document says (`zhifa_domain::documents`), the layout (`zhifa_docs`).

use crate::authz::{Action, Actor, authorize, authorize_case_handling};
use crate::blob_store::{PutLimits, hash_of};
use crate::error::{AppError, AppResult};
use crate::log::EntryProof;
use crate::orgs::{county_of, load_org};
use crate::{App, PreparedEntry, auth};
use chrono::{DateTime, Datelike, Utc};
use serde::Serialize;
use std::sync::{Arc, OnceLock};
use zhifa_docs::{Page, Renderer, Templates};
use zhifa_domain::Id;
use zhifa_domain::documents::{self, Agency, DocContent, DocKind};
use zhifa_domain::org::{OrgKind, OrgUnit};
use zhifa_store::{DocumentRecord, Tx};

/// The letters of verification codes: no 0, 1, I or O, which read alike.
const CODE_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// The largest document the blob store takes from this use case.
const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// How documents are rendered and where they are verified.
#[derive(Debug)]
pub struct DocumentSettings {
    /// The layouts; `None` until first needed, then the built-in ones.
    renderer: OnceLock<Arc<Renderer>>,
    /// The portal's address as printed beside the QR code, e.g. `https://zhifa.example.gov.cn`.
    pub public_url: String,
}

impl Default for DocumentSettings {
    fn default() -> Self {
        DocumentSettings::builtin("http://127.0.0.1:8080")
    }
}

impl DocumentSettings {
    /// Settings with `renderer` (built, and so checked, at start) and the portal's address.
    pub fn new(renderer: Renderer, public_url: impl Into<String>) -> DocumentSettings {
        let settings = DocumentSettings::builtin(public_url);
        let _ = settings.renderer.set(Arc::new(renderer));
        settings
    }

    /// Settings with the built-in layouts, loaded when the first document is rendered (the
    /// fonts cost memory a server that renders none need not spend).
    pub fn builtin(public_url: impl Into<String>) -> DocumentSettings {
        DocumentSettings {
            renderer: OnceLock::new(),
            public_url: public_url.into().trim_end_matches('/').to_string(),
        }
    }

    fn renderer(&self) -> AppResult<Arc<Renderer>> {
        if let Some(r) = self.renderer.get() {
            return Ok(r.clone());
        }
        let built = Renderer::new(Templates::builtin(), Vec::new())
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(self.renderer.get_or_init(|| Arc::new(built)).clone())
    }
}

/// An issued document as lists show it.
#[derive(Debug, Clone, Serialize)]
pub struct IssuedDocument {
    pub id: Id,
    pub case_id: Option<Id>,
    pub kind: DocKind,
    pub title: &'static str,
    pub number: String,
    pub code: String,
    pub sha256: String,
    pub size: i64,
    pub issued_at: DateTime<Utc>,
}

impl IssuedDocument {
    fn of(record: &DocumentRecord) -> AppResult<IssuedDocument> {
        let kind = DocKind::parse(&record.kind)
            .ok_or_else(|| AppError::Internal(format!("document {} of unknown kind", record.id)))?;
        Ok(IssuedDocument {
            id: record.id,
            case_id: record.case_id,
            kind,
            title: kind.title(),
            number: record.number.clone(),
            code: record.code.clone(),
            sha256: record.sha256.clone(),
            size: record.size,
            issued_at: record.issued_at,
        })
    }
}

/// A kind of document, for choosing one.
#[derive(Debug, Clone, Serialize)]
pub struct KindOption {
    pub kind: DocKind,
    pub title: &'static str,
    /// What the law requires that the case lacks, with the article: issuing is refused
    /// until it is completed.
    pub missing: Option<String>,
}

/// A case's documents: those issued and the kinds it can issue now.
#[derive(Debug, Clone, Serialize)]
pub struct CaseDocuments {
    pub issued: Vec<IssuedDocument>,
    pub available: Vec<KindOption>,
}

/// What the public learns of a document by its code: what it is, who issued it and when, its
/// hash, and the proof that the log holds it — never what it says about the party.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentVerification {
    pub title: &'static str,
    pub number: String,
    pub agency: String,
    pub issued_at: DateTime<Utc>,
    pub sha256: String,
    pub size: i64,
    pub proof: EntryProof,
}

/// A new verification code: 60 random bits as `XXXX-XXXX-XXXX`.
fn verification_code() -> String {
    let bytes = auth::random_bytes::<12>();
    let letters: Vec<char> = bytes
        .iter()
        .map(|b| CODE_ALPHABET[(b & 31) as usize] as char)
        .collect();
    letters
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

impl App {
    /// The same application, rendering documents with `settings`.
    pub fn with_documents(mut self, settings: DocumentSettings) -> App {
        self.documents = Arc::new(settings);
        self
    }

    /// The issuing agency as documents name it: the township's people's government (a
    /// subdistrict's office), the county's government and court for remedies.
    async fn agency(&self, tx: &mut dyn Tx, org: &OrgUnit) -> AppResult<Agency> {
        let county = county_of(tx, org).await?;
        let name = match org.kind {
            OrgKind::Township if org.name.ends_with("街道") => {
                format!("{}{}办事处", county.name, org.name)
            }
            OrgKind::Township => format!("{}{}人民政府", county.name, org.name),
            _ => format!("{}{}", county.name, org.name.trim_start_matches('县')),
        };
        Ok(Agency {
            name,
            short_name: org.name.clone(),
            payment_place: self.policy.documents.payment_place.clone(),
            review_body: format!("{}人民政府", county.name),
            court: format!("{}人民法院", county.name),
        })
    }

    /// The document `kind` of the case as it would be issued now, marked as a preview and
    /// without a number.
    pub async fn preview_document(
        &self,
        actor: &Actor,
        case_id: Id,
        kind: DocKind,
    ) -> AppResult<Vec<u8>> {
        let renderer = self.documents.renderer()?;
        let mut tx = self.begin_read().await?;
        let (stored, case, _) = Self::load_case(&mut *tx, case_id).await?;
        let org = load_org(&mut *tx, stored.org_id).await?;
        authorize(actor, Action::Read, &org)?;
        let agency = self.agency(&mut *tx, &org).await?;
        drop(tx);
        let content = documents::build(kind, &case, &agency, "", self.clock.today())?;
        let url = format!("{}/verify/", self.documents.public_url);
        render(&renderer, &content, "（签发时生成）", &url, false)
    }

    /// Issues the document `kind` of the case. See the module's description.
    pub async fn issue_document(
        &self,
        actor: &Actor,
        case_id: Id,
        kind: DocKind,
    ) -> AppResult<IssuedDocument> {
        let renderer = self.documents.renderer()?;
        let blobs = self.blob_store()?;
        let mut tx = self.begin().await?;
        let (stored, case, _) = Self::load_case(&mut *tx, case_id).await?;
        let org = load_org(&mut *tx, stored.org_id).await?;
        authorize_case_handling(actor, &org)?;
        let agency = self.agency(&mut *tx, &org).await?;
        let today = self.clock.today();
        // A refused document leaves the number untaken: the transaction is not committed.
        let number = match kind.abbreviation() {
            Some(abbreviation) => {
                let series = format!("doc:{}", kind.key());
                let n = tx.next_number(org.id, &series, today.year()).await?;
                documents::document_number(&org.name, abbreviation, today.year(), n)
            }
            None => String::new(),
        };
        let content = documents::build(kind, &case, &agency, &number, today)?;
        let code = verification_code();
        let url = format!("{}/verify/{code}", self.documents.public_url);
        let pdf = render(&renderer, &content, &code, &url, true)?;
        let sha256 = hash_of(&pdf).hex();
        let size = pdf.len() as i64;
        blobs
            .put(
                &pdf[..],
                PutLimits {
                    max_bytes: MAX_DOCUMENT_BYTES,
                    declared_size: Some(pdf.len() as u64),
                    expected_hash: None,
                },
            )
            .await
            .map_err(|e| AppError::Internal(format!("cannot store the document: {e}")))?;
        let entry = PreparedEntry::new(
            Some(actor),
            Some(org.id),
            "document.issued",
            format!("case:{case_id}"),
            serde_json::json!({
                "kind": kind.key(),
                "number": content.number,
                "code": code,
                "sha256": sha256,
                "size": size,
            }),
        );
        let seq = self.append_entry(&mut *tx, entry).await?;
        let record = DocumentRecord {
            id: 0,
            org_id: org.id,
            case_id: Some(case_id),
            kind: kind.key().to_string(),
            number: content.number.clone(),
            code,
            sha256,
            size,
            content: serde_json::to_string(&content)
                .map_err(|e| AppError::Internal(e.to_string()))?,
            seq,
            issued_by: actor.user.id,
            issued_at: self.clock.now(),
        };
        let id = tx.insert_document(&record).await?;
        tx.commit().await?;
        self.checkpoint_after_decision().await;
        IssuedDocument::of(&DocumentRecord { id, ..record })
    }

    /// A case's issued documents, oldest first, and the kinds it can issue now.
    pub async fn case_documents(&self, actor: &Actor, case_id: Id) -> AppResult<CaseDocuments> {
        let mut tx = self.begin_read().await?;
        let (stored, case, _) = Self::load_case(&mut *tx, case_id).await?;
        let org = load_org(&mut *tx, stored.org_id).await?;
        authorize(actor, Action::Read, &org)?;
        let agency = self.agency(&mut *tx, &org).await?;
        let issued = tx
            .documents_of_case(case_id)
            .await?
            .iter()
            .map(IssuedDocument::of)
            .collect::<AppResult<Vec<_>>>()?;
        let available = documents::available(&case, &agency, self.clock.today())
            .into_iter()
            .map(|(kind, missing)| KindOption {
                kind,
                title: kind.title(),
                missing: missing.map(|r| match r.basis {
                    Some(basis) => format!("{}（{basis}）", r.message),
                    None => r.message,
                }),
            })
            .collect();
        Ok(CaseDocuments { issued, available })
    }

    /// An issued document's PDF, checked against its recorded hash.
    pub async fn document_pdf(
        &self,
        actor: &Actor,
        id: Id,
    ) -> AppResult<(IssuedDocument, Vec<u8>)> {
        let mut tx = self.begin_read().await?;
        let record = tx.document(id).await?.ok_or(AppError::NotFound("文书"))?;
        let org = load_org(&mut *tx, record.org_id).await?;
        authorize(actor, Action::Read, &org)?;
        drop(tx);
        let path = self.blob_store()?.path_of(
            &zhifa_domain::evidence::ContentHash::parse(&record.sha256)
                .map_err(|_| AppError::Internal(format!("document {id} has a malformed hash")))?,
        );
        let bytes = tokio::fs::read(&path).await.map_err(|e| {
            AppError::Integrity(format!("文书 {} 的文件无法读取：{e}", record.number))
        })?;
        if hash_of(&bytes).hex() != record.sha256 {
            return Err(AppError::Integrity(format!(
                "文书 {} 的文件与登记的 SHA-256 不符，可能已损坏或被篡改",
                record.number
            )));
        }
        Ok((IssuedDocument::of(&record)?, bytes))
    }

    /// Renders an issued document again from its recorded content: the same bytes, if the
    /// templates and fonts are those it was issued with.
    pub async fn rerender_document(&self, id: Id) -> AppResult<Vec<u8>> {
        let renderer = self.documents.renderer()?;
        let mut tx = self.begin_read().await?;
        let record = tx.document(id).await?.ok_or(AppError::NotFound("文书"))?;
        drop(tx);
        let content: DocContent = serde_json::from_str(&record.content)
            .map_err(|e| AppError::Internal(format!("document {id}: {e}")))?;
        let url = format!("{}/verify/{}", self.documents.public_url, record.code);
        render(&renderer, &content, &record.code, &url, true)
    }

    /// What anyone may learn of a document by its verification code (public: no sign-in).
    pub async fn verify_document(&self, code: &str) -> AppResult<DocumentVerification> {
        let mut tx = self.begin_read().await?;
        let record = tx
            .document_by_code(code.trim())
            .await?
            .ok_or(AppError::NotFound("该验证码对应的文书"))?;
        self.verification_of(&mut *tx, record).await
    }

    /// The documents whose PDF is exactly `pdf` (public: no sign-in): none if a byte of it
    /// was changed.
    pub async fn verify_document_bytes(&self, pdf: &[u8]) -> AppResult<Vec<DocumentVerification>> {
        let sha256 = hash_of(pdf).hex();
        let mut tx = self.begin_read().await?;
        let records = tx.documents_by_sha256(&sha256).await?;
        let mut out = Vec::with_capacity(records.len());
        for record in records {
            out.push(self.verification_of(&mut *tx, record).await?);
        }
        Ok(out)
    }

    /// For an offline check of a PDF: the issued documents that are exactly `pdf`, each with
    /// a bundle holding its log entry, payload and inclusion proof under the latest signed
    /// checkpoint, and the PDF as the bundle's one file (`evidence/<sha256>`), for
    /// [`crate::bundle::check_bundle`].
    pub async fn document_bundles(
        &self,
        pdf: &[u8],
    ) -> AppResult<Vec<(DocumentVerification, crate::bundle::Bundle)>> {
        let sha256 = hash_of(pdf).hex();
        let mut tx = self.begin_read().await?;
        let mut found = Vec::new();
        for record in tx.documents_by_sha256(&sha256).await? {
            let (case_id, seq) = (record.case_id, record.seq);
            found.push((case_id, seq, self.verification_of(&mut *tx, record).await?));
        }
        drop(tx);
        let mut out = Vec::with_capacity(found.len());
        for (case_id, seq, v) in found {
            let case_id = case_id.ok_or(AppError::NotFound("文书所属案件"))?;
            let mut bundle = self
                .export_bundle(&crate::bundle::BundleSelection {
                    subjects: vec![format!("case:{case_id}")],
                })
                .await?;
            bundle.entries.retain(|e| e.seq == seq);
            bundle.evidence.retain(|e| e.sha256 == sha256);
            out.push((v, bundle));
        }
        Ok(out)
    }

    async fn verification_of(
        &self,
        tx: &mut dyn Tx,
        record: DocumentRecord,
    ) -> AppResult<DocumentVerification> {
        let org = load_org(tx, record.org_id).await?;
        let agency = self.agency(tx, &org).await?.name;
        let kind = IssuedDocument::of(&record)?;
        Ok(DocumentVerification {
            title: kind.title,
            number: record.number,
            agency,
            issued_at: record.issued_at,
            sha256: record.sha256,
            size: record.size,
            proof: self.entry_proof(record.seq).await?,
        })
    }
}

fn render(
    renderer: &Renderer,
    content: &DocContent,
    code: &str,
    url: &str,
    issued: bool,
) -> AppResult<Vec<u8>> {
    renderer
        .render(&Page {
            content,
            code,
            verify_url: url,
            issued,
            seal: None,
        })
        .map_err(|e| AppError::Internal(e.to_string()))
}
