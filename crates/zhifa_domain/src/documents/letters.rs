//! The letters and forms of a case's main path — filing, the order to correct, the prior
//! notice, the decisions, service, transfer, closing — and the helpers the other kinds share.

use super::{Agency, DocContent, DocKind, Field, written_date};
use crate::case::{AssignedOfficer, Case, Outcome, PenaltyKind, Procedure, ServiceMethod, Stage};
use crate::party::Party;
use crate::refusal::Refusal;

/// 《行政处罚法》第五十九条: what a decision letter must state.
pub const R37_DECISION_CONTENT: &str = "《行政处罚法》第五十九条";
/// 《行政处罚法》第五十二条: what an on-the-spot decision must state.
pub const R28_ON_THE_SPOT_CONTENT: &str = "《行政处罚法》第五十二条";
/// Remedies as decisions state them: 《行政复议法》第二十条 (60 days), 《行政诉讼法》第四十六条
/// (6 months).
pub(super) const REMEDIES_DAYS: (&str, &str) = ("六十日", "六个月");

pub(super) fn not_yet(kind: DocKind, why: &str) -> Refusal {
    Refusal::new(
        "document.not_available",
        format!("案件尚不能出具《{}》：{why}", kind.title()),
    )
}

pub(super) fn missing(kind: DocKind, item: &str, basis: &'static str) -> Refusal {
    Refusal::new(
        "document.missing_content",
        format!("《{}》缺少法定内容：{item}，不能出具", kind.title()),
    )
    .citing(basis)
}

pub(super) fn field(label: &str, value: impl Into<String>) -> Field {
    Field {
        label: label.to_string(),
        value: value.into(),
    }
}

/// The act a matter punishes, as a sentence names it: 对随意倾倒垃圾的行政处罚 → 随意倾倒垃圾.
pub(super) fn act_of(case: &Case) -> &str {
    let matter = case.matter.name.trim_start_matches('对');
    matter.strip_suffix("的行政处罚").unwrap_or(matter)
}

/// An officer as documents name one: 李明（执法证号 51…）.
pub(super) fn officer_line(o: &AssignedOfficer) -> String {
    format!("{}（执法证号 {}）", o.name, o.certificate_number)
}

pub(super) fn you(party: &Party) -> &'static str {
    if party.is_natural() {
        "你"
    } else {
        "你单位"
    }
}

pub(super) fn address(party: &Party) -> Option<&str> {
    match party {
        Party::Natural { address, .. } | Party::Organisation { address, .. } => {
            address.as_deref().map(str::trim).filter(|a| !a.is_empty())
        }
    }
}

/// The party as a decision names it: name, identity or credit code, representative, address.
pub(super) fn party_fields(party: &Party) -> Vec<Field> {
    let mut out = vec![field("当事人", party.name())];
    match party {
        Party::Natural { id_number, .. } => {
            if let Some(id) = id_number {
                out.push(field("身份证号码", id.to_string()));
            }
        }
        Party::Organisation {
            credit_code,
            legal_representative,
            ..
        } => {
            out.push(field("统一社会信用代码", credit_code.to_string()));
            out.push(field("法定代表人（负责人）", legal_representative.clone()));
        }
    }
    if let Some(a) = address(party) {
        out.push(field("住所（地址）", a));
    }
    out
}

/// The evidence the record holds, by the steps that produced it.
pub(super) fn evidence_summary(case: &Case) -> String {
    let items: Vec<String> = case
        .steps
        .iter()
        .filter(|s| !s.evidence_ids.is_empty())
        .map(|s| {
            let av = if s.audio_video {
                "（含音像记录）"
            } else {
                ""
            };
            format!(
                "{}{}记录{}份{av}",
                written_date(s.on),
                s.step.label(),
                s.evidence_ids.len()
            )
        })
        .collect();
    items.join("；")
}

