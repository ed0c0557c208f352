//! The records (笔录) of the file and the papers of the hearing, the legal review and the
//! collective discussion: each from what the case recorded of that step.

use super::letters::{act_of, address, field, not_yet, officer_line, party_fields, you};
use super::{Agency, DocContent, Extras, written_date};
use crate::case::rules::Step;
use crate::case::{Case, Hearing, Outcome, Review, StepRecord};
use crate::refusal::Refusal;

/// The steps an inspection record (检查笔录) is made of: the inspection itself, taking
/// samples, and the re-inspection after an order to correct.
pub(super) const INSPECTIONS: [Step; 3] =
    [Step::Inspection, Step::Sampling, Step::CorrectionRecheck];

/// The `n`th (from 1) recorded step among `wanted`.
pub(super) fn nth_step<'a>(case: &'a Case, wanted: &[Step], n: usize) -> Option<&'a StepRecord> {
    case.steps
        .iter()
        .filter(|s| wanted.contains(&s.step))
        .nth(n.checked_sub(1)?)
}

/// The officers of a step, with their certificates, as the record names them.
fn step_officers(case: &Case, extras: &Extras, step: &StepRecord) -> String {
    step.officer_ids
        .iter()
        .map(|id| {
            case.officers
                .iter()
                .find(|o| o.user_id == *id)
                .map(officer_line)
                .unwrap_or_else(|| extras.name(*id))
        })
        .collect::<Vec<_>>()
        .join("、")
}

fn audio_video_line(step: &StepRecord) -> String {
    match (&step.audio_video, &step.av_exception) {
        (true, _) => "已进行音像记录".to_string(),
        (false, Some(why)) => format!("未进行音像记录，原因：{why}"),
        (false, None) => "未进行音像记录".to_string(),
    }
}

fn shown_line(step: &StepRecord) -> &'static str {
    if step.certificate_shown {
        "执法人员已出示行政执法证件，表明身份"
    } else {
        "未记录出示执法证件（已提交监督）"
    }
}

/// 现场检查（勘验）笔录: one per inspection, sampling or re-inspection.
pub(super) fn inspection(
    case: &Case,
    extras: &Extras,
    n: usize,
    doc: &mut DocContent,
) -> Result<(), Refusal> {
    let step = nth_step(case, &INSPECTIONS, n)
        .ok_or_else(|| not_yet(doc.kind, "没有这一次现场检查（勘验）的记录"))?;
    doc.date = written_date(step.on);
    doc.fields.push(field("案由", case.matter.name.clone()));
    doc.fields
        .push(field("检查（勘验）类别", step.step.label()));
    doc.fields
        .push(field("检查（勘验）日期", written_date(step.on)));
    doc.fields.push(field(
        "检查（勘验）地点",
        address(&case.party).unwrap_or("当事人现场"),
    ));
    doc.fields
        .push(field("检查人员", step_officers(case, extras, step)));
    doc.fields.extend(party_fields(&case.party));
    doc.fields.push(field("表明身份", shown_line(step)));
    doc.fields.push(field("音像记录", audio_video_line(step)));
    doc.fields.push(field(
        "提取证据",
        format!("{}份（证据编号 {}）", step.evidence_ids.len(), ids(step)),
    ));
    doc.paragraphs
        .push(format!("检查（勘验）情况：{}", step.note.trim()));
    doc.paragraphs
        .push("以上笔录已交被检查人核对（或向其宣读），与事实相符。".to_string());
    doc.signatures = vec![
        "被检查人（见证人）签名：".to_string(),
        "检查人员签名：".to_string(),
        "记录人签名：".to_string(),
    ];
    Ok(())
}

fn ids(step: &StepRecord) -> String {
    step.evidence_ids
        .iter()
        .map(|id| id.to_string())
        .collect::<Vec<_>>()
        .join("、")
}

