//! The papers of measures and of dealings with other bodies: evidence registered and kept,
//! sealing or seizure with its list, requests for assistance, a transfer's list and receipt,
//! and the party's commitment letter.

use super::letters::{
    address, evidence_summary, field, missing, not_yet, party_fields, remedies, you,
};
use super::records::nth_step;
use super::{Agency, DocContent, DocKind, Extras, Table, written_date};
use crate::case::rules::Step;
use crate::case::{Case, Outcome};
use crate::refusal::Refusal;

/// 《行政强制法》第二十四条: what a decision to seal or seize must state.
pub const SEIZURE_CONTENT: &str = "《行政强制法》第二十四条";
/// 《行政处罚法》第五十六条: evidence registered and kept, decided on within seven days.
const EVIDENCE_PRESERVATION: &str = "《中华人民共和国行政处罚法》第五十六条";

/// 先行登记保存证据通知书: one per preservation recorded on the case.
pub(super) fn evidence_notice(
    case: &Case,
    agency: &Agency,
    extras: &Extras,
    n: usize,
    doc: &mut DocContent,
) -> Result<(), Refusal> {
    let step = nth_step(case, &[Step::EvidencePreservation], n)
        .ok_or_else(|| not_yet(doc.kind, "没有这一次先行登记保存的记录"))?;
    doc.date = written_date(step.on);
    doc.addressee = format!("{}：", case.party.name());
    doc.paragraphs.push(format!(
        "本机关在调查{}一案中，因证据可能灭失或者以后难以取得，经本机关负责人批准，根据{}的规定，决定对下列证据先行登记保存：{}。",
        case.matter.name,
        EVIDENCE_PRESERVATION,
        step.note.trim().trim_end_matches('。')
    ));
    doc.paragraphs.push(format!(
        "在登记保存期间，{}不得损毁、销毁或者转移上述证据。本机关将在七日内依法作出处理决定。",
        you(&case.party)
    ));
    doc.paragraphs.push(format!(
        "执法人员：{}。联系机关：{}。",
        step.officer_ids
            .iter()
            .map(|id| extras.name(*id))
            .collect::<Vec<_>>()
            .join("、"),
        agency.name
    ));
    doc.signatures = vec!["当事人签名：".to_string()];
    Ok(())
}

/// 查封（扣押）决定书 with its 清单 (行政强制法第二十四条): one per measure.
pub(super) fn seizure(
    case: &Case,
    agency: &Agency,
    n: usize,
    doc: &mut DocContent,
) -> Result<(), Refusal> {
    let kind = doc.kind;
    let m = n
        .checked_sub(1)
        .and_then(|i| case.measures.get(i))
        .ok_or_else(|| not_yet(kind, "没有这一项查封、扣押措施"))?;
    let label = m.kind.label();
    doc.title = format!("{label}决定书");
    if address(&case.party).is_none() {
        return Err(missing(kind, "当事人的地址", SEIZURE_CONTENT));
    }
    if m.items.is_empty() {
        return Err(missing(
            kind,
            &format!("{label}的场所、设施或者财物的名称、数量"),
            SEIZURE_CONTENT,
        ));
    }
    let start = m.started_at.date();
    doc.date = written_date(start);
    doc.fields = party_fields(&case.party);
    doc.paragraphs.push(format!(
        "本机关在调查{}一案中查明：{}。上述行为涉嫌违反{}的规定。",
        case.matter.name,
        case.facts.trim_end_matches('。'),
        case.matter.legal_basis
    ));
    let approval = if m.emergency {
        "因情况紧急，执法人员当场实施后已向本机关负责人报告并补办批准手续（《中华人民共和国行政强制法》第十九条）"
    } else {
        "经本机关负责人批准"
    };
    doc.paragraphs.push(format!(
        "为制止违法行为、防止证据损毁，{approval}，根据《中华人民共和国行政强制法》第九条、第二十二条、第二十三条的规定，本机关决定对{}的下列财物予以{label}（见所附清单）。",
        you(&case.party)
    ));
    let mut term = format!(
        "{label}期限为三十日，自{}起算（《中华人民共和国行政强制法》第二十五条）",
        written_date(start)
    );
    if let Some(ext) = &m.extension {
        term.push_str(&format!(
            "；经本机关负责人于{}批准延长{}日",
            written_date(ext.approved_on),
            ext.days
        ));
    }
    if m.testing_days > 0 {
        term.push_str(&format!(
            "；检测、检验、检疫或者技术鉴定的期间（{}日）不计入{label}期限",
            m.testing_days
        ));
    }
    doc.paragraphs.push(format!(
        "{term}。{label}期间，{}不得擅自启封、转移、隐匿、损毁{label}财物。",
        you(&case.party)
    ));
    if let Some(released) = m.released_on {
        doc.paragraphs.push(format!(
            "（本措施已于{}依法解除。）",
            written_date(released)
        ));
    }
    doc.paragraphs.push(remedies(agency, "收到本决定书之日"));
    doc.tables.push(Table {
        caption: format!("{label}清单"),
        header: ["序号", "名称", "数量", "备注"].map(String::from).to_vec(),
        rows: m
            .items
            .iter()
            .enumerate()
            .map(|(i, it)| {
                vec![
                    (i + 1).to_string(),
                    it.name.clone(),
                    it.quantity.clone(),
                    it.note.clone(),
                ]
            })
            .collect(),
    });
    doc.signatures = vec![
        "当事人签名（清单核对无误）：".to_string(),
        "执法人员签名：".to_string(),
    ];
    Ok(())
}