pub(super) fn filing_approval(case: &Case, doc: &mut DocContent) -> Result<(), Refusal> {
    if matches!(case.stage, Stage::TransferredOut | Stage::NotFiled) && case.filed_on.is_none() {
        return Err(not_yet(doc.kind, "案件未立案"));
    }
    doc.fields.push(field("案由", case.matter.name.clone()));
    doc.fields.push(field("案源", case.source.clone()));
    doc.fields.extend(party_fields(&case.party));
    doc.fields.push(field(
        "违法行为发生日期",
        written_date(case.act.occurred_on),
    ));
    doc.fields.push(field("简要案情", case.facts.clone()));
    doc.fields
        .push(field("涉嫌违反的规定", case.matter.legal_basis.clone()));
    doc.fields
        .push(field("登记日期", written_date(case.registered_on)));
    let officers: Vec<String> = case.officers.iter().map(officer_line).collect();
    doc.fields.push(field("承办人", officers.join("、")));
    doc.fields.push(field(
        "负责人审批意见",
        match case.filed_on {
            Some(d) => format!("同意立案。{}", written_date(d)),
            None => "（待审批）".to_string(),
        },
    ));
    Ok(())
}

pub(super) fn correction_order(case: &Case, doc: &mut DocContent) -> Result<(), Refusal> {
    let correction = case
        .correction
        .as_deref()
        .ok_or_else(|| not_yet(doc.kind, "尚未责令改正"))?;
    doc.addressee = format!("{}：", case.party.name());
    doc.paragraphs.push(format!(
        "经查，{}{}。上述行为违反了{}的规定。",
        you(&case.party),
        case.facts.trim_end_matches('。'),
        case.matter.legal_basis
    ));
    doc.paragraphs.push(format!(
        "根据《中华人民共和国行政处罚法》第二十八条第一款的规定，现责令{}：{}。",
        you(&case.party),
        correction.trim_end_matches('。')
    ));
    Ok(())
}

pub(super) fn remedies(agency: &Agency, from: &str) -> String {
    format!(
        "如不服本决定，可以在{from}起{}内向{}申请行政复议，或者在{}内依法向{}提起行政诉讼。",
        REMEDIES_DAYS.0, agency.review_body, REMEDIES_DAYS.1, agency.court
    )
}

pub(super) fn penalty_notice(
    case: &Case,
    agency: &Agency,
    doc: &mut DocContent,
) -> Result<(), Refusal> {
    let notice = case
        .notice
        .as_ref()
        .ok_or_else(|| not_yet(doc.kind, "尚未事先告知"))?;
    doc.addressee = format!("{}：", case.party.name());
    let findings = case
        .conclusion
        .as_ref()
        .map(|c| c.findings.as_str())
        .unwrap_or(case.facts.as_str());
    doc.paragraphs.push(format!(
        "经查明：{}。以上事实有{}等证据证实。",
        findings.trim_end_matches('。'),
        nonempty(evidence_summary(case), "现场检查记录")
    ));
    doc.paragraphs.push(format!(
        "{}的上述行为违反了{}的规定。本机关拟对{}作出如下行政处罚：{}。",
        you(&case.party),
        case.matter.legal_basis,
        you(&case.party),
        notice.penalty.describe()
    ));
    let mut rights = format!(
        "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，{}有权进行陈述和申辩，请于{}前向本机关提出；逾期未提出的，视为放弃此权利。",
        you(&case.party),
        written_date(notice.statement_due)
    );
    if let Some(due) = notice.hearing_due {
        rights.push_str(&format!(
            "根据该法第六十三条、第六十四条的规定，{}有权要求听证，请于{}前向本机关提出。",
            you(&case.party),
            written_date(due)
        ));
    }
    doc.paragraphs.push(rights);
    doc.paragraphs.push(format!("联系机关：{}。", agency.name));
    Ok(())
}

pub(super) fn nonempty(text: String, otherwise: &str) -> String {
    if text.is_empty() {
        otherwise.to_string()
    } else {
        text
    }
}