/// 询问（调查）笔录: one per interview, with the rights the party is told at the start.
pub(super) fn interview(
    case: &Case,
    extras: &Extras,
    n: usize,
    doc: &mut DocContent,
) -> Result<(), Refusal> {
    let step = nth_step(case, &[Step::Interview], n)
        .ok_or_else(|| not_yet(doc.kind, "没有这一次询问的记录"))?;
    doc.date = written_date(step.on);
    doc.fields.push(field("案由", case.matter.name.clone()));
    doc.fields.push(field("询问日期", written_date(step.on)));
    doc.fields
        .push(field("询问人", step_officers(case, extras, step)));
    doc.fields.extend(party_fields(&case.party));
    if let Some(phone) = case.party.phone() {
        doc.fields.push(field("联系电话", phone.to_string()));
    }
    doc.fields.push(field("表明身份", shown_line(step)));
    doc.fields.push(field("音像记录", audio_video_line(step)));
    doc.paragraphs.push(format!(
        "告知：我们是{}的行政执法人员，现依法就{}涉嫌{}一事进行调查，请{}如实回答问题。{}有权进行陈述和申辩；认为执法人员与本案有直接利害关系的，有权申请回避（《中华人民共和国行政处罚法》第四十三条、第五十五条）。",
        doc.agency,
        you(&case.party),
        act_of(case),
        you(&case.party),
        you(&case.party)
    ));
    doc.paragraphs
        .push(format!("询问内容：{}", step.note.trim()));
    doc.paragraphs
        .push("以上笔录已交被询问人核对（或向其宣读），与所述相符。".to_string());
    doc.signatures = vec![
        "被询问人签名：".to_string(),
        "询问人签名：".to_string(),
        "记录人签名：".to_string(),
    ];
    Ok(())
}

/// 行政处罚听证告知书: the right to ask for a hearing and its five days.
pub(super) fn hearing_rights(
    case: &Case,
    agency: &Agency,
    doc: &mut DocContent,
) -> Result<(), Refusal> {
    let notice = case
        .notice
        .as_ref()
        .ok_or_else(|| not_yet(doc.kind, "尚未事先告知"))?;
    let due = notice
        .hearing_due
        .ok_or_else(|| not_yet(doc.kind, "拟作出的处罚不属于当事人有权要求听证的范围"))?;
    doc.date = written_date(notice.served_on);
    doc.addressee = format!("{}：", case.party.name());
    doc.paragraphs.push(format!(
        "本机关拟对{}作出{}的行政处罚。根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，{}有权要求举行听证。",
        you(&case.party),
        notice.penalty.describe(),
        you(&case.party)
    ));
    doc.paragraphs.push(format!(
        "如要求听证，请于{}前向本机关提出；逾期未提出的，视为放弃听证的权利。听证不收取费用。",
        written_date(due)
    ));
    doc.paragraphs.push(format!("联系机关：{}。", agency.name));
    Ok(())
}

/// 行政处罚听证通知书: the time and place, seven days ahead, and who chairs.
pub(super) fn hearing_notice(
    case: &Case,
    agency: &Agency,
    extras: &Extras,
    doc: &mut DocContent,
) -> Result<(), Refusal> {
    let Hearing::Scheduled {
        date,
        notified_on,
        chair_id,
    } = &case.hearing
    else {
        return Err(not_yet(doc.kind, "尚未安排听证"));
    };
    doc.date = written_date(*notified_on);
    doc.addressee = format!("{}：", case.party.name());
    doc.paragraphs.push(format!(
        "根据{}的听证申请，本机关定于{}在{}对{}一案举行听证，由{}主持。",
        you(&case.party),
        written_date(*date),
        agency.name,
        case.matter.name,
        extras.name(*chair_id)
    ));
    doc.paragraphs.push(format!(
        "{}可以亲自参加听证，也可以委托一至二人代理；认为主持人与本案有直接利害关系的，有权申请回避。无正当理由拒不出席或者未经许可中途退出听证的，视为放弃听证权利（《中华人民共和国行政处罚法》第六十四条）。",
        you(&case.party)
    ));
    doc.paragraphs
        .push("参加听证时请携带身份证明；委托代理人的，请携带授权委托书。".to_string());
    Ok(())
}

