//! What the public portal reads, without signing in (事前、事中公开, R-55): each body's powers
//! as of any day, its officers with their certificates, the complaint channels, and the check
//! of a certificate by its number (亮证). Nothing here names a party or shows a phone number.
//!
//! Not here: published decisions (`publicity`), the pages (`zhifa_web::pages::portal`).

use crate::App;
use crate::error::{AppError, AppResult};
use crate::jurisdiction::{HeldPower, powers_held};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;
use zhifa_domain::Id;
use zhifa_domain::catalog::PowerKind;
use zhifa_domain::jurisdiction::CompetenceBasis;
use zhifa_domain::officers::CertificateStatus;
use zhifa_domain::org::{OrgKind, OrgUnit, Role};
use zhifa_domain::publicity::{self, InspectionMode};
use zhifa_store::Tx;

/// A body the portal lists.
#[derive(Debug, Clone, Serialize)]
pub struct PublicBody {
    pub code: String,
    pub name: String,
    /// The full name as it signs, e.g. 示范县城关镇人民政府.
    pub agency: String,
    pub kind_label: &'static str,
    pub township: bool,
}

/// A power as the public reads it.
#[derive(Debug, Clone, Serialize)]
pub struct PublicPower {
    pub code: String,
    pub name: String,
    pub legal_basis: String,
    pub domain: String,
    /// 法定 or 赋权 (with the day it was granted from).
    pub basis: String,
    /// The county department still assists during a transition period.
    pub in_transition: bool,
}

/// An item of the random-inspection list (随机抽查事项清单, R-55, R-64): an inspection power
/// and how it is carried out.
#[derive(Debug, Clone, Serialize)]
pub struct PublicInspection {
    #[serde(flatten)]
    pub power: PublicPower,
    pub mode: InspectionMode,
    pub mode_label: &'static str,
}

/// An officer as the public reads them: name, certificate, domains, validity.
#[derive(Debug, Clone, Serialize)]
pub struct PublicOfficer {
    pub name: String,
    pub body: String,
    pub certificate_number: String,
    pub domains: Vec<String>,
    pub expires_on: NaiveDate,
    pub valid: bool,
    pub status: &'static str,
}

/// The complaint channels.
#[derive(Debug, Clone, Serialize)]
pub struct ComplaintChannels {
    pub phone: String,
    pub email: String,
    pub address: String,
}

/// A body's page before enforcement (事前公开).
#[derive(Debug, Clone, Serialize)]
pub struct BodyDisclosure {
    pub body: PublicBody,
    pub as_of: NaiveDate,
    pub powers: Vec<PublicPower>,
    /// The inspection items among the powers, with their mode.
    pub inspections: Vec<PublicInspection>,
    pub inspection_basis: &'static str,
    pub officers: Vec<PublicOfficer>,
    pub complaints: ComplaintChannels,
}

fn kind_label(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::Township => "乡镇（街道）",
        OrgKind::CountyDepartment => "县级部门",
        _ => "机关",
    }
}

impl App {
    async fn public_body(&self, tx: &mut dyn Tx, org: &OrgUnit) -> AppResult<PublicBody> {
        Ok(PublicBody {
            code: org.code.clone(),
            name: org.name.clone(),
            agency: self.agency(tx, org).await?.name,
            kind_label: kind_label(org.kind),
            township: org.kind == OrgKind::Township,
        })
    }