pub(super) fn penalty_decision(
    case: &Case,
    agency: &Agency,
    doc: &mut DocContent,
) -> Result<(), Refusal> {
    let kind = doc.kind;
    let decision = case
        .decision
        .as_ref()
        .filter(|_| case.procedure == Procedure::General)
        .ok_or_else(|| not_yet(kind, "尚未作出行政处罚决定"))?;
    let Outcome::Punish { penalty } = &decision.outcome else {
        return Err(not_yet(kind, "决定不是给予行政处罚"));
    };
    // R-37, item by item.
    if case.party.name().is_empty() {
        return Err(missing(kind, "当事人的姓名或者名称", R37_DECISION_CONTENT));
    }
    if address(&case.party).is_none() {
        return Err(missing(kind, "当事人的地址", R37_DECISION_CONTENT));
    }
    let findings = case
        .conclusion
        .as_ref()
        .map(|c| c.findings.trim())
        .filter(|f| !f.is_empty())
        .ok_or_else(|| missing(kind, "违反法律、法规、规章的事实", R37_DECISION_CONTENT))?;
    let evidence = evidence_summary(case);
    if evidence.is_empty() {
        return Err(missing(kind, "证据", R37_DECISION_CONTENT));
    }
    if case.matter.legal_basis.trim().is_empty() {
        return Err(missing(kind, "行政处罚的依据", R37_DECISION_CONTENT));
    }
    if decision.number.trim().is_empty() {
        return Err(missing(kind, "文号", R37_DECISION_CONTENT));
    }
    doc.number = decision.number.clone();
    doc.date = written_date(decision.on);
    doc.fields = party_fields(&case.party);
    doc.paragraphs
        .push(format!("经查明：{}。", findings.trim_end_matches('。')));
    doc.paragraphs
        .push(format!("以上事实有以下证据证明：{evidence}。"));
    if let Some(notice) = &case.notice {
        doc.paragraphs.push(format!(
            "本机关于{}向{}送达了行政处罚事先告知书，告知了拟作出行政处罚的内容及事实、理由、依据，以及{}依法享有的陈述、申辩{}权利。{}",
            written_date(notice.served_on),
            you(&case.party),
            you(&case.party),
            if notice.hearing_due.is_some() { "、要求听证" } else { "" },
            match &case.statement {
                Some(s) if s.defended => format!("{}进行了陈述、申辩：{}。", you(&case.party), s.summary.trim_end_matches('。')),
                _ => format!("{}在规定期限内未提出陈述、申辩。", you(&case.party)),
            }
        ));
    }
    if let Some(reasoning) = case
        .conclusion
        .as_ref()
        .and_then(|c| c.reasoning.as_deref())
    {
        doc.paragraphs.push(reasoning.to_string());
    }
    doc.paragraphs.push(format!(
        "{}的上述行为违反了{}的规定。依据上述规定，本机关决定对{}给予如下行政处罚：{}。",
        you(&case.party),
        case.matter.legal_basis,
        you(&case.party),
        penalty_text(penalty)
    ));
    if let Some(c) = &decision.correction {
        doc.paragraphs.push(format!(
            "同时责令{}：{}。",
            you(&case.party),
            c.trim_end_matches('。')
        ));
    }
    if let Some(fine) = penalty.fine_amount() {
        doc.paragraphs.push(format!(
            "{}应当自收到本决定书之日起十五日内，将罚款{}（{}）缴至{}。到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额（《中华人民共和国行政处罚法》第六十七条、第七十二条）。",
            you(&case.party),
            fine,
            fine.to_chinese_capital(),
            agency.payment_place
        ));
    } else {
        doc.paragraphs.push(format!(
            "本决定自送达之日起生效，{}应当自觉履行。",
            you(&case.party)
        ));
    }
    doc.paragraphs.push(remedies(agency, "收到本决定书之日"));
    doc.paragraphs.push(
        "在行政复议或者行政诉讼期间，本决定不停止执行（法律另有规定的除外）。逾期不申请行政复议、不提起行政诉讼又不履行本决定的，本机关将依法申请人民法院强制执行。".to_string(),
    );
    Ok(())
}

pub(super) fn penalty_text(penalty: &crate::case::Penalty) -> String {
    penalty
        .kinds
        .iter()
        .map(|k| match k {
            PenaltyKind::Fine { amount } => {
                format!("罚款{}（{}）", amount, amount.to_chinese_capital())
            }
            other => other.label(),
        })
        .collect::<Vec<_>>()
        .join("；")
}

