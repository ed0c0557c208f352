//! The party signs an issued document on an officer's screen: the signature image becomes
//! evidence of the township, and the case records who signed which document with it.

use super::IssuedDocument;
use crate::App;
use crate::authz::{Actor, authorize_case_handling};
use crate::error::{AppError, AppResult};
use crate::evidence::EvidenceUpload;
use crate::orgs::load_org;
use zhifa_domain::Id;
use zhifa_domain::case::Command;
use zhifa_domain::evidence::{Capture, MediaType};

/// The largest signature image taken.
const MAX_SIGNATURE_BYTES: usize = 512 * 1024;
const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

impl App {
    /// An issued document the party may sign now on the screen of `actor`, who handles its
    /// case: an on-the-spot decision or a receipt, not yet signed.
    pub async fn signable_document(&self, actor: &Actor, id: Id) -> AppResult<IssuedDocument> {
        Ok(self.signable(actor, id).await?.1)
    }

    async fn signable(&self, actor: &Actor, id: Id) -> AppResult<(Id, IssuedDocument)> {
        let mut tx = self.begin_read().await?;
        let record = tx.document(id).await?.ok_or(AppError::NotFound("文书"))?;
        let org = load_org(&mut *tx, record.org_id).await?;
        authorize_case_handling(actor, &org)?;
        let case_id = record.case_id.ok_or(AppError::NotFound("文书所属案件"))?;
        let (_, case, _) = Self::load_case(&mut *tx, case_id).await?;
        let doc = IssuedDocument::of(&record)?.signed_in(&case);
        if !doc.signable {
            return Err(AppError::invalid(
                "document",
                format!("《{}》不在屏幕上签收", doc.title),
            ));
        }
        if let Some(signer) = &doc.signed_by {
            return Err(AppError::invalid(
                "document",
                format!("《{}》已由{signer}签收", doc.title),
            ));
        }
        Ok((org.id, doc))
    }

    /// Records `png`, drawn by `signer` on the screen of the signed-in officer, as the
    /// signature of issued document `id` (an on-the-spot decision or a receipt): the image is
    /// added as evidence, then the case records the signature (its own log entry).
    pub async fn sign_document(
        &self,
        actor: &Actor,
        id: Id,
        signer: &str,
        png: Vec<u8>,
    ) -> AppResult<IssuedDocument> {
        if png.len() > MAX_SIGNATURE_BYTES || !png.starts_with(PNG_MAGIC) {
            return Err(AppError::invalid(
                "signature",
                "签名须为不超过 512 KiB 的 PNG 图像",
            ));
        }
        let (org_id, doc) = self.signable(actor, id).await?;
        let case_id = doc.case_id.ok_or(AppError::NotFound("文书所属案件"))?;
        let capture = Capture {
            media_type: MediaType::parse("image/png")
                .map_err(|e| AppError::Internal(format!("image/png: {e:?}")))?,
            captured_at: self.clock.now(),
            device: "执法终端屏幕签名".to_string(),
            officer_id: actor.user.id,
            subject: Some(format!("{}（验证码 {}）当事人签名", doc.title, doc.code)),
        };
        let size = png.len() as u64;
        let added = self
            .add_evidence(
                actor,
                org_id,
                EvidenceUpload {
                    capture,
                    declared_size: Some(size),
                    expected_sha256: None,
                },
                &png[..],
            )
            .await?;
        self.case_command(
            actor,
            case_id,
            Command::SignDocument {
                document_id: id,
                document: doc.doc,
                evidence_id: added.id,
                signer: signer.to_string(),
            },
        )
        .await?;
        Ok(IssuedDocument {
            signed_by: Some(signer.trim().to_string()),
            signature_evidence_id: Some(added.id),
            ..doc
        })
    }
}