/// 听证笔录 (R-41: the record is signed by the parties; the decision rests on it).
pub(super) fn hearing_record(
    case: &Case,
    extras: &Extras,
    doc: &mut DocContent,
) -> Result<(), Refusal> {
    let Hearing::Held {
        on,
        summary,
        chair_id,
    } = &case.hearing
    else {
        return Err(not_yet(doc.kind, "尚未举行听证"));
    };
    doc.date = written_date(*on);
    doc.fields.push(field("案由", case.matter.name.clone()));
    doc.fields.push(field("听证日期", written_date(*on)));
    doc.fields.push(field(
        "听证主持人",
        chair_id.map(|id| extras.name(id)).unwrap_or_default(),
    ));
    doc.fields.push(field(
        "案件调查人员",
        case.officers
            .iter()
            .map(officer_line)
            .collect::<Vec<_>>()
            .join("、"),
    ));
    doc.fields.extend(party_fields(&case.party));
    if let Some(notice) = &case.notice {
        doc.fields
            .push(field("拟作出的行政处罚", notice.penalty.describe()));
    }
    doc.paragraphs.push(format!("听证情况：{}", summary.trim()));
    doc.paragraphs.push(
        "听证笔录已交当事人审核无误（《中华人民共和国行政处罚法》第六十四条第八项）。".to_string(),
    );
    doc.signatures = vec![
        "当事人（代理人）签名：".to_string(),
        "案件调查人员签名：".to_string(),
        "听证主持人签名：".to_string(),
        "记录人签名：".to_string(),
    ];
    Ok(())
}

/// 重大行政执法决定法制审核意见书: what was reviewed, by whom, and the opinion.
pub(super) fn review_opinion(
    case: &Case,
    extras: &Extras,
    doc: &mut DocContent,
) -> Result<(), Refusal> {
    let (on, reviewer_id, opinion, passed) = match &case.review {
        Review::Passed {
            on,
            reviewer_id,
            opinion,
        } => (on, reviewer_id, opinion, true),
        Review::Returned {
            on,
            reviewer_id,
            opinion,
        } => (on, reviewer_id, opinion, false),
        _ => return Err(not_yet(doc.kind, "法制审核尚未完成")),
    };
    doc.date = written_date(*on);
    doc.fields.push(field("案由", case.matter.name.clone()));
    doc.fields.extend(party_fields(&case.party));
    if let Some(c) = &case.conclusion {
        doc.fields.push(field("拟处理意见", proposed(&c.proposed)));
    }
    doc.fields.push(field("审核日期", written_date(*on)));
    doc.fields
        .push(field("法制审核人员", extras.name(*reviewer_id)));
    doc.paragraphs.push(
        "审核内容：执法主体资格与权限，程序是否合法，事实是否清楚、证据是否确凿，适用法律依据与裁量是否适当，执法文书是否规范，是否涉嫌犯罪需要移送司法机关（《行政处罚法》第五十八条）。"
            .to_string(),
    );
    doc.paragraphs.push(format!(
        "审核结论：{}。{}",
        if passed {
            "同意，可以作出决定"
        } else {
            "退回承办机构补充、纠正"
        },
        opinion.trim()
    ));
    doc.signatures = vec!["法制审核人员签名：".to_string()];
    Ok(())
}

/// 案件集体讨论记录: who took part and what they concluded.
pub(super) fn discussion(
    case: &Case,
    extras: &Extras,
    doc: &mut DocContent,
) -> Result<(), Refusal> {
    let d = case
        .discussion
        .as_ref()
        .ok_or_else(|| not_yet(doc.kind, "尚未集体讨论"))?;
    doc.date = written_date(d.on);
    doc.fields.push(field("案由", case.matter.name.clone()));
    doc.fields.push(field("当事人", case.party.name()));
    doc.fields.push(field("讨论日期", written_date(d.on)));
    doc.fields.push(field(
        "参加人员",
        d.attendee_ids
            .iter()
            .map(|id| extras.name(*id))
            .collect::<Vec<_>>()
            .join("、"),
    ));
    if let Some(c) = &case.conclusion {
        doc.paragraphs
            .push(format!("案件承办人汇报：{}", c.findings.trim()));
        doc.paragraphs
            .push(format!("拟处理意见：{}。", proposed(&c.proposed)));
    }
    if let Review::Passed { opinion, .. } | Review::Returned { opinion, .. } = &case.review {
        doc.paragraphs
            .push(format!("法制审核意见：{}", opinion.trim()));
    }
    doc.paragraphs
        .push(format!("讨论结论：{}", d.conclusion.trim()));
    doc.signatures = vec!["参加人员签名：".to_string(), "记录人签名：".to_string()];
    Ok(())
}

fn proposed(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Punish { penalty } => format!("给予{}", penalty.describe()),
        Outcome::NotPunish { ground } => format!("不予行政处罚（{}）", ground.label()),
        Outcome::TransferCrime { to } => format!("移送{to}"),
    }
}