    /// The townships and county departments, townships first: from one read of the bodies,
    /// as the portal's every page lists them.
    pub async fn public_bodies(&self) -> AppResult<Vec<PublicBody>> {
        let all = self.begin_read().await?.orgs().await?;
        let by_id: HashMap<Id, &OrgUnit> = all.iter().map(|o| (o.id, o)).collect();
        let mut orgs: Vec<&OrgUnit> = all
            .iter()
            .filter(|o| matches!(o.kind, OrgKind::Township | OrgKind::CountyDepartment))
            .collect();
        orgs.sort_by_key(|o| (o.kind != OrgKind::Township, o.code.clone()));
        orgs.into_iter()
            .map(|o| {
                let county = o
                    .ancestor_ids()
                    .into_iter()
                    .rev()
                    .filter_map(|id| by_id.get(&id))
                    .find(|a| a.kind == OrgKind::County)
                    .ok_or(AppError::NotFound("所属县"))?;
                Ok(PublicBody {
                    code: o.code.clone(),
                    name: o.name.clone(),
                    agency: self.agency_in(o, county).name,
                    kind_label: kind_label(o.kind),
                    township: o.kind == OrgKind::Township,
                })
            })
            .collect()
    }

    /// The complaint channels the policy publishes.
    pub fn complaint_channels(&self) -> ComplaintChannels {
        let p = &self.policy.publicity;
        ComplaintChannels {
            phone: p.complaint_phone.clone(),
            email: p.complaint_email.clone(),
            address: p.complaint_address.clone(),
        }
    }

    /// The page of the body with `code` as of `on` (today when `None`): the powers it held
    /// that day (a township's statutory and granted items; a department's delegable items,
    /// with the townships holding each), its random-inspection items, its officers and their
    /// certificates as of today, and the complaint channels.
    pub async fn body_disclosure(
        &self,
        code: &str,
        on: Option<NaiveDate>,
    ) -> AppResult<BodyDisclosure> {
        let today = self.clock.today();
        let as_of = on.unwrap_or(today);
        let mut tx = self.begin_read().await?;
        let orgs = tx.orgs().await?;
        let org = orgs
            .iter()
            .find(|o| {
                o.code == code && matches!(o.kind, OrgKind::Township | OrgKind::CountyDepartment)
            })
            .ok_or(AppError::NotFound("机构"))?;
        // Each item of the body's list that day, with what the public reads of it.
        let listed: Vec<(PowerKind, String, PublicPower)> = match org.kind {
            OrgKind::Township => powers_held(&mut *tx, org.id, as_of)
                .await?
                .into_iter()
                .map(|p| {
                    (
                        p.item.item.kind,
                        p.item.item.domain.clone(),
                        public_power(p),
                    )
                })
                .collect(),
            _ => crate::public_powers::department_powers(&mut *tx, org, as_of)
                .await?
                .into_iter()
                .map(|(item, power)| (item.item.kind, item.item.domain, power))
                .collect(),
        };
        let policy = &self.policy.publicity;
        let inspections = listed
            .iter()
            .filter(|(kind, _, _)| *kind == PowerKind::Inspection)
            .map(|(_, domain, power)| {
                let mode = publicity::inspection_mode(domain, policy);
                PublicInspection {
                    power: power.clone(),
                    mode,
                    mode_label: mode.label(),
                }
            })
            .collect();
        let powers = listed.into_iter().map(|(_, _, p)| p).collect();
        let users = tx.users().await?;
        let mut officers: Vec<PublicOfficer> = tx
            .certificates()
            .await?
            .into_iter()
            .filter_map(|c| {
                let u = users
                    .iter()
                    .find(|u| u.id == c.holder_id && u.org_id == org.id && u.active)?;
                (u.role == Role::Officer || u.role == Role::TownshipHead)
                    .then(|| public_officer(c, &u.display_name, &org.name, today))
            })
            .collect();
        officers.sort_by(|a, b| a.certificate_number.cmp(&b.certificate_number));
        Ok(BodyDisclosure {
            body: self.public_body(&mut *tx, org).await?,
            as_of,
            powers,
            inspections,
            inspection_basis: publicity::BASIS_RANDOM_INSPECTION,
            officers,
            complaints: self.complaint_channels(),
        })
    }

