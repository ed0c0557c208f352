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

mod file;
mod settings;
mod sign;
mod verify;

pub use settings::DocumentSettings;

use crate::authz::{Action, Actor, authorize, authorize_case_handling};
use crate::blob_store::{BlobStore, PutLimits, StoredBlob, hash_of};
use crate::error::{AppError, AppResult};
use crate::log::EntryProof;
use crate::orgs::{county_of, load_org};
use crate::{App, PreparedEntry, auth};
use chrono::{DateTime, Datelike, Utc};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use zhifa_docs::{Page, Renderer};
use zhifa_domain::Id;
use zhifa_domain::case::{Case, Hearing, Review};
use zhifa_domain::documents::{self, Agency, DocContent, DocRef, Extras, FiledDocument};
use zhifa_domain::org::{OrgKind, OrgUnit};
use zhifa_store::{DocumentRecord, StoredCase, Tx};

/// The letters of verification codes: no 0, 1, I or O, which read alike.
const CODE_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// The largest document the blob store takes from this use case.
const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// An issued document as lists show it.
#[derive(Debug, Clone, Serialize)]
pub struct IssuedDocument {
    pub id: Id,
    pub case_id: Option<Id>,
    /// Its kind and item, e.g. `interview_record-2`.
    pub doc: DocRef,
    pub title: String,
    pub number: String,
    pub code: String,
    pub sha256: String,
    pub size: i64,
    pub issued_at: DateTime<Utc>,
    /// The party may sign it on screen (an on-the-spot decision, a receipt).
    pub signable: bool,
    /// Who signed it on screen, and the evidence holding the signature image.
    pub signed_by: Option<String>,
    pub signature_evidence_id: Option<Id>,
}

impl IssuedDocument {
    pub(crate) fn of(record: &DocumentRecord) -> AppResult<IssuedDocument> {
        let doc = DocRef::parse(&record.kind)
            .ok_or_else(|| AppError::Internal(format!("document {} of unknown kind", record.id)))?;
        Ok(IssuedDocument {
            id: record.id,
            case_id: record.case_id,
            doc,
            title: doc.title(),
            number: record.number.clone(),
            code: record.code.clone(),
            sha256: record.sha256.clone(),
            size: record.size,
            issued_at: record.issued_at,
            signable: doc.kind.signed_on_screen(),
            signed_by: None,
            signature_evidence_id: None,
        })
    }

    /// With the signature the case records for it, if any.
    fn signed_in(mut self, case: &Case) -> IssuedDocument {
        if let Some(s) = case.signatures.iter().find(|s| s.document_id == self.id) {
            self.signed_by = Some(s.signer.clone());
            self.signature_evidence_id = Some(s.evidence_id);
        }
        self
    }
}

/// A document the case can issue, for choosing one.
#[derive(Debug, Clone, Serialize)]
pub struct KindOption {
    pub doc: DocRef,
    pub title: String,
    /// What the law requires that the case lacks, with the article: issuing is refused
    /// until it is completed.
    pub missing: Option<String>,
    /// The verification code of the issued document that says just this: issuing it again
    /// is refused.
    pub issued_as: Option<String>,
}

/// A case's documents: those issued and those it can issue now.
#[derive(Debug, Clone, Serialize)]
pub struct CaseDocuments {
    pub issued: Vec<IssuedDocument>,
    pub available: Vec<KindOption>,
}

/// What the public learns of a document by its code: what it is, who issued it and when, its
/// hash, and the proof that the log holds it — never what it says about the party.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentVerification {
    pub title: String,
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

/// Whether the issued `record` is document `doc` saying what `unnumbered` says: the number a
/// series gave it and the day it bears aside.
fn says_the_same(record: &DocumentRecord, doc: DocRef, unnumbered: &DocContent) -> bool {
    if record.kind != doc.key() {
        return false;
    }
    let Ok(kept) = serde_json::from_str::<KeptContent>(&record.content) else {
        return false;
    };
    let mut issued = kept.content;
    if doc.kind.abbreviation().is_some() {
        issued.number.clone_from(&unnumbered.number);
    }
    issued.date.clone_from(&unnumbered.date);
    issued == *unnumbered
}