pub(super) fn no_penalty_decision(
    case: &Case,
    agency: &Agency,
    doc: &mut DocContent,
) -> Result<(), Refusal> {
    let kind = doc.kind;
    let decision = case
        .decision
        .as_ref()
        .ok_or_else(|| not_yet(kind, "尚未作出决定"))?;
    let Outcome::NotPunish { ground } = &decision.outcome else {
        return Err(not_yet(kind, "决定不是不予行政处罚"));
    };
    doc.addressee = String::new();
    doc.fields = party_fields(&case.party);
    doc.date = written_date(decision.on);
    let findings = case
        .conclusion
        .as_ref()
        .map(|c| c.findings.as_str())
        .unwrap_or(case.facts.as_str());
    doc.paragraphs.push(format!(
        "经查明：{}。上述行为违反了{}的规定。",
        findings.trim_end_matches('。'),
        case.matter.legal_basis
    ));
    doc.paragraphs.push(format!(
        "鉴于{}，依据{}的规定，本机关决定对{}不予行政处罚。",
        ground.label(),
        ground.basis(),
        you(&case.party)
    ));
    if let Some(c) = &decision.correction {
        doc.paragraphs.push(format!(
            "同时责令{}：{}。",
            you(&case.party),
            c.trim_end_matches('。')
        ));
    }
    if ground.needs_education() {
        doc.paragraphs.push(format!(
            "本机关已对{}进行教育，{}应当严格遵守相关法律规定。",
            you(&case.party),
            you(&case.party)
        ));
    }
    doc.paragraphs.push(remedies(agency, "收到本决定书之日"));
    if doc.number.is_empty() {
        doc.number = decision.number.clone();
    }
    Ok(())
}

pub(super) fn on_the_spot_decision(
    case: &Case,
    agency: &Agency,
    doc: &mut DocContent,
) -> Result<(), Refusal> {
    let kind = doc.kind;
    let decision = case
        .decision
        .as_ref()
        .filter(|_| case.procedure == Procedure::Simplified)
        .ok_or_else(|| not_yet(kind, "不是当场作出的行政处罚决定"))?;
    let Outcome::Punish { penalty } = &decision.outcome else {
        return Err(not_yet(kind, "决定不是给予行政处罚"));
    };
    if case.officers.is_empty() {
        return Err(missing(kind, "执法人员", R28_ON_THE_SPOT_CONTENT));
    }
    if case.matter.legal_basis.trim().is_empty() {
        return Err(missing(kind, "行政处罚的依据", R28_ON_THE_SPOT_CONTENT));
    }
    doc.number = decision.number.clone();
    doc.date = written_date(decision.on);
    doc.fields = party_fields(&case.party);
    doc.fields.push(field(
        "违法行为发生时间、地点",
        format!(
            "{}，{}",
            written_date(case.act.occurred_on),
            address(&case.party).unwrap_or("现场")
        ),
    ));
    doc.fields.push(field("违法事实", case.facts.clone()));
    doc.fields.push(field(
        "违反的规定及处罚依据",
        case.matter.legal_basis.clone(),
    ));
    doc.fields.push(field("行政处罚", penalty_text(penalty)));
    if let Some(fine) = penalty.fine_amount() {
        doc.fields.push(field(
            "履行方式和期限",
            format!(
                "自收到本决定书之日起十五日内将罚款{}缴至{}（依法当场收缴的，由执法人员出具专用票据）",
                fine, agency.payment_place
            ),
        ));
    }
    doc.fields.push(field(
        "执法人员",
        case.officers
            .iter()
            .map(officer_line)
            .collect::<Vec<_>>()
            .join("、"),
    ));
    doc.paragraphs.push(format!(
        "执法人员已当场告知{}拟作出行政处罚的事实、理由和依据，并告知{}依法享有陈述、申辩的权利。",
        you(&case.party),
        you(&case.party)
    ));
    doc.paragraphs.push(remedies(agency, "收到本决定书之日"));
    doc.signatures = vec!["当事人签名：".to_string(), "执法人员签名：".to_string()];
    Ok(())
}