    /// The certificate with `number`, as anyone checking an officer sees it (亮证).
    pub async fn check_certificate(&self, number: &str) -> AppResult<PublicOfficer> {
        let number = number.trim();
        let mut tx = self.begin_read().await?;
        let certificate = tx
            .certificates()
            .await?
            .into_iter()
            .find(|c| c.number == number)
            .ok_or(AppError::NotFound("该执法证"))?;
        let holder = tx
            .user(certificate.holder_id)
            .await?
            .ok_or(AppError::NotFound("持证人"))?;
        let org = tx
            .org(holder.org_id)
            .await?
            .ok_or(AppError::NotFound("机构"))?;
        Ok(public_officer(
            certificate,
            &holder.display_name,
            &org.name,
            self.clock.today(),
        ))
    }
}

/// What an officer shows on the phone (亮证): the certificate, and a QR code the party scans
/// to check it on the portal.
#[derive(Debug, Clone, Serialize)]
pub struct Badge {
    pub officer: PublicOfficer,
    pub url: String,
    /// The QR code of `url`, as SVG.
    pub qr_svg: String,
}

impl App {
    /// The badges of the signed-in person's certificates, the valid ones first.
    pub async fn badges(&self, actor: &crate::authz::Actor) -> AppResult<Vec<Badge>> {
        let mut tx = self.begin_read().await?;
        let today = self.clock.today();
        let mut out: Vec<Badge> = tx
            .certificates()
            .await?
            .into_iter()
            .filter(|c| c.holder_id == actor.user.id)
            .map(|c| {
                let officer = public_officer(c, &actor.user.display_name, &actor.org.name, today);
                let query = form_urlencoded::Serializer::new(String::new())
                    .append_pair("number", &officer.certificate_number)
                    .finish();
                let url = format!("{}/portal/officers?{query}", self.documents.public_url);
                Badge {
                    qr_svg: zhifa_docs::qr_svg(&url),
                    officer,
                    url,
                }
            })
            .collect();
        out.sort_by_key(|b| !b.officer.valid);
        Ok(out)
    }
}

/// A document as its verification page shows it, with the page's own check of the proof.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentCheck {
    #[serde(flatten)]
    pub document: crate::documents::DocumentVerification,
    /// The checkpoint carries a valid signature of this log's key, and the entry is in the
    /// tree it commits to: the size of that tree; or what failed.
    pub verdict: Result<u64, String>,
}

impl App {
    /// The document with verification code `code`, its entry checked against the checkpoint
    /// with this log's own public keys (a reader who trusts the keys published elsewhere can
    /// repeat the check with what the page shows).
    pub async fn check_document(&self, code: &str) -> AppResult<DocumentCheck> {
        let document = self.verify_document(code).await?;
        let verdict = match &self.log_keys {
            Some(keys) => {
                let trusted: Vec<_> = keys.signers.iter().map(|s| s.verifier()).collect();
                crate::bundle::check_entry_proof(&document.proof, &trusted)
            }
            None => Err("本服务器未配置日志签名公钥".to_string()),
        };
        Ok(DocumentCheck { document, verdict })
    }
}

fn public_power(p: HeldPower) -> PublicPower {
    let basis = match (p.basis, &p.grant) {
        (CompetenceBasis::Granted, Some(g)) => format!("赋权（{}起）", g.effective_from),
        (CompetenceBasis::Granted, None) => "赋权".to_string(),
        _ => "法定".to_string(),
    };
    PublicPower {
        code: p.item.item.code,
        name: p.item.item.name,
        legal_basis: p
            .item
            .item
            .legal_basis
            .iter()
            .map(|r| r.to_string())
            .collect::<Vec<_>>()
            .join("；"),
        domain: p.item.item.domain,
        basis,
        in_transition: p.in_transition,
    }
}

fn public_officer(
    c: zhifa_domain::officers::Certificate,
    name: &str,
    body: &str,
    today: NaiveDate,
) -> PublicOfficer {
    let status = c.status_on(today);
    PublicOfficer {
        name: name.to_string(),
        body: body.to_string(),
        certificate_number: c.number,
        domains: c.domains,
        expires_on: c.expires_on,
        valid: status == CertificateStatus::Valid,
        status: status.label(),
    }
}