/// The people a case names by id, for documents to name them.
fn named_ids(case: &Case) -> Vec<Id> {
    let mut ids: Vec<Id> = case.officers.iter().map(|o| o.user_id).collect();
    ids.extend(
        case.steps
            .iter()
            .flat_map(|s| s.officer_ids.iter().copied()),
    );
    ids.extend(case.filing_approved_by);
    match &case.review {
        Review::Passed { reviewer_id, .. } | Review::Returned { reviewer_id, .. } => {
            ids.push(*reviewer_id)
        }
        _ => {}
    }
    match &case.hearing {
        Hearing::Scheduled { chair_id, .. } => ids.push(*chair_id),
        Hearing::Held {
            chair_id: Some(c), ..
        } => ids.push(*c),
        _ => {}
    }
    if let Some(d) = &case.discussion {
        ids.extend(d.attendee_ids.iter().copied());
    }
    ids.extend(case.decision.as_ref().map(|d| d.decider_id));
    ids.sort_unstable();
    ids.dedup();
    ids
}

impl App {
    /// The same application, rendering documents with `settings`.
    pub fn with_documents(mut self, settings: DocumentSettings) -> App {
        self.documents = Arc::new(settings);
        self
    }

    /// The issuing agency as documents name it: the township's people's government (a
    /// subdistrict's office), the county's government and court for remedies.
    pub(crate) async fn agency(&self, tx: &mut dyn Tx, org: &OrgUnit) -> AppResult<Agency> {
        let county = county_of(tx, org).await?;
        Ok(self.agency_in(org, &county))
    }

    /// The agency of `org`, whose county is `county`.
    pub(crate) fn agency_in(&self, org: &OrgUnit, county: &OrgUnit) -> Agency {
        let name = match org.kind {
            OrgKind::Township if org.name.ends_with("街道") => {
                format!("{}{}办事处", county.name, org.name)
            }
            OrgKind::Township => format!("{}{}人民政府", county.name, org.name),
            _ => format!("{}{}", county.name, org.name.trim_start_matches('县')),
        };
        Agency {
            name,
            short_name: org.name.clone(),
            payment_place: self.policy.documents.payment_place.clone(),
            review_body: format!("{}人民政府", county.name),
            court: format!("{}人民法院", county.name),
        }
    }

    /// What the case's documents need beyond the case: its code, the names of the people it
    /// names, what the party owed on the days of the reminder and the court application,
    /// and the documents issued so far.
    async fn extras(
        &self,
        tx: &mut dyn Tx,
        actor: &Actor,
        stored: &StoredCase,
        case: &Case,
    ) -> AppResult<(Extras, Vec<DocumentRecord>)> {
        let mut names = BTreeMap::new();
        for id in named_ids(case) {
            if let Some(u) = tx.user(id).await? {
                names.insert(id, u.display_name);
            }
        }
        let (rules, params) = (&self.policy.cases, &self.policy.deadlines);
        let ctx = self.ctx(actor, rules, params);
        let mut owed = Vec::new();
        for on in [case.reminder_on, case.court_applied_on]
            .into_iter()
            .flatten()
        {
            owed.extend(zhifa_domain::case::owed(case, &ctx, on)?);
        }
        let records = tx.documents_of_case(stored.id).await?;
        let filed = records
            .iter()
            .filter_map(|r| {
                Some(FiledDocument {
                    doc: DocRef::parse(&r.kind)?,
                    number: r.number.clone(),
                    date: crate::clock::local(r.issued_at).date(),
                    code: r.code.clone(),
                })
            })
            .collect();
        let extras = Extras {
            case_code: stored.code.clone(),
            names,
            owed,
            filed,
            retention: self.policy.documents.retention.clone(),
        };
        Ok((extras, records))
    }

