//! Verification: what anyone holding a document learns of it by its code or its bytes, and
//! the bundle for checking one offline.

use super::IssuedDocument;
use crate::App;
use crate::blob_store::hash_of;
use crate::error::{AppError, AppResult};
use crate::orgs::load_org;
use zhifa_store::{DocumentRecord, Tx};

pub use super::DocumentVerification;

impl App {
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
