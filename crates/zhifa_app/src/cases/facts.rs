//! What the workflow needs looked up before it decides a step: the matter of a catalog item,
//! the competent body on the day of the act, the officers' standing, the evidence a step
//! cites (whether it holds audio or video), and the issued document a signature is for.
//!
//! Not here: the steps themselves (the parent module).

use super::discretion::proposal_for;
use crate::App;
use crate::error::{AppError, AppResult};
use crate::jurisdiction::item_setting;
use crate::orgs::load_org;
use chrono::NaiveDate;
use zhifa_domain::Id;
use zhifa_domain::case::{self, Case, Command, CompetenceFinding, Facts, Matter, OfficerStanding};
use zhifa_domain::evidence::EvidenceForm;
use zhifa_domain::org::OrgUnit;
use zhifa_store::Tx;

impl App {
    /// The matter of a catalog item, as the case records it.
    pub(super) async fn matter(
        tx: &mut dyn Tx,
        item_id: Id,
        safety_related: bool,
    ) -> AppResult<Matter> {
        let item = tx
            .catalog_item(item_id)
            .await?
            .ok_or(AppError::NotFound("事项"))?;
        let legal_basis = item
            .item
            .legal_basis
            .iter()
            .map(|r| r.to_string())
            .collect::<Vec<_>>()
            .join("；");
        Ok(Matter {
            item_id,
            code: item.item.code,
            name: item.item.name,
            domain: item.item.domain,
            legal_basis,
            safety_related,
        })
    }

    /// Competence for the matter on the day of the act, by the resolver (cases are handled
    /// by townships: see `authz::Action::HandleCases`).
    pub(super) async fn competence(
        tx: &mut dyn Tx,
        org: &OrgUnit,
        item_id: Id,
        date: NaiveDate,
    ) -> AppResult<CompetenceFinding> {
        let item = tx
            .catalog_item(item_id)
            .await?
            .ok_or(AppError::NotFound("事项"))?;
        let setting = item_setting(tx, org, &item).await?;
        let grants = tx.grants_of(org.id, Some(item_id)).await?;
        let competence = zhifa_domain::jurisdiction::resolve(&setting, org.id, &grants, date)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let holder_name = load_org(tx, competence.holder_id).await?.name;
        Ok(CompetenceFinding::Resolved {
            competence,
            holder_name,
        })
    }

    /// The named people with their certificates, as the workflow checks them.
    pub(super) async fn standings(
        tx: &mut dyn Tx,
        org: &OrgUnit,
        ids: &[Id],
    ) -> AppResult<Vec<OfficerStanding>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let certificates = tx.certificates().await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            // Another body's people are not named: their names are not this body's to see.
            let user = tx
                .user(*id)
                .await?
                .filter(|u| u.org_id == org.id && u.active)
                .ok_or_else(|| {
                    AppError::invalid("officer_ids", format!("编号 {id} 的人员不是本机关在职人员"))
                })?;
            let certificate = certificates
                .iter()
                .filter(|c| c.holder_id == user.id && c.revocation.is_none())
                .max_by_key(|c| c.expires_on)
                .cloned();
            out.push(OfficerStanding {
                user_id: user.id,
                name: user.display_name,
                role: user.role,
                certificate,
            });
        }
        Ok(out)
    }

    /// Checks that every evidence id is the body's own evidence, and says whether one of them
    /// is audio or video: the audio/video gate rests on what was uploaded, never on a
    /// flag the caller sets.
    pub(super) async fn checked_evidence(
        tx: &mut dyn Tx,
        org: &OrgUnit,
        ids: &[Id],
    ) -> AppResult<bool> {
        let mut audio_video = false;
        for id in ids {
            let record = tx
                .evidence(*id)
                .await?
                .filter(|e| e.org_id == org.id)
                .ok_or_else(|| {
                    AppError::invalid("evidence_ids", format!("证据 {id} 不存在或不属于本机关"))
                })?;
            audio_video |= matches!(
                record.media_type.form(),
                EvidenceForm::Audio | EvidenceForm::Video
            );
        }
        Ok(audio_video)
    }

    /// Replaces the command's audio/video claims by what its evidence shows.
    pub(super) async fn settle_evidence(
        tx: &mut dyn Tx,
        org: &OrgUnit,
        case_id: Id,
        command: &mut Command,
    ) -> AppResult<()> {
        use case::coercive::MeasureCommand;
        match command {
            Command::RecordStep {
                evidence_ids,
                audio_video,
                ..
            } => {
                *audio_video = Self::checked_evidence(tx, org, evidence_ids).await?;
            }
            Command::RecordEducation {
                evidence_id,
                commitment_id,
            } => {
                let ids: Vec<Id> = std::iter::once(*evidence_id)
                    .chain(*commitment_id)
                    .collect();
                Self::checked_evidence(tx, org, &ids).await?;
            }
            Command::Measure {
                command:
                    MeasureCommand::Apply {
                        record_id,
                        evidence_ids,
                        audio_video,
                        ..
                    },
            } => {
                let ids: Vec<Id> = record_id
                    .iter()
                    .chain(evidence_ids.iter())
                    .copied()
                    .collect();
                *audio_video = Self::checked_evidence(tx, org, &ids).await?;
            }
            Command::Measure {
                command:
                    MeasureCommand::Execute {
                        evidence_ids,
                        audio_video,
                        ..
                    },
            } => {
                *audio_video = Self::checked_evidence(tx, org, evidence_ids).await?;
            }
            Command::SignDocument {
                document_id,
                document,
                evidence_id,
                ..
            } => {
                Self::checked_evidence(tx, org, &[*evidence_id]).await?;
                // The document is the case's own, and its kind is as issued.
                let issued = tx
                    .document(*document_id)
                    .await?
                    .filter(|d| d.case_id == Some(case_id))
                    .ok_or_else(|| AppError::invalid("document_id", "本案没有该文书"))?;
                *document =
                    zhifa_domain::documents::DocRef::parse(&issued.kind).ok_or_else(|| {
                        AppError::Internal(format!("document {document_id} of unknown kind"))
                    })?;
            }
            _ => {}
        }
        Ok(())
    }

    /// What the workflow needs looked up for `command`.
    pub(super) async fn facts_for(
        &self,
        tx: &mut dyn Tx,
        org: &OrgUnit,
        case: &Case,
        command: &Command,
    ) -> AppResult<Facts> {
        use case::coercive::MeasureCommand;
        let officer_ids: Vec<Id> = match command {
            Command::AssignOfficers { officer_ids } | Command::RecordStep { officer_ids, .. } => {
                officer_ids.clone()
            }
            Command::Measure {
                command:
                    MeasureCommand::Apply { officer_ids, .. }
                    | MeasureCommand::Execute { officer_ids, .. },
            } => officer_ids.clone(),
            Command::File => case.officers.iter().map(|o| o.user_id).collect(),
            _ => Vec::new(),
        };
        let competence = match command {
            Command::File => {
                Some(Self::competence(tx, org, case.matter.item_id, case.act.occurred_on).await?)
            }
            _ => None,
        };
        let proposal = match command {
            Command::Conclude {
                discretion: Some(choice),
                ..
            } => Some(proposal_for(case, choice)?),
            _ => None,
        };
        Ok(Facts {
            officers: Self::standings(tx, org, &officer_ids).await?,
            competence,
            proposal,
            party_age: None,
        })
    }
}