    /// The document `doc` of the case as it would be issued now, marked as a preview and
    /// without a number or seal.
    pub async fn preview_document(
        &self,
        actor: &Actor,
        case_id: Id,
        doc: DocRef,
    ) -> AppResult<Vec<u8>> {
        let renderer = self.documents.renderer()?;
        let mut tx = self.begin_read().await?;
        let (stored, case, _) = Self::load_case(&mut *tx, case_id).await?;
        let org = load_org(&mut *tx, stored.org_id).await?;
        authorize(actor, Action::Read, &org)?;
        let agency = self.agency(&mut *tx, &org).await?;
        let (extras, _) = self.extras(&mut *tx, actor, &stored, &case).await?;
        drop(tx);
        let content = documents::build(doc, &case, &agency, &extras, "", self.clock.today())?;
        let url = format!("{}/verify/", self.documents.public_url);
        render(&renderer, &content, "（签发时生成）", &url, Stamp::Preview)
    }

    /// Issues the document `doc` of the case. See the module's description. A document
    /// already issued with the same content is not issued again.
    pub async fn issue_document(
        &self,
        actor: &Actor,
        case_id: Id,
        doc: DocRef,
    ) -> AppResult<IssuedDocument> {
        let renderer = self.documents.renderer()?;
        let blobs = self.blob_store()?;
        let mut tx = self.begin().await?;
        let (stored, case, _) = Self::load_case(&mut *tx, case_id).await?;
        let org = load_org(&mut *tx, stored.org_id).await?;
        authorize_case_handling(actor, &org)?;
        let agency = self.agency(&mut *tx, &org).await?;
        let (extras, issued) = self.extras(&mut *tx, actor, &stored, &case).await?;
        let today = self.clock.today();
        // Built once unnumbered to compare with what was issued and to refuse before a
        // number is taken (a refused document leaves no gap in the series).
        let unnumbered = documents::build(doc, &case, &agency, &extras, "", today)?;
        if let Some(earlier) = issued.iter().find(|r| says_the_same(r, doc, &unnumbered)) {
            return Err(AppError::Refused(zhifa_domain::Refusal::new(
                "document.already_issued",
                format!(
                    "《{}》已于{}出具（验证码 {}），内容未变，不重复出具",
                    doc.title(),
                    crate::clock::local(earlier.issued_at).format("%Y-%m-%d"),
                    earlier.code
                ),
            )));
        }
        let number = match doc.kind.abbreviation() {
            Some(abbreviation) => {
                let series = format!("doc:{}", doc.kind.key());
                let n = tx.next_number(org.id, &series, today.year()).await?;
                documents::document_number(&org.name, abbreviation, today.year(), n)
            }
            None => String::new(),
        };
        let content = documents::build(doc, &case, &agency, &extras, &number, today)?;
        let code = verification_code();
        let url = format!("{}/verify/{code}", self.documents.public_url);
        let seal = self.documents.seal_of(&org).filter(|_| content.sealed);
        let pdf = render(&renderer, &content, &code, &url, Stamp::Issued(seal))?;
        let sha256 = hash_of(&pdf).hex();
        let size = pdf.len() as i64;
        // The PDF and the seal it bears are kept by their hashes beside the evidence.
        store_blob(&blobs, &pdf).await?;
        let seal_sha256 = match seal {
            Some(svg) => Some(store_blob(&blobs, svg.as_bytes()).await?.hash.hex()),
            None => None,
        };
        let entry = PreparedEntry::new(
            Some(actor),
            Some(org.id),
            "document.issued",
            format!("case:{case_id}"),
            serde_json::json!({
                "kind": doc.key(),
                "number": content.number,
                "code": code,
                "sha256": sha256,
                "size": size,
                "seal_sha256": seal_sha256,
            }),
        );
        let seq = self.append_entry(&mut *tx, entry).await?;
        let record = DocumentRecord {
            id: 0,
            org_id: org.id,
            case_id: Some(case_id),
            kind: doc.key(),
            number: content.number.clone(),
            code,
            sha256,
            size,
            content: serde_json::to_string(&KeptContent {
                content: content.clone(),
                seal_sha256,
            })
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

    /// A case's issued documents, oldest first, and those it can issue now.
    pub async fn case_documents(&self, actor: &Actor, case_id: Id) -> AppResult<CaseDocuments> {
        let mut tx = self.begin_read().await?;
        let (stored, case, _) = Self::load_case(&mut *tx, case_id).await?;
        let org = load_org(&mut *tx, stored.org_id).await?;
        authorize(actor, Action::Read, &org)?;
        let agency = self.agency(&mut *tx, &org).await?;
        let (extras, records) = self.extras(&mut *tx, actor, &stored, &case).await?;
        let issued = records
            .iter()
            .map(|r| IssuedDocument::of(r).map(|d| d.signed_in(&case)))
            .collect::<AppResult<Vec<_>>>()?;
        let available = documents::available(&case, &agency, &extras, self.clock.today())
            .into_iter()
            .map(|(doc, built)| match built {
                Ok(content) => KindOption {
                    doc,
                    title: doc.title(),
                    missing: None,
                    issued_as: records
                        .iter()
                        .find(|r| says_the_same(r, doc, &content))
                        .map(|r| r.code.clone()),
                },
                Err(r) => KindOption {
                    doc,
                    title: doc.title(),
                    missing: Some(match r.basis {
                        Some(basis) => format!("{}（{basis}）", r.message),
                        None => r.message,
                    }),
                    issued_as: None,
                },
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
        let bytes = self.document_bytes(&record).await?;
        Ok((IssuedDocument::of(&record)?, bytes))
    }

    /// The PDF of an issued document, checked against its recorded hash.
    pub(crate) async fn document_bytes(&self, record: &DocumentRecord) -> AppResult<Vec<u8>> {
        let id = record.id;
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
        Ok(bytes)
    }

    /// Renders an issued document again from its recorded content: the same bytes, if the
    /// templates and fonts are those it was issued with.
    pub async fn rerender_document(&self, id: Id) -> AppResult<Vec<u8>> {
        let renderer = self.documents.renderer()?;
        let mut tx = self.begin_read().await?;
        let record = tx.document(id).await?.ok_or(AppError::NotFound("文书"))?;
        drop(tx);
        let kept: KeptContent = serde_json::from_str(&record.content)
            .map_err(|e| AppError::Internal(format!("document {id}: {e}")))?;
        let seal = match &kept.seal_sha256 {
            Some(hash) => {
                let path =
                    self.blob_store()?
                        .path_of(&zhifa_domain::evidence::ContentHash::parse(hash).map_err(
                            |_| AppError::Internal(format!("document {id}: seal hash")),
                        )?);
                Some(tokio::fs::read_to_string(&path).await.map_err(|e| {
                    AppError::Integrity(format!("文书 {} 所用印章无法读取：{e}", record.number))
                })?)
            }
            None => None,
        };
        let url = format!("{}/verify/{}", self.documents.public_url, record.code);
        render(
            &renderer,
            &kept.content,
            &record.code,
            &url,
            Stamp::Issued(seal.as_deref()),
        )
    }
}

async fn store_blob(blobs: &BlobStore, bytes: &[u8]) -> AppResult<StoredBlob> {
    blobs
        .put(
            bytes,
            PutLimits {
                max_bytes: MAX_DOCUMENT_BYTES,
                declared_size: Some(bytes.len() as u64),
                expected_hash: None,
            },
        )
        .await
        .map_err(|e| AppError::Internal(format!("cannot store the document: {e}")))
}

/// What is kept of an issued document to render it again: its content and the hash of the
/// seal it bore (a county may change its seal later; the document keeps the one it was issued
/// with, in the blob store).
#[derive(Serialize, serde::Deserialize)]
struct KeptContent {
    #[serde(flatten)]
    content: DocContent,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    seal_sha256: Option<String>,
}

/// How a rendering is marked: a preview (样稿, no number, no seal) or issued, with the
/// agency's seal where it has one and the kind bears it.
enum Stamp<'a> {
    Preview,
    Issued(Option<&'a str>),
}

fn render(
    renderer: &Renderer,
    content: &DocContent,
    code: &str,
    url: &str,
    stamp: Stamp<'_>,
) -> AppResult<Vec<u8>> {
    let (issued, seal) = match stamp {
        Stamp::Preview => (false, None),
        Stamp::Issued(seal) => (true, seal),
    };
    renderer
        .render(&Page {
            content,
            code,
            verify_url: url,
            issued,
            seal,
        })
        .map_err(|e| AppError::Internal(e.to_string()))
}