/// 协助函: one per request recorded on the case (《行政处罚法》第二十六条).
pub(super) fn assistance(
    case: &Case,
    agency: &Agency,
    n: usize,
    doc: &mut DocContent,
) -> Result<(), Refusal> {
    let r = n
        .checked_sub(1)
        .and_then(|i| case.assistance.get(i))
        .ok_or_else(|| not_yet(doc.kind, "没有这一项协助请求"))?;
    doc.date = written_date(r.on);
    doc.addressee = format!("{}：", r.to);
    doc.paragraphs.push(format!(
        "本机关正在办理的{}一案（当事人：{}），因调查取证（执行）需要，根据《中华人民共和国行政处罚法》第二十六条的规定，请贵单位予以协助：{}。",
        case.matter.name,
        case.party.name(),
        r.request.trim_end_matches('。')
    ));
    doc.paragraphs.push(format!(
        "请于收到本函后依法协助办理，并将协助情况函告本机关。联系机关：{}。",
        agency.name
    ));
    Ok(())
}

/// 移送案件涉案物品清单: what goes with a transferred case.
pub(super) fn transfer_inventory(
    case: &Case,
    extras: &Extras,
    doc: &mut DocContent,
) -> Result<(), Refusal> {
    let to = case
        .transferred_to
        .as_deref()
        .ok_or_else(|| not_yet(doc.kind, "案件未移送"))?;
    doc.fields.push(field("移送机关", doc.agency.clone()));
    doc.fields.push(field("接收机关", to));
    doc.fields.push(field(
        "随附文书",
        match extras.number_of(DocKind::TransferLetter) {
            Some(n) => format!("《案件移送书》{n}"),
            None => "《案件移送书》".to_string(),
        },
    ));
    doc.fields.push(field("案由", case.matter.name.clone()));
    doc.fields.push(field("当事人", case.party.name()));
    let mut rows: Vec<Vec<String>> = case
        .measures
        .iter()
        .flat_map(|m| {
            m.items.iter().map(move |it| {
                vec![
                    it.name.clone(),
                    it.quantity.clone(),
                    format!("{}（{}）", m.kind.label(), it.note),
                ]
            })
        })
        .collect();
    let evidence = evidence_summary(case);
    if !evidence.is_empty() {
        rows.push(vec![
            "证据材料".to_string(),
            case.steps
                .iter()
                .map(|s| s.evidence_ids.len())
                .sum::<usize>()
                .to_string()
                + "份",
            evidence,
        ]);
    }
    rows.push(vec![
        "案件登记材料".to_string(),
        "1份".to_string(),
        written_date(case.registered_on),
    ]);
    doc.tables.push(Table {
        caption: "涉案物品及材料".to_string(),
        header: ["序号", "名称", "数量", "说明"].map(String::from).to_vec(),
        rows: rows
            .into_iter()
            .enumerate()
            .map(|(i, mut r)| {
                r.insert(0, (i + 1).to_string());
                r
            })
            .collect(),
    });
    doc.signatures = vec!["移送人签名：".to_string(), "接收人签名：".to_string()];
    Ok(())
}