pub(super) fn service_receipt(case: &Case, doc: &mut DocContent) -> Result<(), Refusal> {
    let decision = case
        .decision
        .as_ref()
        .ok_or_else(|| not_yet(doc.kind, "尚无需要送达的决定书"))?;
    let title = match (&decision.outcome, case.procedure) {
        (_, Procedure::Simplified) => DocKind::OnTheSpotDecision.title(),
        (Outcome::NotPunish { .. }, _) => DocKind::NoPenaltyDecision.title(),
        _ => DocKind::PenaltyDecision.title(),
    };
    doc.fields.push(field(
        "送达文书名称及文号",
        format!("《{title}》{}", decision.number),
    ));
    doc.fields.push(field("受送达人", case.party.name()));
    doc.fields.push(field(
        "送达地点",
        address(&case.party).unwrap_or("").to_string(),
    ));
    let (method, on) = match &case.service {
        Some(s) => (method_label(s.method), written_date(s.on)),
        None => ("", String::new()),
    };
    doc.fields.push(field("送达方式", method));
    doc.fields.push(field("送达时间", on));
    doc.fields.push(field("受送达人签名或盖章", ""));
    doc.fields.push(field(
        "送达人",
        case.officers
            .iter()
            .map(|o| o.name.clone())
            .collect::<Vec<_>>()
            .join("、"),
    ));
    doc.fields.push(field("见证人（留置送达时）", ""));
    doc.fields.push(field("备注", ""));
    Ok(())
}

pub(super) fn method_label(method: ServiceMethod) -> &'static str {
    match method {
        ServiceMethod::Direct => "直接送达",
        ServiceMethod::Retained => "留置送达",
        ServiceMethod::Mail => "邮寄送达",
        ServiceMethod::Electronic => "电子送达（经受送达人同意）",
        ServiceMethod::Announcement => "公告送达",
    }
}

pub(super) fn transfer_letter(case: &Case, doc: &mut DocContent) -> Result<(), Refusal> {
    let to = case
        .transferred_to
        .as_deref()
        .ok_or_else(|| not_yet(doc.kind, "案件未移送"))?;
    doc.addressee = format!("{to}：");
    doc.paragraphs.push(format!(
        "本机关于{}登记的{}一案（当事人：{}），经审查，不属于本机关管辖。根据《中华人民共和国行政处罚法》第二十二条、第二十三条的规定，现将该案移送你单位处理。",
        written_date(case.registered_on),
        case.matter.name,
        case.party.name()
    ));
    doc.paragraphs.push(format!("案情摘要：{}", case.facts));
    doc.paragraphs.push(
        "随案移送：案件登记材料、已收集的证据材料及涉案物品清单。请于收到后出具送达回证；如有异议，请与本机关协商，协商不成的，报请共同的上一级机关指定管辖。".to_string(),
    );
    Ok(())
}

pub(super) fn closing_report(case: &Case, doc: &mut DocContent) -> Result<(), Refusal> {
    let closed = case
        .closed_on
        .ok_or_else(|| not_yet(doc.kind, "案件未结案"))?;
    doc.fields.push(field("案由", case.matter.name.clone()));
    doc.fields.extend(party_fields(&case.party));
    doc.fields.push(field(
        "立案日期",
        case.filed_on.map(written_date).unwrap_or_default(),
    ));
    if let Some(d) = &case.decision {
        let outcome = match &d.outcome {
            Outcome::Punish { penalty } => penalty_text(penalty),
            Outcome::NotPunish { ground } => format!("不予行政处罚（{}）", ground.label()),
            Outcome::TransferCrime { to } => format!("移送{to}"),
        };
        doc.fields
            .push(field("处理决定", format!("{}：{outcome}", d.number)));
    }
    if let Some(to) = &case.transferred_to {
        doc.fields.push(field("移送", to.clone()));
    }
    doc.fields
        .push(field("执行情况", format!("已缴纳{}", case.paid)));
    doc.fields.push(field("结案日期", written_date(closed)));
    Ok(())
}