/// 案件移送书送达回证: what the receiving body signs and returns.
pub(super) fn transfer_receipt(
    case: &Case,
    agency: &Agency,
    extras: &Extras,
    doc: &mut DocContent,
) -> Result<(), Refusal> {
    let to = case
        .transferred_to
        .as_deref()
        .ok_or_else(|| not_yet(doc.kind, "案件未移送"))?;
    let letter = match extras.number_of(DocKind::TransferLetter) {
        Some(n) => format!("《案件移送书》{n}及移送案件涉案物品清单、证据材料"),
        None => "《案件移送书》及移送案件涉案物品清单、证据材料".to_string(),
    };
    doc.fields.push(field("送达文书", letter));
    doc.fields.push(field("移送机关", agency.name.clone()));
    doc.fields.push(field("受送达机关", to));
    doc.fields.push(field("案由", case.matter.name.clone()));
    doc.fields.push(field("送达方式", "直接送达"));
    doc.fields.push(field("接收人签名（盖章）", ""));
    doc.fields.push(field("接收日期", ""));
    doc.paragraphs.push(
        "受移送机关对管辖有异议的，应当与移送机关协商；协商不成的，报请共同的上一级行政机关指定管辖（《中华人民共和国行政处罚法》第二十五条）。"
            .to_string(),
    );
    Ok(())
}

/// 承诺书: the party's signed promise, where a lenient-list ground is proposed or
/// decided.
pub(super) fn commitment(
    case: &Case,
    agency: &Agency,
    doc: &mut DocContent,
) -> Result<(), Refusal> {
    let ground = [
        case.decision.as_ref().map(|d| &d.outcome),
        case.conclusion.as_ref().map(|c| &c.proposed),
    ]
    .into_iter()
    .flatten()
    .find_map(|o| match o {
        Outcome::NotPunish { ground } if ground.needs_commitment() => Some(*ground),
        _ => None,
    })
    .ok_or_else(|| not_yet(doc.kind, "案件不适用免罚清单，无需承诺书"))?;
    let me = if case.party.is_natural() {
        "本人"
    } else {
        "本单位"
    };
    doc.addressee = format!("{}：", agency.name);
    doc.fields = party_fields(&case.party);
    doc.paragraphs.push(format!(
        "{me}因{}，违反了{}的规定。经执法人员教育，{me}已认识到上述行为的违法性及危害。",
        case.facts.trim_end_matches('。'),
        case.matter.legal_basis
    ));
    let correction = case
        .correction
        .as_deref()
        .map(|c| format!("已按要求改正：{}", c.trim_end_matches('。')))
        .unwrap_or_else(|| "已及时改正违法行为".to_string());
    doc.paragraphs.push(format!(
        "{me}{correction}。根据{}（{}）的规定，{me}郑重承诺：一、今后严格遵守相关法律、法规和规章；二、不再发生同类违法行为；三、如再次违反，自愿依法接受处理，并知悉不再适用首违不罚等从宽规定。",
        ground.basis(),
        ground.label()
    ));
    doc.signatures = vec!["承诺人签名（盖章）：".to_string()];
    Ok(())
}
